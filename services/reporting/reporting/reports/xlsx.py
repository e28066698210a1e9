"""A period report as an Indonesian-language Excel workbook (openpyxl), with native charts.

Numbers stay numbers (Excel shows thousands separators in the reader's locale); suppressed
village counts are the text "<5" or "*".
"""
from __future__ import annotations

import datetime as dt
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from shared.documents.xlsx import BOLD
from shared.documents.xlsx import write_table as write_shared_table

from . import tables as t
from .data import ReportData, ReportMeta
from .suppression import SuppressionPolicy
from .xlsx_charts import add_bar_chart, add_budget_chart

FORMATS = {t.COUNT: "#,##0", t.MONEY: '"Rp"#,##0', t.PERCENT: "0.0%", t.DATE: "DD/MM/YYYY"}


def _cell_value(value, kind: str):
    if kind == t.PERCENT and isinstance(value, (int, float)):
        return value / 100.0   # Excel percent format multiplies by 100
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; the time is kept as given
    return value


def _write_cell(ws: Worksheet, row: int, col: int, value, kind: str, bold: bool = False):
    cell = ws.cell(row=row, column=col, value=_cell_value(value, kind))
    if isinstance(value, str) and kind in (t.COUNT, t.MONEY):
        cell.alignment = Alignment(horizontal="right")   # "<5" lines up with the numbers
    elif kind in FORMATS:
        cell.number_format = FORMATS[kind]
    if isinstance(value, dt.datetime):
        cell.number_format = "DD/MM/YYYY HH:MM"
    if bold:
        cell.font = BOLD
    return cell


def _title(meta: ReportMeta, title: str) -> tuple[str, str]:
    return f"{title} - {meta.regency_name}", f"{meta.report_kind_label}, periode {meta.period_label}"


def write_table(ws: Worksheet, table: t.Table, heading: tuple[str, ...] = (), start_row: int = 1,
                primary: bool = True) -> tuple[int, int]:
    """Lay a report table out through the one XLSX table writer (shared.documents.xlsx): a total
    that is the sum of its column becomes a SUM formula. Returns (header row, last data row)."""
    rows = [[_cell_value(v, c.kind) for v, c in zip(row, table.columns, strict=False)] for row in table.rows]
    total = None if table.total is None else [_cell_value(v, c.kind) for v, c in
                                              zip(table.total, table.columns, strict=False)]
    placed = write_shared_table(
        ws, heading, tuple(c.label for c in table.columns), rows, total=total, note=table.note,
        number_format={i: FORMATS[c.kind] for i, c in enumerate(table.columns, start=1) if c.kind in FORMATS},
        sum_columns=_summed(table, rows, total), start_row=start_row, primary=primary)
    return placed.header, placed.last


def _summed(table: t.Table, rows: list[list], total: list | None) -> tuple[int, ...]:
    """Columns whose total is exactly the sum of their (all numeric) cells: a formula shows it."""
    if total is None:
        return ()
    out = []
    for i, column in enumerate(table.columns):
        values = [r[i] for r in rows]
        if (column.kind in (t.COUNT, t.MONEY) and isinstance(total[i], int) and rows
                and all(isinstance(v, int) for v in values) and sum(values) == total[i]):
            out.append(i + 1)
    return tuple(out)


def _summary_sheet(ws: Worksheet, data: ReportData, meta: ReportMeta) -> None:
    title = _title(meta, "Ringkasan")
    ws.cell(row=1, column=1, value=title[0]).font = Font(bold=True, size=13)
    ws.cell(row=2, column=1, value=title[1])
    first = 4
    ws.cell(row=first, column=1, value="Uraian").font = BOLD
    ws.cell(row=first, column=2, value="Nilai").font = BOLD
    for offset, (label, value, kind) in enumerate(t.summary_items(data, meta), start=1):
        ws.cell(row=first + offset, column=1, value=label)
        _write_cell(ws, first + offset, 2, "-" if value is None else value, kind)
    ws.column_dimensions["A"].width = 50
    ws.column_dimensions["B"].width = 60


def _table_sheet(wb: Workbook, meta: ReportMeta, table: t.Table) -> tuple[Worksheet, int, int]:
    ws = wb.create_sheet(table.title)
    header, last = write_table(ws, table, _title(meta, table.title))
    return ws, header, last


def _district_chart(ws: Worksheet, data: ReportData, header: int, last: int) -> None:
    """Coverage % per district when every district has a workforce estimate, else the
    active memberships per district (a percentage of an unknown denominator is not shown)."""
    if data.districts and all(d.coverage_percent is not None for d in data.districts):
        add_bar_chart(ws, "Cakupan kepesertaan aktif per kecamatan", label_col=2, value_cols=(7,),
                      header_row=header, last_row=last, anchor="J4", y_title="Cakupan")
    else:
        add_bar_chart(ws, "Kepesertaan aktif per kecamatan", label_col=2, value_cols=(4,),
                      header_row=header, last_row=last, anchor="J4", y_title="Peserta")


def build_workbook(data: ReportData, meta: ReportMeta, policy: SuppressionPolicy = SuppressionPolicy()) -> Workbook:
    wb = Workbook()
    wb.active.title = "Ringkasan"
    _summary_sheet(wb.active, data, meta)
    for name in meta.sections:
        if name != "summary":
            SHEETS[name](wb, data, meta, policy)
    return wb


def _districts(wb: Workbook, data: ReportData, meta: ReportMeta, policy: SuppressionPolicy) -> None:
    ws, header, last = _table_sheet(wb, meta, t.district_table(data))
    _district_chart(ws, data, header, last)


def _budgets(wb: Workbook, data: ReportData, meta: ReportMeta, policy: SuppressionPolicy) -> None:
    ws, header, last = _table_sheet(wb, meta, t.budget_table(data))
    add_budget_chart(ws, header_row=header, last_row=last, anchor="J4")


def _sanctions(wb: Workbook, data: ReportData, meta: ReportMeta, policy: SuppressionPolicy) -> None:
    ws, header, last = _table_sheet(wb, meta, t.sanction_table(data))
    add_bar_chart(ws, "Kasus dan sanksi", label_col=1, value_cols=(2, 3, 4),
                  header_row=header, last_row=last, anchor="G4", y_title="Jumlah")


def _construction(wb: Workbook, data: ReportData, meta: ReportMeta, policy: SuppressionPolicy) -> None:
    ws, header, last = _table_sheet(wb, meta, t.construction_table(data))
    add_bar_chart(ws, "Pendaftaran proyek jasa konstruksi", label_col=1, value_cols=(2,),
                  header_row=header, last_row=last, anchor="E4", y_title="Proyek")
    write_table(ws, t.overdue_table(data), start_row=ws.max_row + 3, primary=False)


def _plain(build):
    def sheet(wb: Workbook, data: ReportData, meta: ReportMeta, policy: SuppressionPolicy) -> None:
        _table_sheet(wb, meta, build(data, policy))
    return sheet


# each section a report kind may hold (reporting.yaml `sections`): one sheet each, in the profile's order
SHEETS = {
    "districts": _districts, "villages": _plain(t.village_table),
    "programs": _plain(lambda data, _: t.program_table(data)),
    "categories": _plain(lambda data, _: t.category_table(data)), "budgets": _budgets, "sanctions": _sanctions,
    "supervision": _plain(lambda data, _: t.supervision_table(data)), "construction": _construction,
    "complaints": _plain(lambda data, _: t.complaint_table(data)),
    "bpjs_recaps": _plain(lambda data, _: t.recap_table(data)),
}


def render_xlsx(data: ReportData, meta: ReportMeta, *, policy: SuppressionPolicy = SuppressionPolicy()) -> bytes:
    """The workbook as bytes (sheets: Ringkasan, Per Kecamatan, Per Desa, Program, Kategori,
    Anggaran, Sanksi, Jasa Konstruksi)."""
    buffer = BytesIO()
    build_workbook(data, meta, policy).save(buffer)
    return buffer.getvalue()
