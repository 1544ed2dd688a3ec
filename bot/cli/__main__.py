"""`python -m bot.cli …`: the tests and benches start the real command this way."""

from bot.cli.commands import main

raise SystemExit(main())
