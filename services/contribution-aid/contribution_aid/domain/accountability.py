"""What an accountability file (bukti pertanggungjawaban) for a period must hold.

Berau Pasal 23 lists the PD's documents for APBD-funded aid, Pasal 24 the company's for CSR;
each funding source in aid.yaml names which list applies to it (`accountability`). A regency
whose regulation lists no documents gets an empty pack that says so.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .months import month_index
from .outcomes import cite
from .policy import AidPolicy

PRESENT = "present"
MISSING = "missing"


@dataclass(frozen=True)
class DocumentStatus:
    code: str
    label: str
    citation: str
    status: str  # present / missing


@dataclass(frozen=True)
class AccountabilityPack:
    regency_code: str
    funding_source: str
    pack_kind: str | None  # agency / company, None when the regulation lists nothing
    period_start: str  # YYYY-MM
    period_end: str  # YYYY-MM, inclusive
    documents: tuple[DocumentStatus, ...]
    citations: tuple[str, ...]
    note: str = ""

    @property
    def complete(self) -> bool:
        return all(d.status == PRESENT for d in self.documents)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(d.code for d in self.documents if d.status == MISSING)


def accountability_pack(policy: AidPolicy, funding_source: str, period_start: str, period_end: str,
                        present: Iterable[str]) -> AccountabilityPack:
    """Each required document of the source's list, present or missing, for the period."""
    if month_index(period_end) < month_index(period_start):
        raise ValueError("period_end before period_start")
    source = policy.sources.get(funding_source)
    if source is None:
        raise ValueError(f"funding source {funding_source!r} not allowed in {policy.regency_code}")
    rules = policy.section("accountability").get(source.accountability or "") or {}
    if not rules:
        return AccountabilityPack(policy.regency_code, funding_source, None, period_start, period_end, (), (),
                                  "Peraturan bupati ini tidak merinci dokumen pertanggungjawaban.")
    have = set(present)
    documents = tuple(DocumentStatus(d["code"], d["label"], policy.cite(d["citation"]) or "",
                                     PRESENT if d["code"] in have else MISSING)
                      for d in rules.get("documents") or ())
    return AccountabilityPack(policy.regency_code, funding_source, source.accountability, period_start,
                              period_end, documents, cite(policy.cite(rules.get("citation")),
                                                          *(d.citation for d in documents)))


# What the aid service itself holds as evidence: a file of a regency whose regulation lists no
# documents still accounts for the decree, BPJS's invoices and the transfers.
SERVICE_EVIDENCE = ("recipient_decree", "bpjs_invoice", "transfer_proof")
SERVICE_EVIDENCE_LABELS = {"recipient_decree": "Keputusan Bupati tentang penerima bantuan iuran",
                           "bpjs_invoice": "Surat tagihan iuran dari BPJS Ketenagakerjaan",
                           "transfer_proof": "Bukti transfer pembayaran iuran kepada BPJS Ketenagakerjaan"}


def unissued_reason(pack: AccountabilityPack, present: Iterable[str], period_end_passed: bool) -> str | None:
    """Why the file cannot be issued as an official (numbered, signed) document yet, or None.
    It is issued once, so only a period that has ended and a file that is complete: the
    regulation's list where it has one, else the service's own evidence."""
    if not period_end_passed:
        return "periode belum berakhir"
    if pack.documents:
        missing = [d.label for d in pack.documents if d.status == MISSING]
    else:
        missing = [SERVICE_EVIDENCE_LABELS[c] for c in SERVICE_EVIDENCE if c not in set(present)]
    return f"bukti belum lengkap: {'; '.join(missing)}" if missing else None
