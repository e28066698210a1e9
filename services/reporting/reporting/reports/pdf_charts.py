"""Bar charts drawn by fpdf2 itself as vector rectangles (no plotting library needed).

Horizontal bars, so long district and funding-source names fit on the left.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from . import formatting as fmt
from .pdf_layout import FONT, ReportPdf, latin1

LABEL_W, VALUE_W, BAR_H, GAP = 48.0, 28.0, 4.5, 1.5
BLUE, GREEN, ORANGE, GREY, RED = (47, 110, 186), (84, 160, 82), (237, 150, 45), (190, 190, 190), (200, 70, 60)
Series = tuple[str, tuple[int, int, int]]


def _bar_area(pdf: ReportPdf) -> float:
    return pdf.content_width - LABEL_W - VALUE_W


def _title(pdf: ReportPdf, title: str, rows: int) -> None:
    if pdf.will_page_break(12 + rows * (BAR_H + GAP)):
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, "B", 8.5)
    pdf.cell(0, 5, latin1(title), new_x="LMARGIN", new_y="NEXT")


def _legend(pdf: ReportPdf, series: Sequence[Series]) -> None:
    pdf.set_font(FONT, "", 7)
    x, y = pdf.l_margin + LABEL_W, pdf.get_y() + 1
    for label, rgb in series:
        pdf.set_fill_color(*rgb)
        pdf.rect(x, y + 0.5, 3, 3, style="F")
        pdf.text(x + 4, y + 3, latin1(label))
        x += 8 + pdf.get_string_width(latin1(label))
    pdf.set_y(y + 6)


def _label(pdf: ReportPdf, y: float, text: str) -> None:
    pdf.set_font(FONT, "", 7)
    pdf.set_xy(pdf.l_margin, y)
    pdf.cell(LABEL_W, BAR_H, pdf.fit(text, LABEL_W))


def _value(pdf: ReportPdf, x: float, y: float, text: str) -> None:
    pdf.set_font(FONT, "", 7)
    pdf.set_xy(x + 1, y)
    pdf.cell(VALUE_W, BAR_H, latin1(text))


def bar_chart(pdf: ReportPdf, title: str, items: Sequence[tuple[str, float | None]], *,
              value_text: Callable[[float | None], str] = fmt.number, color=BLUE) -> None:
    """One bar per item; an unknown value (None) draws no bar and says "-"."""
    if not items:
        return
    _title(pdf, title, len(items))
    top = max((v for _, v in items if v), default=0) or 1
    for label, value in items:
        y = pdf.get_y()
        _label(pdf, y, label)
        length = _bar_area(pdf) * (value or 0) / top
        pdf.set_fill_color(*color)
        if length > 0:
            pdf.rect(pdf.l_margin + LABEL_W, y + 0.5, length, BAR_H - 1, style="F")
        _value(pdf, pdf.l_margin + LABEL_W + length, y, value_text(value))
        pdf.set_y(y + BAR_H + GAP)


def stacked_bar_chart(pdf: ReportPdf, title: str, items: Sequence[tuple[str, Sequence[int]]],
                      series: Sequence[Series], *, value_text: Callable[[int], str] = fmt.number) -> None:
    """One bar per item made of its parts (in `series` order); bar length = sum of the parts."""
    if not items:
        return
    _title(pdf, title, len(items) + 1)
    _legend(pdf, series)
    top = max((sum(max(p, 0) for p in parts) for _, parts in items), default=0) or 1
    for label, parts in items:
        y, x = pdf.get_y(), pdf.l_margin + LABEL_W
        _label(pdf, y, label)
        for part, (_, rgb) in zip(parts, series, strict=False):
            length = _bar_area(pdf) * max(part, 0) / top
            if length > 0:
                pdf.set_fill_color(*rgb)
                pdf.rect(x, y + 0.5, length, BAR_H - 1, style="F")
            x += length
        _value(pdf, x, y, value_text(sum(parts)))
        pdf.set_y(y + BAR_H + GAP)


def grouped_bar_chart(pdf: ReportPdf, title: str, items: Sequence[tuple[str, Sequence[int]]],
                      series: Sequence[Series]) -> None:
    """For each item, one thin bar per series, one under the other."""
    if not items:
        return
    thin = 2.4
    row_h = thin * len(series) + 0.5
    _title(pdf, title, len(items) * len(series) // 2)
    _legend(pdf, series)
    top = max((max(values) for _, values in items if values), default=0) or 1
    for label, values in items:
        y = pdf.get_y()
        _label(pdf, y + (row_h - BAR_H) / 2, label)
        for index, (value, (_, rgb)) in enumerate(zip(values, series, strict=False)):
            length = _bar_area(pdf) * value / top
            if length > 0:
                pdf.set_fill_color(*rgb)
                pdf.rect(pdf.l_margin + LABEL_W, y + 0.25 + index * thin, length, thin - 0.3, style="F")
        _value(pdf, pdf.l_margin + LABEL_W + _bar_area(pdf) * max(values) / top, y + (row_h - BAR_H) / 2,
               " / ".join(fmt.number(v) for v in values))
        pdf.set_y(y + row_h + GAP)
