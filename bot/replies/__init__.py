"""The bot's own words: every reply that isn't a briefing, as Telegram HTML (user text escaped).

One module per seam; callers import the one they need:
  common         refusals, apologies, the "sources unreachable" line, `with_line`
  welcome        /start, /help, the command list and the suggested topics
  topics         /subscribe, /topics, /unsubscribe, breaking-alert headers
  latest         /latest and "more on this story"
  digests        what /digest says besides the digest
  sources        a chat's own sources (/addsource, /sources, OPML)
  feedback       the options under an article
  settings_menu  the /settings menu (its buttons are declared in bot.buttons.catalog)
  channels       channels managed from a private chat
  list_pages     a long list (/topics, /sources) a page at a time, with its ◀ ▶ buttons
"""
