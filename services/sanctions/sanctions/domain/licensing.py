"""Documents a licence application must carry (Lamandau Pasal 14, Berau Pasal 5(5),
TTS Pasal 12(2), Sambas Pasal 16(2)); a refusal says what is missing and cites the article."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .profile import LicensingRequirement, SanctionsProfile
from .records import Missing, cite
from .vocabulary import APPLICATION_KINDS, SERVICES


@dataclass(frozen=True)
class LicenceApplication:
    service: str                       # docs/API.md §9 service id
    kind: str                          # new | renewal
    documents: frozenset[str]          # document ids attached, e.g. bpjs_membership_certificate

    @classmethod
    def of(cls, service: str, kind: str, documents: Iterable[str]) -> LicenceApplication:
        return cls(service, kind, frozenset(documents))


@dataclass(frozen=True)
class RequiredDocument:
    id: str
    label: str
    accepted_documents: tuple[str, ...]
    citation: str | None
    present: bool
    finding: str | None = None   # the system finding its absence is (e.g. licence_without_membership)

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "accepted_documents": list(self.accepted_documents),
                "citation": self.citation, "present": self.present}


@dataclass(frozen=True)
class LicensingCheck:
    complete: bool
    required: tuple[RequiredDocument, ...]
    reasons: tuple[str, ...]

    @property
    def missing(self) -> tuple[Missing, ...]:
        return tuple(Missing(r.id, r.label, r.citation) for r in self.required if not r.present)

    @property
    def findings(self) -> tuple[str, ...]:
        """System findings the missing documents amount to (a case is opened or joined for each)."""
        return tuple(dict.fromkeys(r.finding for r in self.required if not r.present and r.finding))

    def to_dict(self) -> dict:
        return {"complete": self.complete, "required": [r.to_dict() for r in self.required],
                "missing": [m.to_dict() for m in self.missing], "reasons": list(self.reasons)}


def required_documents(service: str, kind: str, profile: SanctionsProfile, on: dt.date) -> list[LicensingRequirement]:
    if service not in SERVICES or kind not in APPLICATION_KINDS:
        raise ValueError(f"unknown service {service!r} or application kind {kind!r}")
    return [r for r in profile.licensing_on(on) if r.applies_to(service, kind)]


def check_licence_application(application: LicenceApplication, profile: SanctionsProfile,
                              on: dt.date) -> LicensingCheck:
    requirements = required_documents(application.service, application.kind, profile, on)
    required = tuple(
        RequiredDocument(r.id, r.label, tuple(sorted(r.accepted_documents)), cite(r.citation),
                         bool(r.accepted_documents & application.documents), r.finding)
        for r in requirements
    )
    if not required:
        reason = (f"{profile.regulation_title} tidak mensyaratkan dokumen BPJS Ketenagakerjaan untuk "
                  f"permohonan ini")
        return LicensingCheck(True, (), (reason,))
    reasons = tuple(f"{'ada' if r.present else 'belum dilampirkan'}: {r.label} - {r.citation}" for r in required)
    return LicensingCheck(all(r.present for r in required), required, reasons)
