"""/start and /help: the first words a chat gets, the suggested topics, the command list."""

from __future__ import annotations

from bot.briefings.render import Button, Message, clean_text, esc
from bot.buttons import catalog as b
from bot.i18n import N_, _, current, isolate, ngettext, pgettext

# (command, what it does, an example). The descriptions are the command menu's too: Telegram
# shows at most 256 characters, and one line reads best.
COMMANDS: list[tuple[str, str, str]] = [
    ("start", N_("What this bot does"), "/start"),
    ("subscribe", N_("Follow a topic"), "/subscribe Pakistan Afghanistan talks"),
    ("topics", N_("Your topics, with buttons to remove them"), "/topics"),
    ("unsubscribe", N_("Stop following a topic"), "/unsubscribe ECB rates"),
    ("latest", N_("The latest on a story"), "/latest Istanbul talks"),
    ("digest", N_("Send my digest now"), "/digest"),
    (
        "settings",
        N_("Digest time, time zone, days, how often, quiet hours, language"),
        "/settings tz Karachi",
    ),
    ("addsource", N_("Read a feed or news site of your own"), "/addsource https://www.dawn.com/"),
    ("sources", N_("Your own sources, with buttons to remove them"), "/sources"),
    ("removesource", N_("Stop reading one of your sources"), "/removesource 3"),
    ("export", N_("Your sources as an OPML file"), "/export"),
    ("connect", N_("Manage a channel of yours from this chat"), "/connect @mychannel"),
    ("channels", N_("Your channels; switch which chat you manage"), "/channels"),
    ("help", N_("Every command, with examples"), "/help"),
]


# Each suggestion's button carries its key: a list reordered later still follows what it showed.
# The keys are unique across languages, so a press still works after the chat's language changes.
SUGGESTED_TOPICS = {
    "afpak": "Pakistan Afghanistan talks",
    "ecb": "ECB rates -crypto",
    "climate": '"climate summit" OR COP30',
    "ukraine": "Ukraine ceasefire",
    "ai": "artificial intelligence regulation",
    "who": "World Health Organization",
    # Urdu: Pakistan and the region, written as Urdu papers write them.
    "ur_afpak": "پاکستان افغانستان مذاکرات",
    "ur_economy": "معیشت OR آئی ایم ایف",
    "ur_cricket": "پاکستان کرکٹ",
    "ur_kashmir": "کشمیر",
    "ur_floods": "سیلاب OR مون سون",
    "ur_ai": '"مصنوعی ذہانت"',
    # Arabic: the Arab world's running stories.
    "ar_gaza": 'غزة "وقف إطلاق النار"',
    "ar_sudan": "السودان",
    "ar_syria": "سوريا",
    "ar_oil": '"أسعار النفط" OR أوبك',
    "ar_ai": '"الذكاء الاصطناعي"',
    "ar_football": '"كأس العالم"',
    # Persian: Iran and Afghanistan.
    "fa_nuclear": "مذاکرات هسته‌ای",
    "fa_dollar": "قیمت دلار",
    "fa_afghan": "افغانستان",
    "fa_quake": "زلزله",
    "fa_ai": '"هوش مصنوعی"',
    "fa_football": "فوتبال",
    # Turkish: Türkiye's economy, quakes, the talks it hosts.
    "tr_talks": "Pakistan Afganistan görüşmeleri",
    "tr_economy": "enflasyon OR faiz",
    "tr_quake": "deprem",
    "tr_syria": "Suriye",
    "tr_football": '"Süper Lig"',
    "tr_ai": '"yapay zeka"',
    # Spanish: Spain and Latin America.
    "es_ai": '"inteligencia artificial"',
    "es_climate": '"cumbre del clima" OR COP30',
    "es_ukraine": 'Ucrania "alto el fuego"',
    "es_inflation": "inflación",
    "es_elections": "elecciones",
    "es_worldcup": '"Mundial 2026"',
}
# Which suggestions each interface language offers (English's for any other).
SUGGESTIONS_BY_LANGUAGE = {
    code: [key for key in SUGGESTED_TOPICS if key.startswith(f"{code}_")]
    for code in ("ur", "ar", "fa", "tr", "es")
}
SUGGESTIONS_BY_LANGUAGE["en"] = [key for key in SUGGESTED_TOPICS if "_" not in key]


def _suggested() -> list[tuple[str, str]]:
    """(key, topic) for the current chat's language."""
    keys = SUGGESTIONS_BY_LANGUAGE.get(current().code, SUGGESTIONS_BY_LANGUAGE["en"])
    return [(key, SUGGESTED_TOPICS[key]) for key in keys]


OWN_TOPIC = "own"


def welcome(first_name: str | None) -> Message:
    hello = (
        _("Hello, {name}!").format(name=esc(clean_text(first_name, 40)))
        if first_name
        else _("Hello!")
    )
    suggestions = [
        [Button(f"➕ {topic}", callback_data=b.SUGGESTED_TOPIC.data(topic=key))]
        for key, topic in _suggested()
    ]
    own = b.SUGGESTED_TOPIC.data(topic=OWN_TOPIC)
    suggestions.append([Button(pgettext("button", "✍️ Type your own"), callback_data=own)])
    text = _(
        "{hello} I'm <b>newsbrief</b>: I follow the news on the topics you pick and send you "
        "short, honest briefings — a headline, two or three sentences, the source and time — "
        "with ways to read each article without cookie banners.\n\n"
        "Start by following a topic:\n<code>/subscribe Pakistan Afghanistan talks</code>\n\n"
        "Ask for the latest on a story with <code>/latest Istanbul talks</code>. Your digest "
        "arrives once a day at your local time (set it with /settings). /help lists everything."
        "\n\nOr pick a suggested topic:"
    )
    return Message(text.format(hello=hello), suggestions)


def welcome_back(first_name: str | None, topics: int) -> Message:
    """/start from a chat that already follows topics: no first-time tour."""
    hello = (
        _("Welcome back, {name}!").format(name=esc(clean_text(first_name, 40)))
        if first_name
        else _("Welcome back!")
    )
    follow = ngettext(
        "You follow {n} topic (/topics lists it).",
        "You follow {n} topics (/topics lists them).",
        topics,
    ).format(n=topics)
    more = _("/digest sends what is new now; /help lists everything.")
    return Message(f"{hello} {follow} {more}")


def type_your_own() -> Message:
    return Message(
        _(
            "Send <code>/subscribe</code> followed by the words to follow, for example "
            "<code>/subscribe Istanbul talks</code>. Quotes make a phrase, <code>-word</code> "
            "excludes, <code>OR</code> gives alternatives."
        )
    )


def group_welcome() -> Message:
    return Message(
        _(
            "Hello! I'm <b>newsbrief</b>. I send this group short briefings on the topics it "
            "follows and a daily digest. An admin can start with "
            "<code>/subscribe Pakistan Afghanistan talks</code>; /help lists everything."
        )
    )


def help_text() -> Message:
    lines = [_("<b>What I can do</b>")]
    for name, desc, example in COMMANDS:
        # The example is isolated in a right-to-left chat: else the command's "/" sides with
        # the sentence and shows at the wrong end ("subscribe/").
        shown = f"<code>{isolate(esc(example))}</code>"
        # TRANSLATORS: under each command in /help: "for example" and the typed example.
        example_line = _("e.g. {example}").format(example=shown)
        lines.append(f"/{name} — {esc(_(desc))}\n   {example_line}")
    lines.append(
        "\n"
        + _(
            "<b>Topics</b> are words that must all appear: <code>ECB rates -crypto</code> "
            '(minus excludes), <code>"climate summit" OR COP30</code> (quotes for phrases, OR for '
            "alternatives), <code>site:dawn.com Istanbul</code>, <code>lang:de Bundestag</code>. "
            "Case and accents don't matter: Turkiye finds Türkiye.\n\n"
            "<b>Reading options</b> under each article: <i>Read here</i> (the text in this chat), "
            "<i>Clean page</i> (a page without cookies or scripts), <i>Archive</i> (the Wayback "
            "Machine copy) and the original link."
        )
    )
    lines.append(
        "\n"
        + _(
            "<b>Groups and channels.</b> In a group, only admins change topics and settings. In a "
            "group with topics (a forum), <code>/subscribe</code> sent inside a topic sends that "
            "subscription's news there; send it again in another topic to move it. To run a "
            "channel, add me as its admin who can post, then here: "
            "<code>/connect @mychannel</code>. /subscribe, /topics, /unsubscribe, /settings, "
            "/digest, /addsource and /sources then "
            "change the channel; <code>/manage me</code> goes back to this chat, /channels "
            "switches, /disconnect ends it."
        )
    )
    return Message("\n".join(lines))


def command_menu() -> list[tuple[str, str]]:
    """(command, description) for Telegram's command menu, in the current language."""
    return [(name, _(desc)) for name, desc, _example in COMMANDS]
