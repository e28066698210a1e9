"""The sanctions service's vocabularies (docs/API.md §12), from the regency's sanctions profile as
the kernel loaded it: violations, the ladder (in order), case states and the case flow (a state
machine: which evidence or decision moves which step, docs/API.md §9.1), evidence kinds with what
each proves, services with their executing agencies, agencies, licence documents, decision kinds,
subject kinds and finding sources."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sanctions.domain.case_state import CaseState
from sanctions.domain.profile import InForce, SanctionsProfile
from sanctions.domain.vocabulary import (
    COMPLIANCE_EVIDENCE,
    EVIDENCE_LABELS,
    FINDING_EVIDENCE,
    SOURCES,
    SUBJECT_KINDS,
    SUBJECT_LABELS,
)
from sanctions.profiles import known_regencies, profile_for
from shared.vocabularies import Vocabularies, term

STATE_LABELS = {
    CaseState.OPEN: ("terbuka", "open: a finding is on file"),
    CaseState.COMMITMENT: ("pernyataan kesanggupan", "written commitment with a deadline"),
    CaseState.WARNED: ("teguran tertulis", "written warning issued"),
    CaseState.FINED: ("denda", "fine imposed"),
    CaseState.SANCTION_REQUESTED: ("sanksi TMP2T dimohonkan", "TMP2T requested, awaiting the regency's decision"),
    CaseState.IMPOSED: ("sanksi TMP2T dikenakan", "TMP2T imposed: services denied"),
    CaseState.LIFTED: ("sanksi dicabut", "sanction lifted"),
    CaseState.REJECTED: ("permohonan sanksi ditolak", "request rejected"),
    CaseState.RESOLVED: ("kewajiban dipenuhi sebelum sanksi", "obligations met before any TMP2T"),
}
EVIDENCE_EN = {
    "bpjs_request": "BPJS Ketenagakerjaan's request letter", "inspector_recommendation": "labour inspector's "
    "recommendation", "system_finding": "system finding", "warning_issued": "written warning issued",
    "fine_imposed": "fine imposed (amount in rupiah)", "commitment_signed": "written commitment (with deadline)",
    "joint_visit": "joint field visit (kept on file)", "fine_paid": "fine paid (in full, amount in rupiah)",
    "registered": "employer and workers registered", "data_completed": "data completed",
    "contributions_paid": "contribution arrears paid",
}
DECISIONS = {
    "impose": ("mengenakan sanksi TMP2T", "impose TMP2T (prerequisites must all hold)"),
    "reject": ("menolak permohonan sanksi", "reject the request"),
    "lift": ("mencabut sanksi dengan keputusan", "lift by decree (regencies that do not lift automatically)"),
}
SOURCE_LABELS = {"bpjs_request": "surat permintaan BPJS Ketenagakerjaan",
                 "inspector_recommendation": "surat rekomendasi Pengawas Ketenagakerjaan", "system": "temuan sistem"}
DOCUMENT_LABELS = {"bpjs_membership_certificate": "sertifikat kepesertaan BPJS Ketenagakerjaan",
                   "latest_contribution_payment_proof": "bukti pembayaran iuran terakhir BPJS Ketenagakerjaan"}


def _dates(period: InForce) -> dict[str, Any]:
    return {"valid_from": period.valid_from, "valid_until": period.valid_until}


def vocabularies(regency_code: str, as_of: dt.date) -> Vocabularies:
    if regency_code not in known_regencies():  # no sanctions part: this regency sanctions nothing here
        return {}
    profile = profile_for(regency_code)
    reg = profile.regulation_title
    return {
        "violations": [term(v.id, v.label, v.citation, **_dates(v.period), duty_citation=str(v.duty_citation),
                            subject_kinds=sorted(v.subjects), obligation_evidence=list(v.obligation_evidence),
                            lifting_evidence=list(v.lifting.all_of) if v.lifting else [],
                            lifting_citation=str(v.lifting.citation) if v.lifting else None)
                       for v in profile.violations],
        "ladder": _ladder(profile, as_of),
        "case_states": [term(s.value, *STATE_LABELS[s][:1], label_en=STATE_LABELS[s][1],
                             closed=s in (CaseState.LIFTED, CaseState.REJECTED, CaseState.RESOLVED))
                        for s in _states(profile, as_of)],
        "case_flow": case_flow(profile, as_of),
        "evidence_kinds": _evidence_kinds(profile, as_of),
        "services": [term(s.service, s.label, s.citation, **_dates(s.period), executing_agency=s.agency_id,
                          executing_agency_name=profile.agency(s.agency_id).name,
                          agency_citation=str(s.agency_citation) if s.agency_citation else None,
                          from_permit_year=s.from_permit_year) for s in profile.services],
        "agencies": [term(a.id, a.name, a.citation, regulation=reg, short_name=a.short_name, role=a.role or None)
                     for a in profile.agencies.values()],
        "prerequisites": [term(p.id, p.label, p.citation, **_dates(p.period), interpretation=p.interpretation)
                          for p in profile.prerequisites],
        "licence_documents": _documents(profile),
        "licence_requirements": [term(r.id, r.label, r.citation, **_dates(r.period), kinds=sorted(r.kinds),
                                      services=sorted(r.services) if r.services is not None else "all",
                                      accepted_documents=sorted(r.accepted_documents)) for r in profile.licensing],
        "decision_kinds": [term(k, label, label_en=en) for k, (label, en) in DECISIONS.items()],
        "subject_kinds": [term(k, SUBJECT_LABELS[k]) for k in sorted(SUBJECT_KINDS)],
        "sources": [term(s, SOURCE_LABELS[s], evidence_kind="system_finding" if s == "system" else s)
                    for s in sorted(SOURCES)],
    }


def _ladder(profile: SanctionsProfile, as_of: dt.date) -> list[dict]:
    order = {"warning": 1, "fine": 2, "tmp2t": 3}
    steps = sorted(profile.ladder, key=lambda s: (order[s.step], s.period.valid_from))
    return [term(s.step, s.label, s.citation, **_dates(s.period), order=order[s.step], issued_by=s.issued_by,
                 subject_kinds=sorted(s.subjects), interpretation=s.interpretation,
                 escalation_citation=str(s.escalation_citation) if s.escalation_citation else None) for s in steps]


def _states(profile: SanctionsProfile, as_of: dt.date) -> list[CaseState]:
    absent = set()
    if profile.commitment_on(as_of) is None:
        absent.add(CaseState.COMMITMENT)
    if profile.step("warning", as_of) is None:
        absent.add(CaseState.WARNED)
    if profile.step("fine", as_of) is None:
        absent.add(CaseState.FINED)
    return [s for s in CaseState if s not in absent]


def _evidence_kinds(profile: SanctionsProfile, as_of: dt.date) -> list[dict]:
    proves: dict[str, list[str]] = {}
    for v in profile.violations_on(as_of):
        for kind in {*v.obligation_evidence, *(v.lifting.all_of if v.lifting else ())}:
            proves.setdefault(kind, []).append(v.id)
    moves = {f"{t['by']}": t["to"] for t in case_flow(profile, as_of) if t["kind"] == "evidence"}
    out = []
    for kind in sorted(EVIDENCE_LABELS):
        group = "finding" if kind in FINDING_EVIDENCE else "compliance" if kind in COMPLIANCE_EVIDENCE else "ladder"
        out.append(term(kind, EVIDENCE_LABELS[kind], label_en=EVIDENCE_EN[kind], group=group,
                        proves_for_violations=sorted(proves.get(kind, [])), moves_to=moves.get(kind),
                        takes_amount=kind in ("fine_imposed", "fine_paid"),
                        takes_deadline=kind == "commitment_signed"))
    return out


def _documents(profile: SanctionsProfile) -> list[dict]:
    ids = sorted({d for r in profile.licensing for d in r.accepted_documents})
    return [term(d, DOCUMENT_LABELS.get(d, d.replace("_", " ")),
                 required_by=sorted(r.id for r in profile.licensing if d in r.accepted_documents)) for d in ids]


def case_flow(profile: SanctionsProfile, as_of: dt.date) -> list[dict]:
    """The case as a state machine for this regency on this date: one entry per transition, naming
    the evidence kind or decision that moves it and the article behind it."""
    states = {s.value for s in _states(profile, as_of)}
    pre = [s for s in ("open", "commitment", "warned") if s in states]
    tmp2t = profile.step("tmp2t", as_of)
    asking = sorted({"bpjs_request"} | {p.id for p in profile.prerequisites_on(as_of)} & FINDING_EVIDENCE)
    flow = []

    def add(frm, to, kind, by, label, citation=None, **extra):
        flow.append(term(f"{frm}->{to}:{by}", label, citation, **{"from": frm}, to=to, kind=kind, by=by, **extra))

    for name, to, evidence in (("warning", "warned", "warning_issued"), ("fine", "fined", "fine_imposed")):
        step = profile.step(name, as_of)
        if step is not None:
            for frm in pre:
                add(frm, to, "evidence", evidence, step.label, step.citation)
    commitment = profile.commitment_on(as_of)
    if commitment is not None:
        for frm in ("open", "warned"):
            add(frm, "commitment", "evidence", "commitment_signed", commitment.label, commitment.citation)
    if tmp2t is not None:
        for frm in [*pre, *(["fined"] if "fined" in states else [])]:
            for kind in asking:
                add(frm, "sanction_requested", "evidence", kind, EVIDENCE_LABELS[kind], tmp2t.citation)
        prerequisites = [p.id for p in profile.prerequisites_on(as_of)]
        add("sanction_requested", "imposed", "decision", "impose", tmp2t.label, tmp2t.citation,
            requires=prerequisites, requires_evidence=[p for p in prerequisites if p in EVIDENCE_LABELS])
        add("sanction_requested", "rejected", "decision", "reject", DECISIONS["reject"][0])
    for frm in [*pre, *(["fined"] if "fined" in states else [])]:
        add(frm, "resolved", "evidence", "obligation_evidence", "kewajiban dipenuhi (lihat violations)",
            note="every obligation_evidence of the case's violation on file")
    automatic = profile.choice("lifting_is_automatic", "automatic") == "automatic"
    if tmp2t is not None:
        by = "lifting_evidence" if automatic else "lift"
        add("imposed", "lifted", "evidence" if automatic else "decision", by, "sanksi dicabut",
            note="every lifting_evidence of the case's violation on file"
                 + ("" if automatic else ", then a `lift` decision"))
    return flow
