"""Native Excel charts (openpyxl.chart) over tables already written on a sheet."""
from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

# budget table columns: 1 source, 2 pagu, 3 terikat, 4 terpakai, 5 dikembalikan, 6 sisa
BUDGET_PARTS = (3, 4, 5, 6)


def _bar_chart(title: str, y_title: str, *, stacked: bool = False) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.y_axis.title = y_title
    chart.height, chart.width = 9, 18
    # recent Excel versions hide axes that openpyxl leaves at its default delete=None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    return chart


def _fill(chart: BarChart, ws: Worksheet, label_col: int, value_cols: tuple[int, ...],
          header_row: int, last_row: int) -> None:
    for col in value_cols:
        chart.add_data(Reference(ws, min_col=col, min_row=header_row, max_row=last_row), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=label_col, min_row=header_row + 1, max_row=last_row))


def add_bar_chart(ws: Worksheet, title: str, *, label_col: int, value_cols: tuple[int, ...],
                  header_row: int, last_row: int, anchor: str, y_title: str) -> BarChart | None:
    """A column chart of `value_cols` against the labels in `label_col`; none for an empty table."""
    if last_row <= header_row:
        return None
    chart = _bar_chart(title, y_title)
    _fill(chart, ws, label_col, value_cols, header_row, last_row)
    ws.add_chart(chart, anchor)
    return chart


def add_budget_chart(ws: Worksheet, *, header_row: int, last_row: int, anchor: str) -> BarChart | None:
    """Budget burn per funding source: terikat + terpakai + dikembalikan + sisa stacked to the pagu."""
    if last_row <= header_row:
        return None
    chart = _bar_chart("Penyerapan anggaran per sumber dana", "Rupiah", stacked=True)
    _fill(chart, ws, 1, BUDGET_PARTS, header_row, last_row)
    ws.add_chart(chart, anchor)
    return chart
