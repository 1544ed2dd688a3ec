"""The use cases: what a person or a scheduled job asks of the bot, one module per area.

Each use case receives only the collaborators it needs (a database, a clock, the article
views...), never the whole assembly; handlers and jobs call these, and only these reach storage.
"""
