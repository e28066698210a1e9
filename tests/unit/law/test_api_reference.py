"""docs/API.md mirrors the public contract (`../shared/CONTRACT.md`): the same numbered sections, so a
reference `docs/API.md §N` in code or docs means the contract's §N; every such reference exists."""
from __future__ import annotations

import re

from tests.unit.law.regulation_texts import REPO

API = REPO / "docs" / "API.md"
CONTRACT = REPO.parent / "shared" / "CONTRACT.md"
SECTION = re.compile(r"^## (\d+)\. (.+)$", re.M)
SOURCES = ("shared", "services", "bench", "tests", "profiles", "docs", "README.md", "Makefile")


def _sections(text: str) -> dict[str, str]:
    return dict(SECTION.findall(text))


def test_the_reference_has_the_contracts_sections_in_order():
    assert CONTRACT.is_file(), f"{CONTRACT} is missing: the contract travels beside the repository"
    ours, theirs = _sections(API.read_text(encoding="utf-8")), _sections(CONTRACT.read_text(encoding="utf-8"))
    assert list(ours) == list(theirs) and ours == theirs
    assert "../shared/CONTRACT.md" in API.read_text(encoding="utf-8")


def _files():
    for name in SOURCES:
        path = REPO / name
        paths = [path] if path.is_file() else path.rglob("*")
        yield from (p for p in paths if p.suffix in {".py", ".md", ".yaml", ".json", ""} and p.is_file()
                    and "__pycache__" not in p.parts)


def test_every_reference_names_an_existing_section_and_none_points_outside():
    sections = set(_sections(API.read_text(encoding="utf-8")))
    dangling, outside = [], []
    for path in _files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for number in re.findall(r"API\.md §(\d+)", text):
            if number not in sections:
                dangling.append(f"{path.relative_to(REPO)}: §{number}")
        outside += [f"{path.relative_to(REPO)}: {m}" for m in re.findall(r"(?:CONTRACT|DIGEST) §\d+", text)]
    assert not dangling, dangling
    assert not outside, f"cite docs/API.md or the article (Pasal), not a document outside the repo: {outside}"
