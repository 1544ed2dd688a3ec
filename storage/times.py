"""Time in storage: every datetime column holds an aware instant, kept and returned in UTC.

PostgreSQL stores `timestamp with time zone`, so the session's time zone cannot shift a value;
SQLite has no time zone type and stores the UTC wall-clock time. Either way a read returns an
aware UTC datetime, so no caller has to guess what a naive one meant.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import types
from sqlalchemy.engine import Dialect

from timekeeping import as_utc


class UTCDateTime(types.TypeDecorator[datetime]):
    """An aware datetime column: written as UTC, read back as aware UTC."""

    impl = types.DateTime(timezone=True)
    cache_ok = True

    def coerce_compared_value(self, op: Any, value: Any) -> types.TypeEngine[Any]:
        # `column - timedelta` in SQL is interval arithmetic, not a datetime bind.
        if isinstance(value, timedelta):
            return types.Interval()
        return self

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            # A naive time here is a bug upstream (whose local time?): refuse it loudly.
            raise ValueError(f"naive datetime {value.isoformat()} given to a UTC column")
        return as_utc(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return as_utc(value)
