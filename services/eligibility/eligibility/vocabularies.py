"""Eligibility's vocabularies (docs/API.md §12), from the compiled regency profiles: schemes (per
regulation, with their programmes), applicant facts with their kinds and allowed values (the
enums of docs/API.md §5, the values the regency's conditions name, e.g. Sambas religious roles,
and the ranking values such as `extreme_poor`), ranking criteria and the programmes the regency
runs."""
from __future__ import annotations

import datetime as dt
from typing import Any

from eligibility.guidance.service import sectors_of
from eligibility.rules.conditions import Condition, FactIn, FlagOrListed, RoleMatchesReligion
from eligibility.rules.facts import CONTRACT_FACTS, FACT_SPECS
from eligibility.rules.profiles import RegencyProfile, default_registry
from shared.regulation import profiles
from shared.vocabularies import Vocabularies, term

PROGRAMMES = {"JKK": ("Jaminan Kecelakaan Kerja", "work accident"), "JKM": ("Jaminan Kematian", "death"),
              "JHT": ("Jaminan Hari Tua", "old age savings"), "JP": ("Jaminan Pensiun", "pension"),
              "JKP": ("Jaminan Kehilangan Pekerjaan", "job loss")}

# Indonesian labels of the applicant facts (docs/API.md §5 names them in English; staff read these).
FACT_LABELS = {
    "nik": "NIK", "birth_date": "tanggal lahir", "sex": "jenis kelamin", "domicile_regency_code": "kabupaten domisili",
    "has_ktp": "memiliki KTP", "has_e_ktp": "memiliki KTP elektronik", "worker_type": "jenis peserta (PU/BPU)",
    "occupation": "pekerjaan", "monthly_income": "penghasilan per bulan",
    "vulnerable_independent_worker": "pekerja mandiri rentan", "already_protected": "sudah menjadi peserta aktif",
    "actively_working": "masih aktif bekerja", "healthy": "sehat jasmani dan rohani",
    "seriously_ill_or_in_er": "sakit berat atau dirawat di UGD", "deceased": "meninggal dunia", "religion": "agama",
    "religious_role": "peran keagamaan", "religious_org_proposal": "diusulkan organisasi keagamaan",
    "village_acknowledged": "diketahui kepala desa/lurah", "palm_oil_worker": "pekerja perkebunan sawit",
    "vulnerable_worker": "pekerja rentan", "data_source": "sumber data",
    "registered_by_employer": "didaftarkan pemberi kerja", "found_in_field_verification": "ditemukan saat verifikasi",
    "withdrawal_requested": "mengundurkan diri", "identity_error": "kesalahan identitas",
    "total_permanent_disability": "cacat total tetap", "stopped_working": "berhenti bekerja",
    "disability": "disabilitas", "dependants": "jumlah tanggungan", "poverty_level": "tingkat kemiskinan",
    "work_risk": "risiko pekerjaan",
}


def vocabularies(regency_code: str, as_of: dt.date) -> Vocabularies:
    profile = default_registry().get(regency_code)
    schemes = [s for versions in profile.schemes.values() for s in versions]
    return {
        "schemes": [term(s.id, s.label, s.citation, valid_from=s.regulation.in_force_from,
                         valid_until=s.regulation.in_force_until, regulation=s.regulation.title,
                         programs=list(s.programs), facts=list(s.fact_order), ranked=s.ranking is not None)
                    for s in schemes],
        "facts": _facts(profile, schemes),
        "ranking_criteria": [term(f"{s.id}:{c.name}", c.label or c.name, c.citation, scheme=s.id, fact=c.fact,
                                  valid_from=s.regulation.in_force_from, valid_until=s.regulation.in_force_until,
                                  values=[v for v, _ in c.points if isinstance(v, str)] or None)
                             for s in schemes if s.ranking for c in s.ranking.criteria],
        "programs": _programmes(profile),
        "sectors": [term(s["id"], s["label"], s.get("citation"), regulation=profiles().title(regency_code) or "")
                    for s in sectors_of(regency_code)],
    }


def _facts(profile: RegencyProfile, schemes) -> list[dict]:
    named: dict[str, set[str]] = {}
    for scheme in schemes:
        for condition in scheme.conditions:
            _collect(condition, named)
        for criterion in scheme.ranking.criteria if scheme.ranking else ():
            named.setdefault(criterion.fact, set()).update(v for v, _ in criterion.points if isinstance(v, str))
    out = []
    for name, (kind, allowed) in FACT_SPECS.items():
        values = list(allowed) if allowed else sorted(named.get(name, ())) or None
        out.append(term(name, FACT_LABELS.get(name, name.replace("_", " ")), label_en=name.replace("_", " "),
                        kind=kind, values=values,
                        closed=bool(allowed), in_contract=name in CONTRACT_FACTS,
                        used_by=sorted({s.id for s in schemes if name in s.fact_order}) or None))
    return out


def _collect(condition: Condition | None, named: dict[str, set[str]]) -> None:
    """Values a regency's conditions name for a fact (open facts: what the text lists)."""
    if condition is None:
        return
    if isinstance(condition, FactIn | FlagOrListed) and condition.fact:
        named.setdefault(condition.fact, set()).update(condition.values)
    if isinstance(condition, RoleMatchesReligion):
        for religion, roles in condition.roles:
            named.setdefault("religious_role", set()).update(roles)
            named.setdefault("religion", set()).add(religion)
    for inner in getattr(condition, "options", ()) or ():
        _collect(inner, named)
    _collect(getattr(condition, "option", None), named)


def _programmes(profile: RegencyProfile) -> list[dict[str, Any]]:
    out = []
    for entry in profile.programs_run:
        for code in entry.value:
            label, en = PROGRAMMES.get(code, (code, None))
            out.append(term(code, label, entry.citation, valid_from=entry.valid_from, valid_until=entry.valid_until,
                            label_en=en))
    return out
