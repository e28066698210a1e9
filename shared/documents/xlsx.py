"""One way to lay a table out in a worksheet people work with (openpyxl): heading rows, a bold
frozen header row with auto filter, column widths from the content, print titles, landscape A4
fitted to the page width, and a total row with a formula a reader can check."""
from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def write_table(sheet: Worksheet, heading: tuple[str, ...], columns: tuple[str, ...], rows: tuple[tuple, ...],
                *, count_label: str | None = None, number_format: dict[int, str] | None = None,
                sum_columns: tuple[int, ...] = (), sum_label: str = "Jumlah") -> int:
    """Writes the table; returns the last row used. `sum_columns` (1-based) get a SUM formula in a
    bold total row, so a reader who changes or checks a figure sees the total follow."""
    for index, text in enumerate(h for h in heading if h):
        sheet.cell(row=index + 1, column=1, value=text).font = Font(bold=index == 0, size=12 if index == 0 else 10)
    top = len([h for h in heading if h]) + 2
    for col, name in enumerate(columns, start=1):
        cell = sheet.cell(row=top, column=col, value=name)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, start=top + 1):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if number_format and c in number_format:
                cell.number_format = number_format[c]
            elif isinstance(value, int):
                cell.number_format = "#,##0"
    last = top + len(rows)
    if columns:
        span = f"A{top}:{get_column_letter(len(columns))}{max(last, top)}"
        sheet.auto_filter.ref = span
        sheet.freeze_panes = sheet.cell(row=top + 1, column=1)
        sheet.print_title_rows = f"{top}:{top}"
    end = last
    if sum_columns and columns:
        end += 1
        sheet.cell(row=end, column=1, value=sum_label).font = Font(bold=True)
        for c in sum_columns:
            letter = get_column_letter(c)
            cell = sheet.cell(row=end, column=c, value=f"=SUM({letter}{top + 1}:{letter}{max(last, top + 1)})")
            cell.font, cell.number_format = Font(bold=True), (number_format or {}).get(c, "#,##0")
    if count_label and columns:
        end += 1
        sheet.cell(row=end, column=1, value=count_label).font = Font(bold=True)
        sheet.cell(row=end, column=2, value=f"=COUNTA(A{top + 1}:A{max(last, top + 1)})").font = Font(bold=True)
    if columns:  # the totals are printed too
        sheet.print_area = f"A1:{get_column_letter(len(columns))}{max(end, top)}"
    _widths(sheet, columns, rows)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return end


def _widths(sheet: Worksheet, columns: tuple[str, ...], rows: tuple[tuple, ...]) -> None:
    for c, name in enumerate(columns, start=1):
        longest = max([len(str(name))] + [len(str(r[c - 1])) for r in rows if r[c - 1] is not None])
        sheet.column_dimensions[get_column_letter(c)].width = min(max(8, longest + 2), 60)
