"""Accountability packs (Berau Pasal 23 for the PD, Pasal 24 for a company)."""
from __future__ import annotations

from contribution_aid.domain.accountability import accountability_pack


def test_agency_pack_reports_missing_documents(policies):
    pack = accountability_pack(policies["berau"], "apbd", "2026-01", "2026-06",
                               present={"recipient_decree", "bpjs_invoice"})
    assert pack.pack_kind == "agency" and not pack.complete
    assert pack.missing == ("bpjs_data_update", "transfer_proof")
    assert [d.citation[-7:] for d in pack.documents] == ["huruf a", "huruf b", "huruf c", "huruf d"]
    assert pack.citations[0] == "Perbup Berau No. 44/2024 Pasal 23"


def test_company_pack_has_the_five_documents_of_pasal_24(policies):
    codes = ["bpjs_data_update", "bpjs_invoice", "transfer_proof", "regent_certificate", "csr_report"]
    pack = accountability_pack(policies["berau"], "csr", "2026-01", "2026-12", present=codes)
    assert [d.code for d in pack.documents] == codes and pack.complete


def test_regency_without_listed_documents_says_so(policies):
    pack = accountability_pack(policies["tabalong"], "apbd", "2026-01", "2026-06", present=())
    assert pack.documents == () and pack.pack_kind is None and "tidak merinci" in pack.note
