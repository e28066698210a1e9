"""One way to lay a table out in a worksheet people work with (openpyxl): heading rows, a bold
frozen header row with auto filter, column widths from the content, number formats per column,
print titles, landscape A4 fitted to the page width, and a total row whose sums are formulas a
reader can check. Decrees' lampiran, accountability files and periodic reports all write here."""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)


class TableRange(NamedTuple):
    header: int      # the header row
    last: int        # the last data row (== header when there are no rows)
    end: int         # the last row written (totals, count)


def write_table(sheet: Worksheet, heading: tuple[str, ...], columns: tuple[str, ...], rows, *,
                count_label: str | None = None, number_format: dict[int, str] | None = None,
                sum_columns: tuple[int, ...] = (), sum_label: str = "Jumlah", total: tuple | list | None = None,
                note: str | None = None, start_row: int = 1, primary: bool = True) -> TableRange:
    """Writes the table from `start_row`. `number_format` is per column (1-based); `total` is a
    total row's values, where the columns in `sum_columns` get a SUM formula instead (without
    `total`, a row labelled `sum_label` holds only those). `primary`: the sheet's main table gets
    the frozen header, the filter and the print titles (a sheet has one of each)."""
    formats = number_format or {}
    lines = [h for h in heading if h]
    for index, text in enumerate(lines):
        sheet.cell(row=start_row + index, column=1, value=text).font = Font(bold=index == 0,
                                                                           size=12 if index == 0 else 10)
    top = start_row + len(lines) + (1 if lines else 0)
    for col, name in enumerate(columns, start=1):
        cell = sheet.cell(row=top, column=col, value=name)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    rows = [tuple(r) for r in rows]
    for r, values in enumerate(rows, start=top + 1):
        for c, value in enumerate(values, start=1):
            _cell(sheet, r, c, value, formats.get(c))
    last = top + len(rows)
    end = _totals(sheet, top, last, formats, sum_columns, sum_label, total)
    if count_label and columns:
        end += 1
        sheet.cell(row=end, column=1, value=count_label).font = BOLD
        sheet.cell(row=end, column=2, value=f"=COUNTA(A{top + 1}:A{max(last, top + 1)})").font = BOLD
    if note:
        end += 2
        sheet.cell(row=end, column=1, value=note).font = Font(italic=True)
    if columns and primary:
        sheet.auto_filter.ref = f"A{top}:{get_column_letter(len(columns))}{max(last, top)}"
        sheet.freeze_panes = sheet.cell(row=top + 1, column=1)
        sheet.print_title_rows = f"{top}:{top}"
    if columns:  # the totals and notes are printed too
        sheet.print_area = f"A1:{get_column_letter(max(len(columns), sheet.max_column))}{max(end, top)}"
    _widths(sheet, columns, rows)
    _page_setup(sheet)
    return TableRange(top, last, end)


def _cell(sheet: Worksheet, row: int, col: int, value, number_format: str | None, bold: bool = False):
    cell = sheet.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        if number_format and not value.startswith("="):
            cell.alignment = Alignment(horizontal="right")  # "<5" or "-" lines up with the numbers
    elif isinstance(value, dt.datetime):
        cell.number_format = "DD/MM/YYYY HH:MM"
    elif number_format:
        cell.number_format = number_format
    elif isinstance(value, dt.date):
        cell.number_format = "DD/MM/YYYY"
    elif isinstance(value, int):
        cell.number_format = "#,##0"
    if bold:
        cell.font = BOLD
    return cell


def _totals(sheet: Worksheet, top: int, last: int, formats: dict[int, str], sum_columns: tuple[int, ...],
            label: str, total) -> int:
    if not sum_columns and total is None:
        return last
    row = last + 1
    values = list(total) if total is not None else [label]
    for c, value in enumerate(values, start=1):
        if c not in sum_columns and value is not None:
            _cell(sheet, row, c, value, formats.get(c), bold=True)
    for c in sum_columns:
        letter = get_column_letter(c)
        _cell(sheet, row, c, f"=SUM({letter}{top + 1}:{letter}{max(last, top + 1)})", None, bold=True)
        sheet.cell(row=row, column=c).number_format = formats.get(c, "#,##0")
    return row


def _widths(sheet: Worksheet, columns: tuple[str, ...], rows: list[tuple]) -> None:
    for c, name in enumerate(columns, start=1):
        longest = max([len(str(name))] + [len(_shown(r[c - 1])) for r in rows if len(r) >= c and r[c - 1] is not None])
        letter = get_column_letter(c)
        current = sheet.column_dimensions[letter].width or 0
        sheet.column_dimensions[letter].width = max(current, min(max(8, longest + 2), 60))


def _shown(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return "00/00/0000 00:00" if isinstance(value, dt.datetime) else "00/00/0000"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _page_setup(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
