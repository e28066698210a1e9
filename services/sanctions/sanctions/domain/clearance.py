"""Licence clearance for OSS/PTSP (docs/API.md §9 `GET /v1/clearance`).

The answer is computed from the employer's active sanctions alone (a small read model the
service keeps), so it answers in microseconds: allowed unless an active TMP2T denies the service.
The executing agency is the one the regency makes responsible for denying that service
(Tabalong Pasal 28(6)-(7), Lamandau Pasal 31(1)).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .case_state import Case, CaseState
from .profile import Agency, SanctionsProfile, ServiceDenial
from .records import cite
from .vocabulary import SERVICES


@dataclass(frozen=True)
class ActiveSanction:
    case_id: str
    case_number: str
    regency_code: str
    subject_id: str
    violation: str
    decree_number: str
    imposed_on: dt.date
    services: tuple[str, ...]
    agencies: dict[str, str]

    def to_dict(self) -> dict:
        return {"case_id": self.case_id, "case_number": self.case_number, "regency_code": self.regency_code,
                "employer_id": self.subject_id, "violation": self.violation, "decree_number": self.decree_number,
                "imposed_on": self.imposed_on.isoformat(), "services": list(self.services),
                "agencies": dict(self.agencies)}

    @classmethod
    def from_dict(cls, data: dict) -> ActiveSanction:
        return cls(data["case_id"], data["case_number"], data["regency_code"], data["employer_id"],
                   data["violation"], data["decree_number"], dt.date.fromisoformat(data["imposed_on"]),
                   tuple(data["services"]), dict(data["agencies"]))


def active_sanction(case: Case) -> ActiveSanction | None:
    """The sanction a case holds in force, or None."""
    if case.state != CaseState.IMPOSED or case.sanction is None:
        return None
    s = case.sanction
    return ActiveSanction(case.id, case.number, case.regency_code, case.subject.id, case.violation,
                          s.decree_number, s.imposed_on, s.services, dict(s.agencies))


@dataclass(frozen=True)
class ClearanceAnswer:
    allowed: bool
    reasons: tuple[str, ...]
    active_sanctions: tuple[ActiveSanction, ...]
    executing_agency: Agency | None
    citations: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"allowed": self.allowed, "reasons": list(self.reasons),
                "active_sanctions": [s.to_dict() for s in self.active_sanctions],
                "executing_agency": self.executing_agency.to_dict() if self.executing_agency else None,
                "citations": list(self.citations)}


def clearance(active_sanctions: Iterable[ActiveSanction], service: str, profile: SanctionsProfile,
              on: dt.date, *, permit_year: int | None = None) -> ClearanceAnswer:
    """May `service` be given to the employer whose active sanctions these are?

    `permit_year` matters only where a regency denies a permit from a given year onwards
    (Tabalong Pasal 28(7) huruf a: foreign-worker permits from the second year)."""
    if service not in SERVICES:
        raise ValueError(f"unknown service {service!r}; one of {sorted(SERVICES)}")
    active = tuple(s for s in active_sanctions if s.regency_code == profile.regency_code)
    denial = profile.services_on(on).get(service)
    agency = profile.agency(denial.agency_id) if denial else None
    blocking = [s for s in active if service in s.services]
    if not blocking:
        return ClearanceAnswer(True, (_no_sanction_reason(service, denial, profile),), active, agency,
                               _citations(denial))
    year_reason = _permit_year_exemption(denial, permit_year, profile)
    if year_reason:
        return ClearanceAnswer(True, (year_reason,), active, agency, _citations(denial))
    reasons = tuple(_blocking_reason(s, service, denial, agency, permit_year) for s in blocking)
    return ClearanceAnswer(False, reasons, active, agency, _citations(denial))


def _no_sanction_reason(service: str, denial: ServiceDenial | None, profile: SanctionsProfile) -> str:
    if denial is None:
        return (f"layanan '{service}' tidak termasuk pelayanan publik tertentu yang dapat ditolak menurut "
                f"{profile.regulation_title}")
    return f"tidak ada sanksi aktif yang menolak {denial.label}"


def _permit_year_exemption(denial: ServiceDenial | None, permit_year: int | None,
                           profile: SanctionsProfile) -> str | None:
    """A permit below the regency's first denied year is not denied; an unknown year follows the
    regency's named interpretation (Tabalong: deny)."""
    if denial is None or denial.from_permit_year is None:
        return None
    if permit_year is not None and permit_year < denial.from_permit_year:
        return (f"izin tahun ke-{permit_year} tidak termasuk sanksi ({denial.label}) - {cite(denial.citation)}")
    if permit_year is None and profile.choice(denial.interpretation or "", "deny") == "allow":
        return f"tahun izin tidak diketahui; diizinkan menurut tafsiran {denial.interpretation}"
    return None


def _blocking_reason(sanction: ActiveSanction, service: str, denial: ServiceDenial | None,
                     agency: Agency | None, permit_year: int | None) -> str:
    label = denial.label if denial else service
    text = (f"Pemberi Kerja dikenai sanksi tidak mendapat pelayanan publik tertentu berdasarkan keputusan "
            f"{sanction.decree_number} sejak {sanction.imposed_on.isoformat()} (kasus {sanction.case_number}): "
            f"{label} ditolak")
    if denial is not None:
        text += f" - {cite(denial.citation)}"
    if agency is not None:
        text += f"; dilaksanakan oleh {agency.name} ({agency.short_name})"
    if denial is not None and denial.from_permit_year and permit_year is None:
        text += f"; tahun izin tidak diketahui (berlaku mulai tahun ke-{denial.from_permit_year})"
    return text


def _citations(denial: ServiceDenial | None) -> tuple[str, ...]:
    if denial is None:
        return ()
    return tuple(c for c in (cite(denial.citation), cite(denial.agency_citation)) if c)
