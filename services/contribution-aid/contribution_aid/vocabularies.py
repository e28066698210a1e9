"""Contribution-aid's vocabularies (docs/API.md §12), from the regency's `aid.yaml` as the kernel
loaded it: funding sources (with their earmarks: which schemes, village kinds or payers a source
may fund), aided schemes and programmes, accountability documents, decree change kinds, palm-oil
adjustment reasons, and the aid flow as a state machine (docs/API.md §8.1)."""
from __future__ import annotations

import datetime as dt

from shared.regulation import profiles
from shared.vocabularies import Vocabularies, regulation_dates, term

RECIPIENT_EN = {"agency": "the paying agency", "company": "the company", "village": "the village (desa)",
                "province": "the province"}
# The aid flow (docs/API.md §8.1): what moves a participant's aid from one state to the next.
AID_FLOW = (
    ("budgeted", "allocated", "POST /v1/allocations", "dana dialokasikan untuk peserta", "funding_article"),
    ("allocated", "decreed", "POST /v1/decrees", "ditetapkan dengan Keputusan Bupati", "recipient_list"),
    ("decreed", "invoiced", "POST /v1/invoices", "tagihan iuran BPJS Ketenagakerjaan diterima", None),
    ("invoiced", "paid", "POST /v1/invoices/{id}/payments", "iuran dibayar bendahara", None),
    ("allocated", "stopped", "MembershipTerminated", "bantuan iuran dihentikan; sisa bulan kembali ke anggaran",
     "stopping"),
    ("decreed", "stopped", "MembershipTerminated", "bantuan iuran dihentikan; sisa bulan kembali ke anggaran",
     "stopping"),
    ("paid", "stopped", "MembershipTerminated", "bantuan iuran dihentikan; sisa bulan kembali ke anggaran",
     "stopping"),
)
CHANGE_LABELS = {"addition": "penambahan peserta", "reduction": "pengurangan peserta",
                 "replacement": "penggantian peserta"}
EARMARK_RULES = {"schemes": "hanya untuk skema", "village_kind": "hanya untuk jenis desa",
                 "own_village": "hanya untuk warga desa sendiri", "payer_kind": "dibayar oleh"}
STATES = {"budgeted": "dianggarkan", "allocated": "dialokasikan", "decreed": "ditetapkan dengan keputusan",
          "invoiced": "ditagihkan", "paid": "dibayar", "stopped": "dihentikan"}


def vocabularies(regency_code: str, as_of: dt.date) -> Vocabularies:
    regency = profiles().regency(regency_code)
    aid = regency.model("aid") if regency is not None else None
    if aid is None:
        return {"funding_sources": [], "schemes": [], "aid_states": [], "aid_flow": []}
    reg = regency.title
    valid_from, valid_until = regulation_dates(regency_code)
    dated = {"regulation": reg, "valid_from": valid_from, "valid_until": valid_until}
    earmarks: dict[str, list[dict]] = {}
    for mark in aid.earmarks:
        earmarks.setdefault(mark.source, []).append(
            {"rule": mark.rule, "values": list(mark.values) or None, "interpretation": mark.interpretation})
    return {
        "funding_sources": [term(k, s.label, s.citation, **dated, invoice_recipient=s.invoice_recipient,
                                 invoice_recipient_en=RECIPIENT_EN.get(s.invoice_recipient),
                                 earmarks=earmarks.get(k)) for k, s in aid.funding_sources.items()],
        "earmarks": [term(f"{m.source}:{m.rule}", f"{m.source}: {EARMARK_RULES[m.rule]} {', '.join(m.values)}".strip(),
                          m.citation,
                          **dated, source=m.source, rule=m.rule, values=list(m.values) or None,
                          interpretation=m.interpretation) for m in aid.earmarks],
        "schemes": [term(k, scheme_label(regency, k), s.citation, **dated,
                         programs=list(aid.aided_programs.programs)) for k, s in aid.aided_schemes.items()],
        "aided_programs": [term(p, p, aid.aided_programs.citation, **dated) for p in aid.aided_programs.programs],
        "accountability_documents": [term(d.code, d.label, d.citation, **dated, funding_source=k)
                                     for k, acc in aid.accountability.items() for d in acc.documents],
        "decree_change_kinds": [term(k, CHANGE_LABELS.get(k, k.replace("_", " ")), aid.decrees.changes_citation,
                                     **dated, label_en=k.replace("_", " "))
                                for k in aid.decrees.change_kinds],
        "palm_oil_adjustment_reasons": [term(r.code, r.label, r.citation, **dated)
                                        for r in (aid.palm_oil.adjustment_reasons if aid.palm_oil else [])],
        "aid_states": [term(k, label) for k, label in STATES.items()],
        "aid_flow": [term(f"{a}->{b}", label, _flow_citation(aid, cite), regulation=reg, **{"from": a}, to=b, by=by)
                     for a, b, by, label, cite in AID_FLOW],
    }


def scheme_label(regency, scheme_id: str) -> str:
    """The scheme's Indonesian label from eligibility.yaml, its one home (read through the kernel)."""
    schemes = (regency.part("eligibility") or {}).get("schemes") or {}
    return str((schemes.get(scheme_id) or {}).get("label") or scheme_id.replace("_", " "))


def _flow_citation(aid, which: str | None) -> str | None:
    return {"funding_article": aid.funding_article.citation, "recipient_list": aid.decrees.recipient_list_citation,
            "stopping": aid.stopping.citation}.get(which or "")
