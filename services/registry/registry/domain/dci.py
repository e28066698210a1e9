"""DCI beneficiary-registry search in Lindung's terms: which searches are answered and what an
answer may say (pure; no I/O). Only the minimum leaves Lindung: enrolled yes/no, the aid
programme, the regency and since when — never the NIK, a name or the participant's id."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shared.dci.envelope import SearchRequest
from shared.identifiers import parse_nik

# the standard's identifier type for a national unique id is UIN; Indonesia's is the NIK
ID_TYPES = ("UIN", "NIK")
QUERY_TYPE = "idtype-value"
RECORD_TYPE = "lindung:ContributionAidEnrolment"
REG_TYPE = "ns:org:RegistryType:IBR"


@dataclass(frozen=True)
class Enrolment:
    regency_code: str
    since: dt.date
    programs: tuple[str, ...]
    scheme: str | None


@dataclass(frozen=True)
class Item:
    """One search_request read: the NIK to look up, or why it is refused."""

    reference_id: str
    nik: str | None = None
    purpose: str | None = None
    consent: str | None = None
    refusal: str | None = None


def _purpose(request: SearchRequest) -> str | None:
    criteria = request.search_criteria
    for holder in (criteria.authorize, criteria.consent):
        if holder and isinstance(holder.get("purpose"), str | dict):
            purpose = holder["purpose"]
            text = purpose.get("text") or purpose.get("code") if isinstance(purpose, dict) else purpose
            if isinstance(text, str) and text.strip():
                return text.strip()[:200]
    return None


def _consent(request: SearchRequest) -> str | None:
    consent = request.search_criteria.consent
    if not consent:
        return None
    ref = consent.get("id") or consent.get("consent_id") or consent.get("ref")
    return str(ref)[:200] if ref else "given"


def read_item(request: SearchRequest) -> Item:
    """A search by NIK with a stated purpose is answered; anything else is refused for that item."""
    criteria, ref = request.search_criteria, request.reference_id
    query = criteria.query if isinstance(criteria.query, dict) else criteria.query.model_dump()
    if criteria.query_type != QUERY_TYPE or query.get("type") not in ID_TYPES:
        return Item(ref, refusal=f"only query_type {QUERY_TYPE} with type UIN/NIK is answered / hanya pencarian NIK")
    purpose = _purpose(request)
    if purpose is None:
        return Item(ref, refusal="purpose required in search_criteria.authorize or consent / tujuan wajib")
    value = str(query.get("value") or "")
    try:
        parse_nik(value)
    except ValueError:
        return Item(ref, refusal="identifier is not a valid NIK / NIK tidak valid")
    return Item(ref, nik=value, purpose=purpose, consent=_consent(request))


def record(enrolments: list[Enrolment]) -> dict:
    """The one record an answer carries: enrolled or not, and where and since when if so."""
    if not enrolments:
        return {"enrolled": False}
    first = min(enrolments, key=lambda e: e.since)
    return {"enrolled": True, "programme": first.scheme or "contribution_aid", "regency_code": first.regency_code,
            "since": first.since.isoformat(),
            "programs": sorted({p for e in enrolments for p in e.programs}),
            "enrolments": [{"regency_code": e.regency_code, "since": e.since.isoformat(),
                            "programme": e.scheme or "contribution_aid"} for e in enrolments]}
