"""`newsbrief doctor`: checks an installation the way an operator would, one row per check.

Each check is a function that returns `CheckResult`s and never raises; `run_checks` runs them
all and `render_table` prints them. The CLI exits 0 only when every row passed.
"""

from bot.ops.doctor.checks import run_checks
from bot.ops.doctor.results import CheckResult
from bot.ops.doctor.setup import describe_setup, redact_database_url
from bot.ops.doctor.table import render_table

__all__ = ["CheckResult", "describe_setup", "redact_database_url", "render_table", "run_checks"]
