"""Hosts of article URLs and the domains named by `site:` filters."""

import re
from urllib.parse import urlsplit

_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_MAX_URL_CHARS = 4_096


def _to_ascii(host: str) -> str | None:
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def normalize_site(value: str) -> str | None:
    """The bare domain a `site:` value names, or None when it is not a domain.

    Forgiving about what people paste: "https://www.Dawn.com/news/" -> "dawn.com",
    "bücher.de" -> "xn--bcher-kva.de". A domain needs at least two labels.
    """
    site = value.strip().lower()
    if "://" in site:
        site = site.split("://", 1)[1]
    site = re.split(r"[/?#:]", site, maxsplit=1)[0].rstrip(".")
    site = site.removeprefix("www.")
    ascii_site = _to_ascii(site)
    if ascii_site is None or len(ascii_site) > 253:
        return None
    labels = ascii_site.split(".")
    if len(labels) < 2 or labels[-1].isdigit():
        return None
    if not all(_LABEL.fullmatch(label) for label in labels):
        return None
    return ascii_site


def host_of(url: str) -> str:
    """The lower-case ASCII host of `url`, or "" when it has none."""
    try:
        host = urlsplit(url[:_MAX_URL_CHARS].strip()).hostname or ""
    except ValueError:
        return ""
    return _to_ascii(host.rstrip(".")) or ""


def host_suffixes(host: str) -> list[str]:
    """`host` and every domain above it: "a.dawn.com" -> ["a.dawn.com", "dawn.com", "com"]."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))] if host else []


def host_is_on(host: str, site: str) -> bool:
    """Whether `host` is `site` itself or one of its subdomains."""
    return host == site or host.endswith("." + site)
