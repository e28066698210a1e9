"""Answers of the regulation profiles (shared/answers.py: the fields named here, possibly more, exactly
as the handler wrote them)."""
from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ConfigDict, Field

from shared.answers import Answer, Number

REGULATION_EXAMPLE = {
    "id": "lamandau-perbup-25-2024", "title": "Perbup Lamandau No. 25/2024", "in_force_from": "2024-07-01",
    "full_title": "Peraturan Bupati Lamandau Nomor 25 Tahun 2024", "enacted": "2024-06-20", "in_force_until": None}


class RegulationView(Answer):
    """A regency regulation and when it is in force (`in_force_until` exclusive; null: open-ended)."""

    id: str
    title: str
    in_force_from: dt.date
    full_title: str
    enacted: dt.date
    in_force_until: dt.date | None


class RegencySummary(Answer):
    """Satu kabupaten / a regency, the regulation in force today (null: none) and its scheme ids."""

    regency_code: str
    name: str
    province: str
    regulation: RegulationView | None
    version: str
    schemes: list[str]


class RegulationList(Answer):
    """Peraturan yang berlaku / the regulation in force today in each regency the client may act for."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{"items": [{
        "regency_code": "6207", "name": "Lamandau", "province": "Kalimantan Tengah", "regulation": REGULATION_EXAMPLE,
        "version": "6207@2026-01-01", "schemes": ["aid_recipient_verification", "bpu_registration"]}]}]})
    items: list[RegencySummary]


class ConditionView(Answer):
    rule: str
    label: str | None
    requirement: str
    citation: str | None
    see_also: list[str]
    options: list[ConditionView] | None = None


class SchemeView(Answer):
    """A scheme under the regulation: its conditions with each requirement and article, and where the
    scheme has them its ranking criteria and re-verification reasons."""

    id: str
    label: str
    citation: str
    programs: list[str]
    programs_citation: str
    conditions: list[ConditionView]
    ranking: dict[str, Any] | None = None
    reverification: list[dict[str, Any]] | None = None


class ProgramsRun(Answer):
    programs: list[str]
    citation: str


class InterpretationView(Answer):
    """A named reading of an ambiguous or defective text, and the choice the profile makes."""

    name: str
    choice: Any
    note: str
    citation: str | None


class RegulationDetail(Answer):
    """Profil kabupaten / a regency's profile as in force on `as_of`: regulation, schemes with each
    condition's requirement and article, interpretations, programmes run, UMK, version."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "regency_code": "6207", "name": "Lamandau", "province": "Kalimantan Tengah", "regulation": REGULATION_EXAMPLE,
        "version": "6207@2026-01-01", "as_of": "2026-01-15", "regulations": [REGULATION_EXAMPLE],
        "programs_run": {"programs": ["JKK", "JKM"], "citation": "Perbup Lamandau No. 25/2024 Pasal 5"},
        "umk": 3400000, "schemes": [{
            "id": "bpu_registration", "label": "Pendaftaran peserta BPU", "citation": "Pasal 27",
            "programs": ["JKK", "JKM"], "programs_citation": "Pasal 5", "conditions": [{
                "rule": "age", "label": "Usia", "requirement": "18 <= age < 58", "citation": "Pasal 27 ayat (1)",
                "see_also": []}]}],
        "interpretations": []}]})
    regency_code: str
    name: str
    province: str
    regulation: RegulationView | None
    version: str
    as_of: dt.date
    regulations: list[RegulationView]
    programs_run: ProgramsRun | None
    umk: Number | None = Field(description="the regency's minimum wage on `as_of`, rupiah (null: not recorded)")
    schemes: list[SchemeView]
    interpretations: list[InterpretationView]
