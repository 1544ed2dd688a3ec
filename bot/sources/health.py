"""Whether the news can be reached: how many of the polled sources fail, and since when.

Computed from what the poller stores per source (failures, failing since, last error), so
every process gives the same answer. `sources_health` is the pure judgement; `HealthWatch`
tells the operator's log once when health goes bad and once when it recovers.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from storage import Database, Source

log = logging.getLogger(__name__)
RECENT = timedelta(hours=1)  # the sources polled this recently tell how things are now
DEGRADED_SHARE = 0.5  # this share of recently polled sources failing: the news is unreachable


@dataclass(frozen=True)
class SourceState:
    """What the poller recorded about one enabled source."""

    name: str
    url: str
    last_polled_at: datetime | None
    failures: int
    failing_since: datetime | None
    last_error: str | None

    @property
    def failing(self) -> bool:
        return self.failures > 0


@dataclass(frozen=True)
class SourcesHealth:
    """`failing` of the `total` polled sources fail; `degraded` when most do, since `since`."""

    failing: int
    total: int
    degraded: bool
    since: datetime | None
    failures: tuple[SourceState, ...] = ()

    @property
    def status(self) -> str:
        return "degraded" if self.degraded else "ok"


def sources_health(
    sources: Iterable[SourceState], now: datetime, *, recent: timedelta = RECENT
) -> SourcesHealth:
    """Judge the enabled sources: degraded when at least half of those polled within
    `recent` fail, or when every source fails (backoff may space their tries more than
    `recent` apart). A source not yet polled counts as not failing, so the first quick
    failures after a start do not raise an alarm before the rest are tried. `since` is when
    half of the sources had begun failing: a feed dead for weeks does not date an outage
    that began tonight."""
    sources = list(sources)
    failing = [s for s in sources if s.last_polled_at is not None and s.failing]
    fresh = [s for s in sources if s.last_polled_at is None or now - s.last_polled_at <= recent]
    fresh_failing = sum(1 for s in fresh if s.last_polled_at is not None and s.failing)
    most_fresh = bool(fresh) and fresh_failing / len(fresh) >= DEGRADED_SHARE
    degraded = bool(failing) and (len(failing) == len(sources) or most_fresh)
    since = None
    if degraded:
        starts = sorted(s.failing_since or s.last_polled_at or now for s in failing)
        needed = min(len(starts), max(1, math.ceil(len(sources) * DEGRADED_SHARE)))
        since = starts[needed - 1]
    failures = tuple(sorted(failing, key=lambda s: s.name))
    return SourcesHealth(len(failing), len(sources), degraded, since, failures)


def source_states(s: Session) -> list[SourceState]:
    """The enabled sources as the poller last recorded them (columns only: this runs for
    every /subscribe, /latest and /digest)."""
    rows = s.exec(
        select(  # type: ignore[call-overload]  # sqlmodel types select() for at most 4 columns
            Source.title,
            Source.url,
            Source.last_polled_at,
            Source.failures,
            Source.failing_since,
            Source.last_error,
        ).where(~col(Source.disabled))
    )
    return [
        SourceState(
            name=title or url,
            url=url,
            last_polled_at=polled,
            failures=failures,
            failing_since=since,
            last_error=error,
        )
        for title, url, polled, failures, since, error in rows
    ]


async def read_sources_health(db: Database, now: datetime) -> SourcesHealth:
    """The sources' health as the database has it now."""
    return sources_health(await db.run(source_states), now)


class HealthWatch:
    """Says at WARNING when the news becomes unreachable and once more when it is back."""

    def __init__(self) -> None:
        self._degraded = False

    async def check(self, db: Database, now: datetime) -> SourcesHealth | None:
        try:
            health = await read_sources_health(db, now)
        except Exception as exc:  # the database's own trouble is reported where it is used
            log.debug("could not read the sources' health: %s", type(exc).__name__)
            return None
        self.observe(health)
        return health

    def observe(self, health: SourcesHealth) -> None:
        if health.degraded and not self._degraded:
            log.warning(
                "news sources unreachable: %d of %d failing since %s (%s)",
                health.failing,
                health.total,
                health.since.isoformat(timespec="minutes") if health.since else "now",
                _examples(health.failures),
            )
        elif self._degraded and not health.degraded:
            log.warning(
                "news sources reachable again: %d of %d failing", health.failing, health.total
            )
        self._degraded = health.degraded


def _examples(failures: Sequence[SourceState], shown: int = 3) -> str:
    parts = [f"{s.name[:80]}: {(s.last_error or 'unknown error')[:120]}" for s in failures[:shown]]
    more = len(failures) - shown
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")
