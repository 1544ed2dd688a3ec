"""Every button the bot sends, one declaration each: its prefix, its typed fields, and who may
press it. Handlers listen on these kinds, the guard checks `who` from here, and messages build
their callback_data with `KIND.data(...)`, so a button cannot exist without a permission.

Add a button by declaring it here and registering its handler with `handlers.buttons.on_press`;
the registry-completeness test fails until both are done.
"""

from __future__ import annotations

from bot.buttons.spec import ChatRef, Int, OneOf, Registry, Who, Word
from bot.i18n.translator import LOCALES

BUTTONS = Registry()

ID = Int(0, 2**53)  # a row id (article, story, topic, source, stored payload)
CHANNEL = Int(-(2**53), 2**53)
# The chat a topic, source or settings button changes: the one it was made for. In a private
# chat that manages a channel, an old menu of the other chat is then expired, not misapplied.
CHAT = Int(-(2**53), 2**53)
PAGE = Int(0, 10_000)
WEEKDAY = Int(1, 7)

# Reading: nothing of the chat changes, so anyone in a group may press.
READ = BUTTONS.button("rd", Who.ANYONE, article=ID, page=PAGE)
READ_PAGE = BUTTONS.button("rp", Who.ANYONE, article=ID, page=PAGE)
OPTIONS = BUTTONS.button("fb", Who.ANYONE, article=ID)
WHY_THIS = BUTTONS.button("wy", Who.ANYONE, article=ID)
MORE_LIKE_THIS = BUTTONS.button("ml", Who.ANYONE, article=ID)
STORY_MORE = BUTTONS.button("sm", Who.ANYONE, story=ID)
DIGEST_MORE = BUTTONS.button("dm", Who.ANYONE, topic=ID)
# ◀ ▶ under /topics and /sources: a page shows only what the list command showed. `chat`: whose
# list it is, so a page of another chat (/manage switched since, or forged) expires.
LIST_PAGE = BUTTONS.button(
    "pg", Who.ANYONE, chat=CHAT, listing=OneOf(("topics", "sources")), page=PAGE
)

# What the chat receives: in a group, its admins decide (`chat`: the chat each one changes).
MUTE_STORY_OF = BUTTONS.button("ms", Who.ADMINS, article=ID)
MUTE_OUTLET = BUTTONS.button("mo", Who.ADMINS, article=ID)
FOLLOW_STORY = BUTTONS.button("fs", Who.ADMINS, story=ID)
UNFOLLOW_STORY = BUTTONS.button("uf", Who.ADMINS, story=ID)
MUTE_STORY = BUTTONS.button("mu", Who.ADMINS, story=ID)
UNSUBSCRIBE = BUTTONS.button("unsub", Who.ADMINS, chat=CHAT, topic=ID)
TOPIC_ALERTS = BUTTONS.button("ti", Who.ADMINS, chat=CHAT, topic=ID)
# The words searched live in the database (they may not fit in 64 bytes): `ref` names them.
FOLLOW_SEARCH = BUTTONS.button("fq", Who.ADMINS, stored=True, ref=ID)
SUGGESTED_TOPIC = BUTTONS.button("sg", Who.ADMINS, topic=Word(16))
REMOVE_SOURCE = BUTTONS.button("src", Who.ADMINS, chat=CHAT, source=ID)
DIGEST_ON_OFF = BUTTONS.button("dg", Who.ADMINS, chat=CHAT, state=OneOf(("on", "off")))

# The /settings menu (admins in groups); values are carried as values, checked on use.
SETTINGS_VIEWS = ("main", "time", "zone", "days", "freq", "quiet", "lang", "ui")
SETTINGS_VIEW = BUTTONS.button("set:v", Who.ADMINS, chat=CHAT, view=OneOf(SETTINGS_VIEWS))
SETTINGS_TIME_STEP = BUTTONS.button("set:t", Who.ADMINS, chat=CHAT, minutes=Int(-720, 720))
SETTINGS_TIME = BUTTONS.button("set:at", Who.ADMINS, chat=CHAT, time=Word(4))
SETTINGS_ZONE = BUTTONS.button("set:z", Who.ADMINS, chat=CHAT, zone=Word(40))
SETTINGS_TYPE_CITY = BUTTONS.button("set:zt", Who.ADMINS, chat=CHAT)
SETTINGS_SHARE_LOCATION = BUTTONS.button("set:zl", Who.ADMINS, chat=CHAT)
SETTINGS_DAY = BUTTONS.button("set:d", Who.ADMINS, chat=CHAT, day=WEEKDAY)
SETTINGS_DAYS = BUTTONS.button("set:ds", Who.ADMINS, chat=CHAT, days=OneOf(("all", "wk", "we")))
SETTINGS_WEEKLY_DAY = BUTTONS.button("set:wd", Who.ADMINS, chat=CHAT, day=WEEKDAY)
SETTINGS_FREQUENCY = BUTTONS.button(
    "set:f", Who.ADMINS, chat=CHAT, frequency=OneOf(("daily", "twice", "weekly", "instant"))
)
SETTINGS_QUIET = BUTTONS.button("set:q", Who.ADMINS, chat=CHAT, quiet=Word(12))
SETTINGS_LANGUAGE = BUTTONS.button("set:l", Who.ADMINS, chat=CHAT, language=Word(12))
SETTINGS_NOTE = BUTTONS.button("set:n", Who.ADMINS, chat=CHAT)
# The language the bot speaks in the chat (the news-search language is SETTINGS_LANGUAGE).
SETTINGS_INTERFACE = BUTTONS.button("set:ui", Who.ADMINS, chat=CHAT, language=OneOf(LOCALES))

# Channels, managed from the private chat of the person who connected them.
MANAGE = BUTTONS.button("mg", Who.ASKER, chat=ChatRef())
DISCONNECT = BUTTONS.button("dc", Who.ASKER, chat=CHANNEL)
CONNECT = BUTTONS.button("cn", Who.ASKER, chat=CHANNEL)
