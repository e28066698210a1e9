"""The XLSX export: open it with openpyxl and check the numbers and the charts."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from io import BytesIO

from openpyxl import load_workbook

from reporting.reports.data import ReportData
from reporting.reports.suppression import SuppressionPolicy
from reporting.reports.xlsx import render_xlsx
from tests.documents_support import evaluated

SHEETS = ["Ringkasan", "Per Kecamatan", "Per Desa", "Program", "Kategori", "Anggaran", "Sanksi", "Jasa Konstruksi"]


def workbook(data, meta, **kwargs):
    return load_workbook(BytesIO(render_xlsx(data, meta, **kwargs)))


def table(ws, header_text: str) -> list[tuple]:
    """The rows under the header row whose first cell is `header_text`, up to a blank row."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == header_text)
    out = []
    for row in rows[start + 1:]:
        if all(v is None for v in row):
            break
        out.append(row)
    return out


def test_sheets_in_order(sample_data, sample_meta):
    assert workbook(sample_data, sample_meta).sheetnames == SHEETS


def test_summary_numbers(sample_data, sample_meta):
    items = dict(table(workbook(sample_data, sample_meta)["Ringkasan"], "Uraian"))
    assert items["Kabupaten"] == "Sambas"
    assert items["Periode"] == "Triwulan I 2026"
    assert items["Dasar hukum"] == "Perbup Sambas No. 59/2025 Pasal 28 ayat (1)"
    assert items["Jumlah peserta"] == 12345
    assert items["Kepesertaan aktif"] == 11000
    assert items["Cakupan kepesertaan aktif"] == 0.05      # 11.000 / 220.000, Excel percent format
    assert items["Target UCJ"] == 1.0


def test_district_sheet_totals_and_chart(sample_data, sample_meta):
    ws = workbook(sample_data, sample_meta)["Per Kecamatan"]
    rows = table(ws, "Kode")
    assert rows[0][:5] == ("610101", "Sambas", 7345, 6500, 2500)
    assert evaluated(ws, rows[-1])[1:5] == ("Jumlah", 12345, 11000, 4200)
    assert rows[-1][2] == "=SUM(C5:C6)"  # a total a reader can check
    assert round(rows[0][6], 4) == 0.0542
    (chart,) = ws._charts
    assert chart.tagname == "barChart" and chart.grouping == "clustered"


def test_village_sheet_hides_small_cells(sample_data, sample_meta):
    rows = table(workbook(sample_data, sample_meta)["Per Desa"], "Kode kecamatan")
    by_village = {r[3]: r[4:6] for r in rows}
    assert by_village["Lorong"] == ("<5", "<5")
    assert by_village["Dalam Kaum"] == ("*", "*")       # else 7.345 - 7.302 - 40 = 3 gives Lorong away
    assert by_village["Pendawan"] == (7302, 6460)


def test_village_threshold_follows_the_policy(sample_data, sample_meta):
    rows = table(workbook(sample_data, sample_meta, policy=SuppressionPolicy(threshold=50))["Per Desa"],
                 "Kode kecamatan")
    assert {r[3]: r[4] for r in rows}["Dalam Kaum"] == "<50"


def test_budget_sheet_and_stacked_chart(sample_data, sample_meta):
    ws = workbook(sample_data, sample_meta)["Anggaran"]
    rows = table(ws, "Sumber dana")
    assert rows[0] == ("APBD Kabupaten 2026", 1_000_000_000, 250_000_000, 400_000_000, 16_800, 349_983_200, 0.4)
    assert evaluated(ws, rows[-1])[:6] == ("Jumlah", 1_500_000_000, 350_000_000, 450_000_000, 16_800, 699_983_200)
    (chart,) = ws._charts
    assert chart.grouping == "stacked" and chart.overlap == 100
    assert len(chart.series) == 4                       # terikat, terpakai, dikembalikan, sisa
    assert ws["B5"].number_format == '"Rp"#,##0'


def test_sanctions_and_construction(sample_data, sample_meta):
    wb = workbook(sample_data, sample_meta)
    assert evaluated(wb["Sanksi"], table(wb["Sanksi"], "Pelanggaran")[-1]) == ("Jumlah", 8, 4, 2)
    assert len(wb["Sanksi"]._charts) == 1
    construction = wb["Jasa Konstruksi"]
    assert dict(evaluated(construction, r[:2]) for r in table(construction, "Status pendaftaran proyek")) == {
        "Didaftarkan tepat waktu": 14, "Didaftarkan terlambat": 3,
        "Belum didaftarkan, belum jatuh tempo": 2, "Belum didaftarkan, lewat tenggat": 1, "Jumlah": 20}
    overdue = table(construction, "Proyek")
    assert overdue[0][0] == "Jembatan Sungai Sambas" and overdue[0][5] == 39
    assert len(construction._charts) == 1


def test_empty_period_still_gives_a_workbook(sample_meta):
    data = ReportData.from_dict({"summary": {"participants": 0, "active_memberships": 0, "aid_funded": 0}})
    wb = workbook(data, sample_meta)
    assert wb.sheetnames == SHEETS
    assert dict(table(wb["Ringkasan"], "Uraian"))["Cakupan kepesertaan aktif"] == "-"
    assert wb["Anggaran"]._charts == []


def test_time_zone_aware_times_are_written_as_given(sample_data, sample_meta):
    wita = dt.timezone(dt.timedelta(hours=8))
    meta = replace(sample_meta, generated_at=dt.datetime(2026, 4, 2, 9, 30, tzinfo=wita))
    items = dict(table(workbook(sample_data, meta)["Ringkasan"], "Uraian"))
    assert items["Dibuat pada"] == dt.datetime(2026, 4, 2, 9, 30)


def test_every_table_sheet_is_one_people_work_with(sample_data, sample_meta):
    """Built by the one XLSX table writer: frozen header, filter, print titles, A4 landscape fitted."""
    wb = workbook(sample_data, sample_meta)
    for ws in wb.worksheets[1:]:
        assert ws.freeze_panes == "A5" and ws.auto_filter.ref.startswith("A4:"), ws.title
        assert ws.print_title_rows == "$4:$4" and ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
