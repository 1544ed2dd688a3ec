"""The process's file-descriptor limit: raised at start-up where the hard limit allows.

Every socket (incoming, to Telegram, to the web, to PostgreSQL) and every SQLite file is a
descriptor; distributions often start services with a soft limit of 1,024 although the hard
limit allows far more. The web port's connection cap is derived from what is left.
"""

from __future__ import annotations

import logging
import resource

log = logging.getLogger(__name__)

# Enough for the web port's cap and every pool; more only costs kernel memory on use.
WANTED_DESCRIPTORS = 65_536


def descriptor_limit() -> int:
    """The soft limit on open descriptors (what the process can use now)."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return WANTED_DESCRIPTORS if soft == resource.RLIM_INFINITY else soft


def raise_descriptor_limit(wanted: int = WANTED_DESCRIPTORS) -> int:
    """Raise the soft limit towards `wanted`, as far as the hard limit allows; the new limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < ceiling:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))
        except (ValueError, OSError) as exc:  # a container may forbid it: keep what we have
            log.warning("could not raise the open-files limit from %d: %s", soft, exc)
    return descriptor_limit()
