"""Putting a rendered message into the outbox, and reading it back out for sending."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from bot.briefings import Button, Message
from storage import outbox
from storage.models import Outbox

MAX_BUTTON_TEXT = 64
MAX_URL = 2048


def queue_message(
    s: Session,
    chat_id: int,
    message: Message,
    *,
    kind: str,
    now: datetime,
    reply_to: int | None = None,
    message_thread_id: int | None = None,
) -> Outbox:
    """Queue `message` for the chat in the caller's transaction (see storage.outbox.enqueue).

    `now` is real time (the outbox paces by it), not the scheduling clock;
    `message_thread_id` is the forum thread it goes to (None: the chat itself, or General).
    """
    return outbox.enqueue(
        s,
        chat_id,
        kind=kind,
        html=message.html,
        now=now,
        buttons_json=buttons_to_json(message.buttons),
        article_ids=message.article_ids,
        reply_to=reply_to,
        message_thread_id=message_thread_id,
    )


# (chat id, message), or (chat id, message, forum thread id) for a forum topic.
Queued = tuple[int, Message] | tuple[int, Message, int | None]


def queue_messages(s: Session, messages: Sequence[Queued], *, kind: str, now: datetime) -> int:
    """Queue (chat id, message[, thread]) tuples in one INSERT, in order; `now` is real time."""
    return outbox.enqueue_many(
        s,
        [
            {
                "chat_id": chat_id,
                "kind": kind,
                "html": message.html,
                "buttons": buttons_to_json(message.buttons),
                "article_ids": json.dumps(message.article_ids),
                "message_thread_id": thread[0] if thread else None,
            }
            for chat_id, message, *thread in messages
        ],
        now=now,
    )


def buttons_to_json(rows: list[list[Button]]) -> str:
    return json.dumps(
        [[{"text": b.text, "data": b.callback_data, "url": b.url} for b in row] for row in rows],
        ensure_ascii=False,
    )


def message_of(row: Outbox) -> Message:
    """The message a queued row holds."""
    rows = [
        [
            Button(str(b.get("text", ""))[:MAX_BUTTON_TEXT], b.get("data"), b.get("url"))
            for b in row
            if isinstance(b, dict)
        ]
        for row in json.loads(row.buttons or "[]")
        if isinstance(row, list)
    ]
    return Message(row.html, rows, [int(i) for i in json.loads(row.article_ids or "[]")])
