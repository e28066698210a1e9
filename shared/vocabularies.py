"""Vocabularies (docs/API.md §12): the ids a service accepts, per regency and date, served from the
regulation kernel's loaded profiles. Mechanism only: the envelope, the as_of filter, the route and
the 422 that lists allowed ids. Each service contributes its own vocabularies from its own parts
(`<pkg>/vocabularies.py`: a function `(regency_code, as_of) -> {name: [term, ...]}`).

A term is `{"id", "label" (Indonesian), "label_en" (where useful), "citation" (rendered the one way
the kernel renders it) | null, "valid_from", "valid_until", ...extras}`; `valid_until` is exclusive.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from shared.auth import Client
from shared.problems import InvalidInput, NotFound
from shared.regulation import Citation, profiles

Vocabularies = dict[str, list[dict[str, Any]]]
Provider = Callable[[str, dt.date], Vocabularies]
LONG_LIST = 25  # above this many ids a 422 points to the vocabulary instead of listing them


class Term(BaseModel):
    """One id of a vocabulary (extra fields per vocabulary, e.g. an occupation's category)."""

    model_config = ConfigDict(extra="allow")
    id: str = Field(description="the id a request sends / id yang dikirim dalam permintaan")
    label: str = Field(description="Indonesian label from the regulation / label dari peraturan")
    citation: str | None = Field(description="rendered citation / rujukan pasal, or null")
    valid_from: dt.date | None = Field(description="in force from (inclusive) / berlaku sejak")
    valid_until: dt.date | None = Field(description="in force until (exclusive) / berlaku sampai (eksklusif)")


def render_citation(text: str | Citation | None, regulation: str) -> str | None:
    """A profile citation rendered as every decision renders it (`Perbup ... Pasal 6 ayat (1) huruf a`)."""
    if text is None or text == "":
        return None
    if isinstance(text, Citation):
        return str(text)
    return str(Citation.parse(str(text), regulation=regulation))


def term(id: Any, label: str, citation: str | Citation | None = None, *, regulation: str = "",
         valid_from: dt.date | None = None, valid_until: dt.date | None = None, **extras: Any) -> dict[str, Any]:
    """One vocabulary entry; `extras` with value None are left out (a short, readable answer)."""
    entry = {"id": str(id), "label": label, "citation": render_citation(citation, regulation),
             "valid_from": valid_from, "valid_until": valid_until}
    entry.update({k: v for k, v in extras.items() if v is not None})
    return entry


def in_force(entries: Iterable[dict[str, Any]], as_of: dt.date) -> list[dict[str, Any]]:
    """Only the entries in force on `as_of` (from inclusive, until exclusive; null = open)."""
    return [e for e in entries
            if (e.get("valid_from") is None or e["valid_from"] <= as_of)
            and (e.get("valid_until") is None or as_of < e["valid_until"])]


def regulation_dates(regency_code: str) -> tuple[dt.date | None, dt.date | None]:
    """The in-force dates of the regency's regulation: the default validity of an undated entry."""
    regency = profiles().regency(regency_code)
    if regency is None:
        return None, None
    return regency.regulation.from_, regency.regulation.until


def known_regency(regency_code: str) -> None:
    if profiles().regency(regency_code) is None:
        raise NotFound(f"Regency {regency_code} has no profile in this system / kabupaten tidak dikenal",
                       slug="unknown-regency", title="Unknown regency")


def vocabulary_link(regency_code: str | None, vocabulary: str) -> str:
    query = f"?regency_code={regency_code}" if regency_code else ""
    return f"/v1/vocabularies{query}#{vocabulary}"


def unknown_id_error(field: str, value: Any, allowed: Iterable[str], *, vocabulary: str,
                     regency_code: str | None = None) -> dict[str, Any]:
    """The `errors` entry for an id outside its vocabulary: names the field, lists the allowed ids
    (or points to the vocabulary when the list is long)."""
    ids = sorted({str(a) for a in allowed})
    link = vocabulary_link(regency_code, vocabulary)
    if len(ids) <= LONG_LIST:
        message = (f"'{value}' bukan id yang dikenal / is not a known id; allowed: {', '.join(ids) or '(none)'} "
                   f"({link})")
    else:
        message = f"'{value}' bukan id yang dikenal / is not a known id; see {link}"
    return {"field": field, "message": message, "allowed": ids if len(ids) <= LONG_LIST else None,
            "vocabulary": link}


def check_ids(field: str, values: Any, allowed: Iterable[str], *, vocabulary: str,
              regency_code: str | None = None) -> None:
    """422 when a value (or any of a list of values) is not an allowed id."""
    allowed = list(allowed)
    given = values if isinstance(values, list | tuple | set | frozenset) else [values]
    wrong = [v for v in given if v is not None and str(v) not in set(map(str, allowed))]
    if wrong:
        errors = [unknown_id_error(field, v, allowed, vocabulary=vocabulary, regency_code=regency_code)
                  for v in wrong]
        raise InvalidInput("Id di luar kosakata / ids outside the vocabulary: "
                           + "; ".join(f"{e['field']}: {e['message']}" for e in errors), errors=errors)


def vocabulary_router(provider: Provider, dependency: Callable[..., Any], *, tag: str = "vocabularies") -> APIRouter:
    """`GET /v1/vocabularies?regency_code=&as_of=` answering the service's vocabularies; `dependency` is
    `shared.auth.require_any(...)` with every scope of that service (OSS reads sanctions with `clearance:read`)."""
    router = APIRouter(tags=[tag])

    @router.get("/vocabularies", response_model=dict[str, list[Term]], description=(
        "Kosakata yang diterima layanan ini untuk satu kabupaten pada satu tanggal, dari profil regulasi. / "
        "The ids this service accepts for one regency on one date, from the regulation profiles "
        "(docs/API.md §12). Each list: `{id, label, citation, valid_from, valid_until, ...}`."))
    async def vocabularies(regency_code: str = Query(pattern=r"^\d{4}$"), as_of: dt.date | None = None,
                           client: Client = Depends(dependency)) -> Vocabularies:
        """Kosakata per kabupaten dan tanggal / vocabularies per regency and date."""
        client.require_regency(regency_code)
        known_regency(regency_code)
        day = as_of or dt.date.today()
        # a vocabulary the regency has nothing of (e.g. no palm-oil programme) is left out
        return {name: in_force(entries, day) for name, entries in provider(regency_code, day).items() if entries}

    return router
