"""The registry part of a regency profile (`profiles/<regency>/registry.yaml`) as typed
values: construction deadline, membership funding, termination reasons, employer sectors and
licensing gap, candidate data sources, the aid-recipient list fields, data-quality bounds."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shared.regulation import Citation, Dated, dated_list, profiles_at, value_on

from .common import cite, cite_all
from .participants_profile import ProfileError


@dataclass(frozen=True)
class ProgrammesRun:
    """The programmes a regency's regulation runs (programs.yaml `programs_run`), with the citation."""

    codes: frozenset[str]
    citation: Citation | None = None


@dataclass(frozen=True)
class Interpretation:
    name: str
    choice: Any
    note: str
    citation: Citation | None


@dataclass(frozen=True)
class DeadlineRule:
    working_days: int
    citation: Citation | None
    before_work_starts: Citation | None = None  # Tabalong Pasal 23(4)


@dataclass(frozen=True)
class FundingKind:
    id: str  # self | employer | aid (docs/API.md §7)
    label: str
    worker_types: tuple[str, ...]
    citation: Citation | None
    also: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class TerminationReason:
    id: str
    label: str
    citation: Citation | None
    note: str | None = None


@dataclass(frozen=True)
class TerminationRules:
    reasons: tuple[TerminationReason, ...]
    decree_required_for_funding: tuple[str, ...]
    decree_citation: Citation | None
    notify_parties: tuple[str, ...]
    notify_citation: Citation | None

    def reason(self, reason_id: str) -> TerminationReason | None:
        return next((r for r in self.reasons if r.id == reason_id), None)


@dataclass(frozen=True)
class LicensingGapRule:
    label: str
    citation: Citation | None
    also: tuple[Citation, ...]
    applies_to_kinds: tuple[str, ...]
    notify_licensing: bool
    note: str | None = None


@dataclass(frozen=True)
class LabelledChoice:
    id: str
    label: str
    citation: Citation | None


@dataclass(frozen=True)
class ExportField:
    field: str
    label: str
    citation: Citation | None


@dataclass(frozen=True)
class Bounds:
    latitude: tuple[float, float]
    longitude: tuple[float, float]


@dataclass(frozen=True)
class RegistryProfile:
    regency_code: str
    regulation: str
    interpretations: dict[str, Interpretation]
    deadline_history: tuple[Dated, ...]
    national_deadline: DeadlineRule
    funding: tuple[FundingKind, ...]
    max_start_days_ahead: int
    termination: TerminationRules
    sectors: tuple[LabelledChoice, ...]
    licensing_gap: LicensingGapRule | None
    data_sources: tuple[LabelledChoice, ...]
    recipient_list_fields: tuple[ExportField, ...]
    coordinate_bounds: Bounds

    @property
    def joint_leave_is_holiday(self) -> bool:
        return bool(self.interpretations["joint_leave_is_holiday"].choice)

    def deadline_rule(self, spk_date: dt.date) -> DeadlineRule:
        """The registration deadline rule in force on the SPK date (the national rule before
        the regency's own, or where the regency sets none)."""
        entry = value_on(self.deadline_history, spk_date)
        return entry.value if entry else self.national_deadline

    def funding_kind(self, funding_id: str) -> FundingKind | None:
        return next((f for f in self.funding if f.id == funding_id), None)

    def sector(self, sector_id: str) -> LabelledChoice | None:
        return next((s for s in self.sectors if s.id == sector_id), None)

    def data_source(self, source_id: str) -> LabelledChoice | None:
        return next((s for s in self.data_sources if s.id == source_id), None)


def _interpretations(raw: dict, regulation: str) -> dict[str, Interpretation]:
    found = {
        name: Interpretation(name, spec["choice"], spec.get("note", ""), cite(spec.get("citation"), regulation))
        for name, spec in (raw or {}).items()
    }
    if "joint_leave_is_holiday" not in found:
        raise ProfileError("registry.yaml must state interpretations.joint_leave_is_holiday")
    return found


def _deadline_rule(value: dict, citation: Citation | None, regulation: str) -> DeadlineRule:
    if value.get("counted_from", "spk_date") != "spk_date":
        raise ProfileError("construction deadlines are counted from the SPK date")
    before = value.get("before_work_starts")
    before_work = cite(before.get("citation"), regulation) if before else None
    return DeadlineRule(int(value["working_days"]), citation, before_work)


def _deadline_history(raw: list, regulation: str) -> tuple[Dated, ...]:
    entries = dated_list(raw or [], regulation=regulation)
    return tuple(Dated(_deadline_rule(e.value, e.citation, regulation), e.valid_from, e.valid_until, e.citation)
                 for e in entries)


def _termination(raw: dict, regulation: str) -> TerminationRules:
    decree, notify = raw.get("decree") or {}, raw.get("notify") or {}
    return TerminationRules(
        reasons=tuple(TerminationReason(r["id"], r["label"], cite(r.get("citation"), regulation), r.get("note"))
                      for r in raw["reasons"]),
        decree_required_for_funding=tuple(decree.get("required_for_funding") or ()),
        decree_citation=cite(decree.get("citation"), regulation),
        notify_parties=tuple(notify.get("parties") or ()),
        notify_citation=cite(notify.get("citation"), regulation),
    )


def _licensing_gap(raw: dict | None, regulation: str) -> LicensingGapRule | None:
    if not raw:
        return None
    return LicensingGapRule(raw["label"], cite(raw.get("citation"), regulation), cite_all(raw.get("also"), regulation),
                            tuple(raw["applies_to_kinds"]), bool(raw["notify_licensing"]), raw.get("note"))


def _choices(raw: list | None, regulation: str) -> tuple[LabelledChoice, ...]:
    return tuple(LabelledChoice(c["id"], c["label"], cite(c.get("citation"), regulation)) for c in raw or ())


def _funding(raw: dict, regulation: str) -> FundingKind:
    return FundingKind(raw["id"], raw["label"], tuple(raw["worker_types"]), cite(raw.get("citation"), regulation),
                       cite_all(raw.get("also"), regulation))


def _bounds(raw: dict) -> Bounds:
    lat, lon = raw["coordinates"]["latitude"], raw["coordinates"]["longitude"]
    return Bounds((float(lat["min"]), float(lat["max"])), (float(lon["min"]), float(lon["max"])))


def registry_profile_from(regency_code: str, data: dict, *, regulation: str) -> RegistryProfile:
    """Build the typed profile from the parsed YAML (pure)."""
    construction, memberships = data["construction"], data["memberships"]
    national = construction["national_default"]
    recipient_list = data.get("aid_recipient_list") or {}
    return RegistryProfile(
        regency_code=regency_code,
        regulation=regulation,
        interpretations=_interpretations(data.get("interpretations"), regulation),
        deadline_history=_deadline_history(construction.get("registration_deadline"), regulation),
        national_deadline=DeadlineRule(int(national["working_days"]), cite(national["citation"], regulation)),
        funding=tuple(_funding(f, regulation) for f in memberships["funding"]),
        max_start_days_ahead=int(memberships["start_date"]["max_days_ahead"]),
        termination=_termination(data["termination"], regulation),
        sectors=_choices(data["employers"]["sectors"], regulation),
        licensing_gap=_licensing_gap(data["employers"].get("licensing_gap"), regulation),
        data_sources=_choices(data["candidates"]["data_sources"], regulation),
        recipient_list_fields=tuple(ExportField(f["field"], f["label"], cite(f.get("citation"), regulation))
                                    for f in recipient_list.get("fields") or ()),
        coordinate_bounds=_bounds(data["data_quality"]),
    )


def load_registry_profile(regency_code: str, base: Path | None = None) -> RegistryProfile | None:
    """Read `registry.yaml` of a regency (None when the regency or the file is unknown)."""
    regency = profiles_at(base).regency(regency_code)
    if regency is None or not regency.has("registry"):
        return None
    return registry_profile_from(regency_code, regency.part("registry"), regulation=regency.title)


def programmes_run_from(programs_part: dict, *, regulation: str, on: dt.date) -> ProgrammesRun | None:
    """The `programs_run` entry of programs.yaml (owned by eligibility) in force on a date;
    None when the regency's regulation runs no list on that date."""
    entry = value_on(dated_list(programs_part.get("programs_run") or [], regulation=regulation), on)
    return ProgrammesRun(frozenset(entry.value), entry.citation) if entry else None


def load_programmes_run(regency_code: str, on: dt.date, base: Path | None = None) -> ProgrammesRun | None:
    regency = profiles_at(base).regency(regency_code)
    if regency is None or not regency.has("programs"):
        return None
    return programmes_run_from(regency.part("programs"), regulation=regency.title, on=on)
