"""Running and watching the bot: roles, health, metrics, the operator's /stats."""
