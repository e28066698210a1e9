"""`GET /v1/citations?citation=...`: the profile data behind a citation as a user reads it on a
letter or in an answer (`Perbup Sambas No. 59/2025 Pasal 26 ayat (1) huruf d`)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from shared.auth import Client, require
from shared.problems import InvalidInput
from shared.regulation import profiles
from shared.regulation.lookup import lookup

router = APIRouter(tags=["regulations"])


class CitationSource(BaseModel):
    file: str
    key: str
    line: int | None
    text: str
    rendered: str
    owner: str
    # the profiles/national/sources.yaml key when the cited text is not in the corpus (our reading of it)
    external: str | None = None


class CitationLookup(BaseModel):
    citation: str
    items: list[CitationSource]


@router.get("/citations", response_model=CitationLookup)
async def citation_sources(citation: str = Query(..., min_length=7, max_length=300),
                           client: Client = Depends(require("eligibility:evaluate"))) -> CitationLookup:
    """Every profile value (file, key, line, owning service) whose citation renders as `citation`;
    a citation without ayat or huruf also finds those below it."""
    try:
        hits = lookup(profiles(), citation)
    except ValueError:
        raise InvalidInput.fields([("citation", "bukan kutipan pasal / not a citation with a Pasal, e.g. "
                                                "'Perbup Sambas No. 59/2025 Pasal 26 ayat (1) huruf d'")]) from None
    return CitationLookup(citation=citation, items=[CitationSource(**vars(h)) for h in hits])
