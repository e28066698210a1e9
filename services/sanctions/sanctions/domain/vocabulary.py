"""The words the sanctions domain and its profiles share.

These are identifiers, not law: which of them a regency uses, with what citation and from
when, is written in `profiles/<regency>/sanctions.yaml`. The code only knows how to evaluate
each word (e.g. how to tell from a case's findings whether BPJS has asked for a sanction).
"""
from __future__ import annotations

# docs/API.md §9: the public services OSS/PTSP asks clearance for.
SERVICES = frozenset({
    "business_license",
    "tender_permit",
    "foreign_worker_permit",
    "labor_provider_permit",
    "construction_company_permit",
    "building_approval",
})

# docs/API.md §9: where a finding comes from.
SOURCES = frozenset({"bpjs_request", "inspector_recommendation", "system"})

# Who a case is about. `employer` is a non-state employer (Pemberi Kerja selain
# Penyelenggara Negara), the only kind national law lets be denied public services.
SUBJECT_KINDS = frozenset({"employer", "state_employer", "worker"})
# An employer the registry has not yet described to this service (its EmployerRegistered not yet
# consumed): whether it is a state body is unknown, so no sanction may be imposed on it yet.
UNKNOWN_EMPLOYER = "unknown_employer"

# Steps of the sanction ladder (sanksi administratif).
WARNING, FINE, TMP2T = "warning", "fine", "tmp2t"
LADDER_STEPS = (WARNING, FINE, TMP2T)

# Evidence a case can receive (docs/API.md §9 `POST /v1/cases/{id}/evidence`).
# A finding from a docs/API.md §9 source is recorded as evidence of the same name; `system` findings
# (e.g. a construction project registered late) as `system_finding`.
FINDING_EVIDENCE = frozenset({"bpjs_request", "inspector_recommendation", "system_finding"})
LADDER_EVIDENCE = frozenset({"warning_issued", "fine_imposed", "commitment_signed", "joint_visit"})
COMPLIANCE_EVIDENCE = frozenset({"fine_paid", "registered", "data_completed", "contributions_paid"})
EVIDENCE_KINDS = FINDING_EVIDENCE | LADDER_EVIDENCE | COMPLIANCE_EVIDENCE

# Prerequisites for imposing TMP2T the domain knows how to check (decisions.py).
PREREQUISITES = frozenset({
    "bpjs_request",
    "inspector_recommendation",
    "request_letters_to_regent_copied_to_agency",
})

# Deadline units used by ladder parameters.
WORKING_DAYS, CALENDAR_DAYS = "working_days", "calendar_days"
DEADLINE_UNITS = frozenset({WORKING_DAYS, CALENDAR_DAYS})

# Licence applications (licensing.py).
APPLICATION_KINDS = frozenset({"new", "renewal"})

# Addressee of a request letter (Lamandau Pasal 31(3): "kepada Bupati").
REGENT = "regent"

# Indonesian labels for letters, decisions and clearance reasons (display only).
EVIDENCE_LABELS = {
    "bpjs_request": "surat permintaan BPJS Ketenagakerjaan",
    "inspector_recommendation": "surat rekomendasi Pengawas Ketenagakerjaan",
    "system_finding": "temuan sistem",
    "warning_issued": "teguran tertulis",
    "fine_imposed": "pengenaan denda",
    "commitment_signed": "pernyataan tertulis kesanggupan",
    "joint_visit": "kunjungan lapangan bersama",
    "fine_paid": "denda telah disetor lunas kepada BPJS Ketenagakerjaan",
    "registered": "Pemberi Kerja dan Pekerjanya telah terdaftar sebagai Peserta",
    "data_completed": "data Pemberi Kerja dan Pekerjanya telah diberikan secara lengkap dan benar",
    "contributions_paid": "tunggakan iuran telah dibayar",
}
SUBJECT_LABELS = {
    "employer": "Pemberi Kerja selain Penyelenggara Negara",
    "state_employer": "Pemberi Kerja Penyelenggara Negara",
    "worker": "Pekerja",
    UNKNOWN_EMPLOYER: "Pemberi Kerja yang belum dikenal layanan sanksi",
}
SOURCE_TO_EVIDENCE = {
    "bpjs_request": "bpjs_request",
    "inspector_recommendation": "inspector_recommendation",
    "system": "system_finding",
}
