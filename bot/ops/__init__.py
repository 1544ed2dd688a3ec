"""Running and watching the bot: roles, health, metrics, the operator's /stats, why a start
failed, log set-up (`logs`) and handing freed memory back (`memory`)."""
