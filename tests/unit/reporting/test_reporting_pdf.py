"""The PDF export: Indonesian numbers, labels and hidden small cells, read from the page
streams (compression off; no PDF library needed for that)."""
from __future__ import annotations

import re
from dataclasses import replace

from reporting_samples import pdf_text

from reporting.reports.data import OverdueProject, ReportData
from reporting.reports.pdf import render_pdf


def text_of(data, meta, **kwargs) -> str:
    return pdf_text(render_pdf(data, meta, compress=False, **kwargs))


def test_numbers_are_written_the_indonesian_way(sample_data, sample_meta):
    text = text_of(sample_data, sample_meta)
    for expected in ("12.345", "11.000", "Rp16.800", "Rp1.000.000.000", "Rp349.983.200", "5,0 %", "40,0 %"):
        assert expected in text.splitlines(), expected
    assert "12345" not in text and "16800" not in text


def test_labels_dates_and_months_are_indonesian(sample_data, sample_meta):
    lines = pdf_text(render_pdf(sample_data, sample_meta, compress=False)).splitlines()
    for expected in ("Ringkasan", "Per Kecamatan", "Per Desa/Kelurahan", "Anggaran Bantuan Iuran",
                     "Sanksi Administratif", "Pendaftaran Jasa Konstruksi", "Terikat", "Terpakai",
                     "Dikembalikan", "Sisa", "31 Maret 2026 16.45", "2 Februari 2026", "20 Februari 2026",
                     "Perbup Sambas No. 59/2025 Pasal 28 ayat (1)"):
        assert expected in lines, expected


def test_small_cells_are_hidden(sample_data, sample_meta):
    lines = text_of(sample_data, sample_meta).splitlines()
    lorong, dalam_kaum = lines.index("Lorong"), lines.index("Dalam Kaum")
    assert lines[lorong + 1:lorong + 3] == ["<5", "<5"]
    assert lines[dalam_kaum + 1:dalam_kaum + 3] == ["*", "*"]


def test_charts_are_vector_bars(sample_data, sample_meta):
    pdf = render_pdf(sample_data, sample_meta, compress=False)
    filled_rects = re.findall(rb"[-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ re f", pdf)
    # 2 district bars + 2x4 budget parts (some empty) + legend squares + sanctions + construction
    assert len(filled_rects) >= 20
    assert b"/Subtype /Image" not in pdf


def test_compressed_output_is_a_pdf_with_the_same_text(sample_data, sample_meta):
    pdf = render_pdf(sample_data, sample_meta)
    assert pdf.startswith(b"%PDF-")
    assert "Rp16.800" in pdf_text(pdf)


def test_text_outside_latin1_does_not_break_the_pdf(sample_data, sample_meta):
    odd = OverdueProject("Gedung \u201cSerbaguna\u201d \u2013 Tahap II \U0001F3D7", "PT Maju\u2019s", "2026-01-05",
                         "2026-01-23", 60)
    data = replace(sample_data, construction=replace(sample_data.construction, overdue=(odd,)))
    text = text_of(data, sample_meta)
    assert 'Gedung "Serbaguna" - Tahap II ?' in text
    assert "PT Maju's" in text


def test_empty_period(sample_meta):
    data = ReportData.from_dict({"summary": {"participants": 0, "active_memberships": 0, "aid_funded": 0}})
    text = text_of(data, sample_meta)
    assert "Tidak ada data pada periode ini." in text
