"""Validate a participant registration (docs/API.md §7) against the regency's profile.

Pure: the caller passes the request, the profile parts and the registration date. The NIK
must be valid and agree with the stated birth date and sex; where it was issued is only a
notice (people move). The category and occupation must be the regency's and fit the worker
type; the village code and coordinates must be well formed.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.identifiers import InvalidNIK, ParsedNIK, check_nik_matches, parse_nik
from shared.regulation import Citation

from .common import FieldError, Notice, is_blank, normalise_village_code
from .participants_profile import WORKER_TYPES, Category, Occupation, ParticipantsProfile, VillageKind
from .registry_profile import Bounds, RegistryProfile

REQUIRED_TEXT = ("full_name", "birth_place", "mother_maiden_name", "address")
SEXES = ("M", "F")


@dataclass(frozen=True)
class RegistrationRequest:
    """The docs/API.md §7 registration body."""

    regency_code: str
    nik: str
    full_name: str
    birth_place: str
    birth_date: dt.date | None
    sex: str | None
    mother_maiden_name: str
    address: str
    worker_type: str
    category: str
    occupation: str | None = None
    village_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    employer_id: Any = None


@dataclass
class RegistrationCheck:
    errors: list[FieldError] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    nik: ParsedNIK | None = None
    village_code: str | None = None  # normalised 10 digits
    village_kind: VillageKind | None = None
    category: Category | None = None
    occupation: Occupation | None = None
    citations: list[Citation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def vulnerable(self) -> bool:
        """Registered in one of the regency's vulnerable-worker categories."""
        return bool(self.category and self.category.vulnerable)


def validate_registration(request: RegistrationRequest, participants: ParticipantsProfile,
                          registry: RegistryProfile, *, as_of: dt.date,
                          employer_kind: str | None = None) -> list[FieldError]:
    """The field errors of a registration (empty when it may be stored)."""
    return check_registration(request, participants, registry, as_of=as_of, employer_kind=employer_kind).errors


def check_registration(request: RegistrationRequest, participants: ParticipantsProfile,
                       registry: RegistryProfile, *, as_of: dt.date,
                       employer_kind: str | None = None) -> RegistrationCheck:
    """Errors, notices and what the registration establishes (parsed NIK, village kind,
    category with citations). `employer_kind` is the kind of the employer named by
    `employer_id` when the caller has loaded it."""
    check = RegistrationCheck()
    if request.regency_code != participants.regency_code:
        check.errors.append(FieldError("regency_code", "profil kabupaten tidak cocok / regency profile mismatch"))
    for name in REQUIRED_TEXT:
        if is_blank(getattr(request, name)):
            check.errors.append(FieldError(name, "wajib diisi / required"))
    _check_identity(request, participants.kemendagri_prefix, check, as_of)
    _check_classification(request, participants, check, as_of, employer_kind)
    _check_village(request.village_code, participants, check)
    check.errors.extend(coordinate_errors(request.latitude, request.longitude, registry.coordinate_bounds))
    return check


def _check_identity(request: RegistrationRequest, issuing_code: str, check: RegistrationCheck, as_of: dt.date) -> None:
    """`issuing_code`: the regency's Kemendagri code, the one Dukcapil puts first in a NIK it issues."""
    if request.sex is not None and request.sex not in SEXES:
        check.errors.append(FieldError("sex", "jenis kelamin harus M atau F / sex must be M or F"))
    if request.birth_date is not None and request.birth_date > as_of:
        check.errors.append(FieldError("birth_date", "tanggal lahir di masa depan / birth_date is in the future"))
    try:
        parsed = parse_nik(request.nik, stated_birth_date=request.birth_date, today=as_of)
    except InvalidNIK as exc:
        check.errors.append(FieldError("nik", exc.reason))
        return
    check.nik = parsed
    sex = request.sex if request.sex in SEXES else None
    mismatches = check_nik_matches(parsed, birth_date=request.birth_date, sex=sex)
    check.errors.extend(FieldError(f, m) for f, m in mismatches)
    if parsed.regency_code != issuing_code:
        check.notices.append(Notice("nik", "NIK diterbitkan di luar kabupaten ini (penduduk dapat pindah) / "
                                           "NIK issued outside this regency (informational: people move)"))


def _check_classification(request: RegistrationRequest, participants: ParticipantsProfile, check: RegistrationCheck,
                          as_of: dt.date, employer_kind: str | None) -> None:
    if request.worker_type not in WORKER_TYPES:
        check.errors.append(FieldError("worker_type", "harus pu atau bpu / must be pu or bpu"))
        return
    category = participants.category(request.category)
    if category is None or not category.in_force(as_of):
        allowed = ", ".join(c.id for c in participants.categories if c.in_force(as_of))
        link = f"/v1/vocabularies?regency_code={request.regency_code}#categories"
        check.errors.append(FieldError("category", "kategori peserta tidak dikenal di kabupaten ini / unknown "
                                                    f"participant category for this regency; allowed: {allowed} "
                                                    f"({link})"))
        return
    check.category = category
    _cite(check, category.citation)
    if request.worker_type not in category.worker_types:
        types = "/".join(category.worker_types)
        check.errors.append(FieldError("worker_type", f"kategori {category.id} hanya untuk {types} / "
                                                      f"category {category.id} takes {types}"))
    if not is_blank(request.occupation):
        _check_occupation(request, participants, category, check, as_of, employer_kind)


def _check_occupation(request: RegistrationRequest, participants: ParticipantsProfile, category: Category,
                      check: RegistrationCheck, as_of: dt.date, employer_kind: str | None) -> None:
    occupation = category.occupation(request.occupation)
    if occupation is None or not occupation.in_force(as_of):
        elsewhere = participants.find_occupation(request.occupation)
        hint = f" (kategori / category {elsewhere[0].id})" if elsewhere else ""
        allowed = ", ".join(o.id for o in category.occupations if o.in_force(as_of)) or "(none)"
        check.errors.append(FieldError("occupation", f"pekerjaan tidak ada dalam kategori {category.id} / "
                                                     f"occupation is not in category {category.id}{hint}; allowed: "
                                                     f"{allowed} (/v1/vocabularies?regency_code="
                                                     f"{request.regency_code}#occupations)"))
        return
    check.occupation = occupation
    _cite(check, occupation.citation)
    types, kind = "/".join(occupation.worker_types), occupation.employer_kind
    if request.worker_type not in occupation.worker_types and request.worker_type in category.worker_types:
        check.errors.append(FieldError("worker_type", f"pekerjaan {occupation.id} hanya untuk {types} / "
                                                      f"occupation {occupation.id} takes {types}"))
    if employer_kind and kind and employer_kind != kind:
        check.errors.append(FieldError("employer_id", f"pekerjaan {occupation.id} bekerja pada pemberi kerja {kind} / "
                                                      f"occupation {occupation.id} works for a {kind} employer"))


def _check_village(raw: str | None, participants: ParticipantsProfile, check: RegistrationCheck) -> None:
    if raw is None:
        return
    code = normalise_village_code(raw)
    if code is None:
        check.errors.append(FieldError("village_code", "kode desa/kelurahan harus 10 digit Kemendagri / "
                                                       "village_code must be the 10-digit Kemendagri code"))
        return
    kind = participants.village_kind_for_code(code)
    if kind is None:
        check.errors.append(FieldError("village_code", "digit ke-7 harus 1 (kelurahan) atau 2 (desa) / "
                                                       "the village part must start with 1 (kelurahan) or 2 (desa)"))
        return
    check.village_code, check.village_kind = code, kind
    if code[:4] != participants.kemendagri_prefix:  # Kemendagri code: Berau is 6405 (BPS) but 6403 here
        check.notices.append(Notice("village_code", "desa/kelurahan di luar kabupaten ini / "
                                                    "village outside this regency"))
    elif participants.places is not None and participants.places.village(code) is None:
        check.notices.append(Notice("village_code", f"kode desa/kelurahan tidak dikenal di "
                                                    f"{participants.places.source} / unknown village code"))


def coordinate_errors(latitude: float | None, longitude: float | None, bounds: Bounds) -> list[FieldError]:
    """Both coordinates or none; each a finite number inside the profile's bounding box."""
    if latitude is None and longitude is None:
        return []
    if latitude is None or longitude is None:
        missing = "latitude" if latitude is None else "longitude"
        return [FieldError(missing, "lintang dan bujur diisi berpasangan / latitude and longitude go in pairs")]
    errors = []
    pairs = (("latitude", latitude, bounds.latitude), ("longitude", longitude, bounds.longitude))
    for name, value, (low, high) in pairs:
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            errors.append(FieldError(name, "harus berupa angka / must be a number"))
        elif not low <= value <= high:
            errors.append(FieldError(name, f"di luar wilayah Indonesia / outside Indonesia ({low}..{high})"))
    return errors


def recipient_list_missing_fields(record: Mapping[str, Any],
                                  registry: RegistryProfile) -> list[tuple[str, Citation | None]]:
    """Fields a regency requires on an aid-recipient list row (Lamandau Pasal 27(1)) that the
    record lacks, each with its citation; empty where the regency sets no such list."""
    return [(f.field, f.citation) for f in registry.recipient_list_fields if is_blank(record.get(f.field))]


def _cite(check: RegistrationCheck, citation: Citation | None) -> None:
    if citation is not None:
        check.citations.append(citation)
