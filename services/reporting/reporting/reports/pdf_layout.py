"""Page layout for the PDF report: the document class, text cleaning and tables (fpdf2).

Uses fpdf2's built-in Helvetica, so the PDF needs no font file on the machine; that font
covers Latin-1 only, so text is folded to Latin-1 first (curly quotes and dashes to ASCII).
"""
from __future__ import annotations

import datetime as dt
import unicodedata

from fpdf import FPDF

from shared.documents.layout import VERIFY_MARK, qr_code

from . import formatting as fmt
from . import tables as t

FONT = "Helvetica"
ROW_H = 6.0
HEADER_RGB = (221, 235, 247)
_ASCII_FOLD = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
               "\u2026": "...", "\u00a0": " ", "\u2264": "<=", "\u2265": ">="}


def latin1(text: str) -> str:
    """Text the core font can draw: known typography folded, accents kept, the rest '?'."""
    text = "".join(_ASCII_FOLD.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
    return text.encode("latin-1", "replace").decode("latin-1")


def show(value, kind: str) -> str:
    """A cell value written the Indonesian way."""
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return fmt.datetime_long(value)
    if isinstance(value, dt.date):
        return fmt.date_long(value)
    if kind == t.MONEY:
        return fmt.rupiah(value)
    if kind == t.PERCENT:
        return fmt.percent(value)
    if isinstance(value, (int, float)):
        return fmt.number(value)
    return str(value)


class ReportPdf(FPDF):
    def __init__(self, running_title: str, footer_text: str = ""):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.running_title = latin1(running_title)
        self.footer_text = latin1(footer_text)
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=15)
        self.alias_nb_pages()

    def header(self):
        self.set_font(FONT, "I", 7)
        self.set_text_color(110, 110, 110)
        self.cell(0, 4, self.running_title, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def footer(self):
        target = self.footer_text.partition(VERIFY_MARK)[2]
        if target:
            qr_code(self, target, x=self.w - 14, y=self.h - 14, size=11)
        self.set_y(-12)
        self.set_font(FONT, "I", 7)
        if self.footer_text:
            self.cell(0, 4, self.footer_text, new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 4, f"Halaman {self.page_no()} dari {{nb}}", align="R")

    @property
    def content_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def section(self, title: str) -> None:
        if self.will_page_break(10 + ROW_H * 3 + 8 + 4):  # a heading never ends a page: room for it and a table start
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", 11)
        self.cell(0, 7, latin1(title), new_x="LMARGIN", new_y="NEXT")

    def paragraph(self, text: str, size: float = 8, style: str = "") -> None:
        self.set_font(FONT, style, size)
        self.multi_cell(0, 4, latin1(text), new_x="LMARGIN", new_y="NEXT")

    def fit(self, text: str, width: float) -> str:
        """Shorten `text` with '...' so it fits `width` mm in the current font."""
        text = latin1(text)
        if self.get_string_width(text) <= width - 2:
            return text
        while text and self.get_string_width(text + "...") > width - 2:
            text = text[:-1]
        return text + "..."


def _natural_width(pdf: ReportPdf, table: t.Table, index: int) -> float:
    column = table.columns[index]
    pdf.set_font(FONT, "B", 7.5)
    widest = max(pdf.get_string_width(latin1(w)) for w in column.label.split())  # headers wrap at spaces
    pdf.set_font(FONT, "", 7.5)
    for row in [*table.rows, *([table.total] if table.total else [])]:
        widest = max(widest, pdf.get_string_width(latin1(show(row[index], column.kind))))
    return widest + 3


def column_widths(pdf: ReportPdf, table: t.Table) -> list[float]:
    """Numbers get the width they need; text columns share the rest (and shorten if needed)."""
    natural = [_natural_width(pdf, table, i) for i in range(len(table.columns))]
    is_text = [c.kind == t.TEXT for c in table.columns]
    fixed = sum(w for w, text in zip(natural, is_text, strict=False) if not text)
    flexible = sum(w for w, text in zip(natural, is_text, strict=False) if text)
    room = pdf.content_width - fixed
    if flexible == 0 or room <= 0:
        return [pdf.content_width * w / sum(natural) for w in natural]
    return [w * room / flexible if text else w for w, text in zip(natural, is_text, strict=False)]


def _row(pdf: ReportPdf, values: list, columns, widths, *, bold=False, fill=False) -> None:
    pdf.set_font(FONT, "B" if bold else "", 7.5)
    for value, column, width in zip(values, columns, widths, strict=False):
        align = "L" if column.kind == t.TEXT else "R"
        pdf.cell(width, ROW_H, pdf.fit(show(value, column.kind), width), border=1, align=align, fill=fill)
    pdf.ln(ROW_H)


def _header(pdf: ReportPdf, columns, widths) -> None:
    """Bold header cells on a tinted band, labels wrapped to their column."""
    pdf.set_font(FONT, "B", 7.5)
    pdf.set_fill_color(*HEADER_RGB)
    lines = [
        pdf.multi_cell(w, 3.5, latin1(c.label), dry_run=True, output="LINES")
        for c, w in zip(columns, widths, strict=False)
    ]
    height = 3.5 * max(len(x) for x in lines) + 1
    x, y = pdf.get_x(), pdf.get_y()
    for column, width, text in zip(columns, widths, lines, strict=False):
        pdf.rect(x, y, width, height, style="DF")
        pdf.set_xy(x, y + 0.5)
        pdf.multi_cell(width, 3.5, "\n".join(text), align="L" if column.kind == t.TEXT else "R")
        x += width
    pdf.set_xy(pdf.l_margin, y + height)


def draw_table(pdf: ReportPdf, table: t.Table) -> None:
    """The table with its header repeated after each page break, its total row and note."""
    widths = column_widths(pdf, table)
    if pdf.will_page_break(ROW_H * 3 + 8):
        pdf.add_page()
    _header(pdf, table.columns, widths)
    if not table.rows:
        pdf.set_font(FONT, "I", 7.5)
        pdf.cell(sum(widths), ROW_H, "Tidak ada data pada periode ini.", border=1, new_x="LMARGIN", new_y="NEXT")
    for values in table.rows:
        if pdf.will_page_break(ROW_H):
            pdf.add_page()
            _header(pdf, table.columns, widths)
        _row(pdf, values, table.columns, widths)
    if table.total is not None:
        _row(pdf, table.total, table.columns, widths, bold=True)
    if table.note:
        pdf.ln(1)
        pdf.paragraph(table.note, size=7, style="I")
