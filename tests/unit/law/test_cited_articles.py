"""Every citation in every part of every profile points at an article (and paragraph) that exists in
the regulation's full text in `../shared/regulations/`, or names a national regulation."""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from shared.regulation import PROFILES_DIR, Citation, regency_dirs
from tests.unit.law.regulation_texts import articles_of

# Regulations the profiles may cite besides the regency's own (PP 86/2013, Permenaker 4/2018, ...).
NATIONAL = ("PP ", "Permenaker ", "Permenpan-RB ", "Perpres ", "UU ", "SKB ", "Permendagri ", "Inpres ",
            "Keputusan Gubernur ", "Kepmendagri ")
CITING_KEYS = ("citation", "also", "also_cites")
# Paragraph numbers the text itself gets wrong, read by a named interpretation of the regency.
MISNUMBERED = {("6207", "20"): "pasal_20_paragraph_numbering"}


def citations(node, path: str = ""):
    """(key path, citation text) for every value under a citing key: `citation`, `also`,
    `also_cites`, and any key ending in `_citation` or `citations`."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{path}.{key}" if path else str(key)
            if _citing(str(key)):
                values = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
                for text in values:
                    if text is not None:
                        yield here, text
            else:
                yield from citations(value, here)
    elif isinstance(node, list):
        for n, item in enumerate(node):
            yield from citations(item, f"{path}[{n}]")


def _citing(key: str) -> bool:
    return key in CITING_KEYS or key.endswith("_citation") or key.endswith("citations")


def _parts(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def _problems(code: str | None, path: Path) -> list[str]:
    problems = []
    for where, text in citations(yaml.safe_load(path.read_text(encoding="utf-8"))):
        problem = _problem(code, text)
        if problem:
            problems.append(f"{path.parent.name}/{path.name} {where}: {text!r} {problem}")
    return problems


@cache
def _titles() -> dict[str, str]:
    """Regulation title -> regency code, from each regency.yaml."""
    return {yaml.safe_load((folder / "regency.yaml").read_text(encoding="utf-8"))["regulation"]["title"]: code
            for code, folder in regency_dirs().items()}


def _problem(code: str | None, text) -> str | None:
    """Why `text`, cited in the profile of `code` (None: a national part), is not a citation of an
    existing article; None when it is."""
    if not isinstance(text, str) or not text.strip():
        return "is not a citation"
    named = next((t for t in _titles() if text.startswith(t + " ")), None)
    if named:  # a regency's regulation named in full, e.g. a national part citing Tabalong Pasal 6(2)
        code, text = _titles()[named], text[len(named) + 1:]
    elif text.startswith(NATIONAL):
        return None
    elif code is None:
        return "names neither a national regulation nor a regency's"
    citation = Citation.parse(text, regulation="own")
    if citation.regulation != "own" or citation.pasal is None:
        return "is neither an article of the regency's regulation nor a national rule"
    article = articles_of(code).get(citation.pasal)
    if article is None:
        return f"cites Pasal {citation.pasal}, which the text does not have"
    if citation.ayat and citation.ayat not in article.ayat and (code, citation.pasal) not in MISNUMBERED:
        return f"cites ayat ({citation.ayat}), which Pasal {citation.pasal} does not have"
    return None


@pytest.mark.parametrize("code", sorted(regency_dirs()))
def test_every_citation_of_every_part_exists_in_the_text(code):
    folder = regency_dirs()[code]
    parts = _parts(folder)
    assert len(parts) >= 8, parts
    problems = [p for part in parts for p in _problems(code, part)]
    assert not problems, "\n".join(problems)


def test_national_parts_cite_national_regulations_only():
    problems = [p for part in _parts(PROFILES_DIR / "national") for p in _problems(None, part)]
    assert not problems, "\n".join(problems)


def test_the_walk_finds_citations_under_every_key_shape():
    found = dict(citations({"a": {"citation": "Pasal 1"}, "b": [{"duty_citation": "Pasal 2", "also": ["Pasal 3"]}],
                            "c": {"value": {"also_cites": ["Pasal 4"]}, "jht_event_citations": {"x": "Pasal 5"}}}))
    assert set(found) == {"a.citation", "b[0].duty_citation", "b[0].also", "c.value.also_cites",
                          "c.jht_event_citations"}


def test_a_missing_article_is_reported():
    assert "does not have" in _problem("6207", "Pasal 99(1)")
    assert "ayat (7)" in _problem("6207", "Perbup Lamandau No. 25/2024 Pasal 32(7)")
    assert "ayat (9)" in _problem(None, "Perbup Tabalong No. 5/2025 Pasal 6(9)")
    assert _problem("6207", "Pasal 20(1)") is None  # misnumbered in the text, read by a named interpretation
    assert _problem("6207", "Pasal 7(1) huruf a") is None and _problem("6207", "PP 86/2013 Pasal 5(1)") is None
