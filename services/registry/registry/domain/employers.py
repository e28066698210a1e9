"""Employer registration checks (docs/API.md §7) and the OSS/PTSP licensing-gap decision.

NIB (Nomor Induk Berusaha, issued by OSS) is 13 digits. NPWP is checked with
`stdnum.id.npwp`: the old 15-digit form and the 16-digit form (since 2024) are both accepted
and stored as the 16-digit compact form (old numbers gain the leading 0, as the tax office
converts them). A 16-digit NPWP not starting with 0 is a person's NIK: personal data.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from stdnum.exceptions import ValidationError
from stdnum.id import npwp as stdnum_npwp

from shared.regulation import Citation

from .common import FieldError, is_blank
from .registry_profile import LabelledChoice, RegistryProfile

EMPLOYER_KINDS = ("state", "non_state")  # docs/API.md §6-7
BUSINESS_SCALES = ("micro", "small", "medium", "large")
NIB_DIGITS = 13


@dataclass(frozen=True)
class EmployerRequest:
    regency_code: str
    name: str
    nib: str
    kind: str
    business_scale: str
    sector: str
    address: str
    npwp: str | None = None


@dataclass
class EmployerCheck:
    errors: list[FieldError] = field(default_factory=list)
    nib: str | None = None
    npwp: str | None = None  # 16-digit compact form
    npwp_is_nik: bool = False  # then it is personal data: encrypt it like a NIK
    sector: LabelledChoice | None = None


@dataclass(frozen=True)
class ComplianceGap:
    """An employer with workers but no BPJS Ketenagakerjaan registration number."""

    code: str
    label: str
    worker_count: int
    citation: Citation | None
    also: tuple[Citation, ...]
    notify_licensing: bool  # tell OSS/PTSP (the regency makes membership a licensing requirement)
    note: str | None = None


def normalise_nib(value: str | None) -> str | None:
    if not isinstance(value, str):
        return None
    digits = value.strip().replace(" ", "").replace(".", "").replace("-", "")
    return digits if len(digits) == NIB_DIGITS and digits.isdigit() else None


def normalise_npwp(value: str | None) -> str | None:
    """The 16-digit compact NPWP, or None when `stdnum.id.npwp` rejects it."""
    if not isinstance(value, str):
        return None
    try:
        compact = stdnum_npwp.validate(value)
    except ValidationError:
        return None
    return "0" + compact if len(compact) == 15 else compact


def validate_employer(request: EmployerRequest, registry: RegistryProfile) -> EmployerCheck:
    check = EmployerCheck()
    if request.regency_code != registry.regency_code:
        check.errors.append(FieldError("regency_code", "profil kabupaten tidak cocok / regency profile mismatch"))
    for name in ("name", "address"):
        if is_blank(getattr(request, name)):
            check.errors.append(FieldError(name, "wajib diisi / required"))
    check.nib = normalise_nib(request.nib)
    if check.nib is None:
        check.errors.append(FieldError("nib", "NIB harus 13 digit / NIB must be 13 digits"))
    if not is_blank(request.npwp):
        check.npwp = normalise_npwp(request.npwp)
        if check.npwp is None:
            check.errors.append(FieldError("npwp", "NPWP tidak valid (15 atau 16 digit) / "
                                                   "invalid NPWP (15 or 16 digits)"))
        else:
            check.npwp_is_nik = not check.npwp.startswith("0")
    if request.kind not in EMPLOYER_KINDS:
        check.errors.append(FieldError("kind", "harus state atau non_state / must be state or non_state"))
    if request.business_scale not in BUSINESS_SCALES:
        check.errors.append(FieldError("business_scale", f"harus salah satu dari {', '.join(BUSINESS_SCALES)} / "
                                                         f"must be one of {', '.join(BUSINESS_SCALES)}"))
    check.sector = registry.sector(request.sector)
    if check.sector is None:
        allowed = ", ".join(s.id for s in registry.sectors)
        check.errors.append(FieldError("sector", f"sektor harus salah satu dari {allowed} / "
                                                 f"sector must be one of {allowed}"))
    return check


def licensing_gap(*, employer_kind: str, worker_count: int, bpjs_registration_number: str | None,
                  registry: RegistryProfile) -> ComplianceGap | None:
    """The compliance gap to report when an employer has workers but no BPJS registration,
    where the regency's rule binds employers of that kind; None otherwise."""
    rule = registry.licensing_gap
    if rule is None or worker_count <= 0 or not is_blank(bpjs_registration_number):
        return None
    if employer_kind not in rule.applies_to_kinds:
        return None
    return ComplianceGap(code="employer_not_registered_with_workers", label=rule.label, worker_count=worker_count,
                         citation=rule.citation, also=rule.also, notify_licensing=rule.notify_licensing, note=rule.note)
