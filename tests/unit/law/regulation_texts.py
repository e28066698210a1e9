"""The full texts of the five regulations, read from `../shared/regulations/` beside the repository
(present for every developer and in CI): which file is which regency comes from its README table."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
REGULATION_TEXTS = REPO.parent / "shared" / "regulations"
MONTHS = {name: n for n, name in enumerate(
    ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober", "november",
     "desember"], start=1)}


@dataclass(frozen=True)
class Article:
    number: str
    body: str

    @property
    def ayat(self) -> set[str]:
        """Paragraph numbers written at the start of a line: `(1) ...` or `- (1) ...`."""
        return set(re.findall(r"^\W*\((\d+)\)", self.body, flags=re.M))


@cache
def readme_table() -> dict[str, tuple[str, str, str]]:
    """Regency code -> (text file name, regulation as the README writes it, enactment date)."""
    readme = (REGULATION_TEXTS / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\|\s*(\d{3}_\w+\.txt)\s*\|[^|]*\|[^|]*\|\s*(\d{4})\s*\|\s*([^|]+?)\s*\|\s*([\d-]+)\s*\|$",
                      readme, flags=re.M)
    return {code: (name, regulation, enacted) for name, code, regulation, enacted in rows}


@cache
def text_of(code: str) -> str:
    return (REGULATION_TEXTS / readme_table()[code][0]).read_text(encoding="utf-8")


@cache
def articles_of(code: str) -> dict[str, Article]:
    """Pasal number -> its text, split on the lines that hold only `Pasal N` (headings too)."""
    text = text_of(code)
    heads = list(re.finditer(r"^\W*Pasal (\d+[A-Z]?)\s*$", text, flags=re.M))
    out: dict[str, Article] = {}
    for head, following in zip(heads, heads[1:] + [None], strict=True):
        body = text[head.end(): following.start() if following else len(text)]
        out.setdefault(head[1], Article(head[1], body))
    return out


def plain(text: str) -> str:
    """Lower case, no markdown emphasis, single spaces, no trailing full stop."""
    return re.sub(r"\s+", " ", text.replace("*", "")).strip().rstrip(".").lower()


def indonesian_date(text: str) -> str:
    """`29 Oktober 2025` -> `2025-10-29`."""
    day, month, year = plain(text).split()
    return f"{int(year):04d}-{MONTHS[month]:02d}-{int(day):02d}"
