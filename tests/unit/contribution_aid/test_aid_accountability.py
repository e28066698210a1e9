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


def test_a_file_is_issued_only_for_an_ended_period_and_complete(policies):
    from contribution_aid.domain.accountability import unissued_reason

    everything = {"recipient_decree", "bpjs_data_update", "bpjs_invoice", "transfer_proof"}
    berau = accountability_pack(policies["berau"], "apbd", "2026-03", "2026-03", present=everything)
    assert unissued_reason(berau, everything, period_end_passed=False) == "periode belum berakhir"
    assert unissued_reason(berau, everything, period_end_passed=True) is None
    short = accountability_pack(policies["berau"], "apbd", "2026-03", "2026-03",
                                present=everything - {"bpjs_data_update"})
    assert "pemutakhiran data" in unissued_reason(short, everything, period_end_passed=True)
    tabalong = accountability_pack(policies["tabalong"], "apbd", "2026-03", "2026-03", present=())
    assert "Bukti transfer" in unissued_reason(tabalong, {"recipient_decree", "bpjs_invoice"}, period_end_passed=True)
    assert unissued_reason(tabalong, {"recipient_decree", "bpjs_invoice", "transfer_proof"}, True) is None


def test_a_long_lampiran_is_summed_by_month_in_the_pdf(monkeypatch):
    import datetime as dt

    from contribution_aid.accountability import document
    from shared.documents.layout import Signature
    from tests.documents_support import pdftotext

    monkeypatch.setattr(document, "PDF_LINES", 2)
    lines = tuple((i, "Maret 2026", "TAGIHAN/1", f"peserta-{i}", 16_800, "sesuai") for i in range(1, 4))
    content = document.FileContent("Berau", "Maret 2026", (("Kabupaten", "Kabupaten Berau"),), (), "",
                                   (("Maret 2026", "TAGIHAN/1", 3, 50_400, 50_400, 50_400, "SP2D-1", "-"),), (), lines)
    official = document.Official(None, dt.date(2026, 4, 20), "Tanjung Redeb", ("DINAS",), ("Jl.", ""),
                                 Signature("Kepala Dinas", ""), "KONSEP")
    text = pdftotext(document.file_pdf(content, official))
    assert "dimuat lengkap dalam berkas XLSX" in text and "peserta-1" not in text and "KONSEP" in text
