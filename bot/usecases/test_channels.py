"""What people type to name a channel, and how a message looks once it is in a channel."""

import pytest

from bot.briefings import Button, Message
from bot.usecases.channels import broadcast_form, channel_ref


@pytest.mark.parametrize(
    ("typed", "ref"),
    [
        ("@dailywire", "@dailywire"),
        ("  dailywire ", "@dailywire"),
        ("https://t.me/dailywire", "@dailywire"),
        ("t.me/dailywire/1234", "@dailywire"),  # a post link names its channel
        ("https://telegram.me/DailyWire?start=x", "@DailyWire"),
        ("https://t.me/c/1987654321/77", -1001987654321),  # a private channel's post link
        ("-1001987654321", -1001987654321),
        ("1987654321", -1001987654321),  # ids are often shown without their -100
        ("@abc", None),  # too short for a username
        ("@9lives", None),  # usernames start with a letter
        ("<b>hi</b>", None),
        ("drop table; --", None),
        ("", None),
        ("@" + "a" * 5000, None),
    ],
)
def test_channel_names_people_type(typed: str, ref: str | int | None) -> None:
    assert channel_ref(typed) == ref


def test_a_channel_post_keeps_its_links_and_loses_its_buttons() -> None:
    message = Message(
        '<b>1. Talks</b>\n<a href="https://wire.example/a">Original</a>',
        [
            [Button("📖 Read 1", callback_data="rd:1:0"), Button("⋯ 1", callback_data="fb:1")],
            [Button("Open", url="https://wire.example/a")],
        ],
        [1],
    )
    posted = broadcast_form(message)
    assert posted.html == message.html and posted.article_ids == [1]
    assert posted.buttons == [[Button("Open", url="https://wire.example/a")]]
