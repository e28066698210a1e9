"""Applicant facts (docs/API.md §5) and what the NIK tells about them.

Every fact is optional: a rule that needs a missing fact reports it instead of guessing.
Birth date and sex come from the NIK when not stated; a stated value that contradicts the NIK,
an invalid NIK, a wrong type or an unknown field raises InvalidFacts (the caller answers 422).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from shared.identifiers import InvalidNIK, check_nik_matches, parse_nik

from .errors import InvalidFacts

RELIGIONS = ("islam", "kristen", "katolik", "hindu", "budha", "konghucu")

# name -> (kind, allowed values or None). Kinds: bool, text, enum, money, count, date, nik, regency.
FACT_SPECS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    # docs/API.md §5
    "nik": ("nik", None),
    "birth_date": ("date", None),
    "sex": ("enum", ("M", "F")),
    "domicile_regency_code": ("regency", None),
    "has_ktp": ("bool", None),
    "has_e_ktp": ("bool", None),
    "worker_type": ("enum", ("pu", "bpu")),
    "occupation": ("text", None),
    "monthly_income": ("money", None),
    "vulnerable_independent_worker": ("bool", None),
    "already_protected": ("bool", None),
    "actively_working": ("bool", None),
    "healthy": ("bool", None),
    "seriously_ill_or_in_er": ("bool", None),
    "deceased": ("bool", None),
    "religion": ("enum", RELIGIONS),
    "religious_role": ("text", None),
    "religious_org_proposal": ("bool", None),
    "village_acknowledged": ("bool", None),
    "palm_oil_worker": ("bool", None),
    "vulnerable_worker": ("bool", None),
    "data_source": ("enum", ("dtks", "p3ke", "regsosek", "other")),
    # the project's own (re-verification, benefits, ranking); not part of docs/API.md §5
    "registered_by_employer": ("bool", None),
    "found_in_field_verification": ("bool", None),
    "withdrawal_requested": ("bool", None),
    "identity_error": ("bool", None),
    "total_permanent_disability": ("bool", None),
    "stopped_working": ("bool", None),
    "disability": ("bool", None),
    "dependants": ("count", None),
    "poverty_level": ("text", None),
    "work_risk": ("text", None),
}
CONTRACT_FACTS = tuple(FACT_SPECS)[:tuple(FACT_SPECS).index("data_source") + 1]  # what docs/API.md §5 accepts
DERIVED_FACTS = {"nik_regency_code": ("regency", None)}
ALL_FACT_KINDS = {name: spec[0] for name, spec in {**FACT_SPECS, **DERIVED_FACTS}.items()}


@dataclass(frozen=True, slots=True)
class Facts:
    nik: str | None = None
    birth_date: dt.date | None = None
    sex: str | None = None
    domicile_regency_code: str | None = None
    has_ktp: bool | None = None
    has_e_ktp: bool | None = None
    worker_type: str | None = None
    occupation: str | None = None
    monthly_income: int | None = None
    vulnerable_independent_worker: bool | None = None
    already_protected: bool | None = None
    actively_working: bool | None = None
    healthy: bool | None = None
    seriously_ill_or_in_er: bool | None = None
    deceased: bool | None = None
    religion: str | None = None
    religious_role: str | None = None
    religious_org_proposal: bool | None = None
    village_acknowledged: bool | None = None
    palm_oil_worker: bool | None = None
    vulnerable_worker: bool | None = None
    data_source: str | None = None
    registered_by_employer: bool | None = None
    found_in_field_verification: bool | None = None
    withdrawal_requested: bool | None = None
    identity_error: bool | None = None
    total_permanent_disability: bool | None = None
    stopped_working: bool | None = None
    disability: bool | None = None
    dependants: int | None = None
    poverty_level: str | None = None
    work_risk: str | None = None
    nik_regency_code: str | None = None  # region of issue, derived from the NIK

    def get(self, name: str) -> Any:
        return getattr(self, name)


FACT_NAMES = tuple(f.name for f in fields(Facts))


def normalise_text(value: str) -> str:
    """Lower case, single spaces: how roles and occupations are compared with the profile lists."""
    return " ".join(value.lower().split())


def build_facts(applicant: Mapping[str, Any] | Facts, *, as_of: dt.date) -> Facts:
    """Validate an applicant mapping and derive birth date, sex and region of issue from the NIK.

    `as_of` resolves the NIK's two-digit birth year (a person is not born after the decision
    date) when no birth date is stated.
    """
    if isinstance(applicant, Facts):
        return applicant
    errors: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for name, raw in applicant.items():
        if name not in FACT_SPECS:
            errors.append((name, "fakta tidak dikenal / unknown fact"))
            continue
        if raw is None:
            continue
        value, problem = _coerce(name, raw)
        if problem:
            errors.append((name, problem))
        else:
            values[name] = value
    if values.get("nik") is not None:
        errors.extend(_derive_from_nik(values, as_of))
    if errors:
        raise InvalidFacts("Fakta pemohon tidak valid / invalid applicant facts", errors=errors)
    if values.get("has_e_ktp") is True and values.get("has_ktp") is None:
        values["has_ktp"] = True  # an e-KTP is a KTP
    return Facts(**values)


def _derive_from_nik(values: dict[str, Any], as_of: dt.date) -> list[tuple[str, str]]:
    try:
        parsed = parse_nik(values["nik"], stated_birth_date=values.get("birth_date"), today=as_of)
    except InvalidNIK as exc:
        return [("nik", exc.reason)]
    mismatches = check_nik_matches(parsed, birth_date=values.get("birth_date"), sex=values.get("sex"))
    if mismatches:
        return mismatches
    values.setdefault("birth_date", parsed.birth_date)
    values.setdefault("sex", parsed.sex)
    values["nik_regency_code"] = parsed.regency_code
    return []


def _coerce(name: str, raw: Any) -> tuple[Any, str | None]:
    kind, allowed = FACT_SPECS[name]
    return _COERCERS[kind](raw, allowed)


def _as_bool(raw: Any, _allowed) -> tuple[Any, str | None]:
    return (raw, None) if isinstance(raw, bool) else (None, "harus true/false / must be a boolean")


def _as_text(raw: Any, _allowed) -> tuple[Any, str | None]:
    if not isinstance(raw, str) or not raw.strip():
        return None, "harus teks tidak kosong / must be a non-empty string"
    return normalise_text(raw), None


def _as_enum(raw: Any, allowed) -> tuple[Any, str | None]:
    if isinstance(raw, str):
        value = raw.strip() if allowed == ("M", "F") else raw.strip().lower()
        if value in allowed:
            return value, None
    return None, f"harus salah satu dari / must be one of {list(allowed)}"


def _as_whole(raw: Any, _allowed) -> tuple[Any, str | None]:
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        return None, "harus bilangan bulat >= 0 / must be a whole number >= 0"
    return raw, None


def _as_date(raw: Any, _allowed) -> tuple[Any, str | None]:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw, None
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip()), None
        except ValueError:
            pass
    return None, "harus tanggal YYYY-MM-DD / must be a date YYYY-MM-DD"


def _as_nik(raw: Any, _allowed) -> tuple[Any, str | None]:
    if not isinstance(raw, str):
        return None, "NIK harus berupa teks 16 digit / NIK must be a 16-digit string"
    return raw.strip(), None


def _as_regency(raw: Any, _allowed) -> tuple[Any, str | None]:
    if isinstance(raw, str) and len(raw.strip()) == 4 and raw.strip().isdigit():
        return raw.strip(), None
    return None, "harus kode kabupaten 4 digit / must be a 4-digit regency code"


_COERCERS = {
    "bool": _as_bool, "text": _as_text, "enum": _as_enum, "money": _as_whole, "count": _as_whole,
    "date": _as_date, "nik": _as_nik, "regency": _as_regency,
}
