"""The documentation as a reader follows it: every link lands, every setting is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)|\bsrc=\"([^\"]+)\"|\bhref=\"([^\"]+)\"")


def _prose(text: str) -> str:
    # Links inside code blocks and code spans are examples, not links.
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def _anchors(page: Path) -> set[str]:
    # GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered.
    seen: dict[str, int] = {}
    anchors = set()
    for line in _prose(page.read_text(encoding="utf-8")).splitlines():
        match = re.match(r"#{1,6}\s+(.*)", line)
        if not match:
            continue
        slug = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def _links(page: Path) -> list[str]:
    text = _prose(page.read_text(encoding="utf-8"))
    return [next(g for g in m.groups() if g) for m in LINK.finditer(text)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_relative_link_and_anchor_exists(page):
    broken = []
    for link in _links(page):
        if re.match(r"[a-z]+:", link):  # https:, mailto: — not ours to check offline
            continue
        path, _, anchor = link.partition("#")
        target = (page.parent / path).resolve() if path else page
        if not target.exists():
            broken.append(f"{link}: no such file")
        elif anchor and target.suffix == ".md" and anchor not in _anchors(target):
            broken.append(f"{link}: no heading #{anchor} in {target.name}")
    assert not broken, f"{page.name}: {broken}"


def test_readme_links_every_docs_page():
    readme = _links(ROOT / "README.md")
    pages = {link.partition("#")[0] for link in readme}
    missing = [p.name for p in (ROOT / "docs").glob("*.md") if f"docs/{p.name}" not in pages]
    assert not missing, f"README links no {missing}"


def test_every_setting_is_in_the_settings_reference():
    reference = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    names = [field.alias for field in Settings.model_fields.values()]
    assert len(names) > 30
    undocumented = [name for name in names if f"`{name}`" not in reference]
    assert not undocumented, f"docs/settings.md does not describe {undocumented}"
