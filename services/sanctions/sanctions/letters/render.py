"""Lay a composed letter out as a PDF with fpdf2's core fonts (no font files to ship).

Core fonts encode Latin-1 only, so text is folded to it first (typographic dashes and quotes
become ASCII; any other character outside Latin-1 becomes '?')."""
from __future__ import annotations

from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT = "Helvetica"
LINE = 5.5
_FOLD = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"',
                       "\u201d": '"', "\u2022": "-", "\u00a0": " ", "\u2026": "..."})


def latin1(text: str) -> str:
    return text.translate(_FOLD).encode("latin-1", "replace").decode("latin-1")


@dataclass(frozen=True)
class LetterDocument:
    letterhead: tuple[str, ...]
    meta: tuple[tuple[str, str], ...]            # (label, value): Nomor, Perihal, ...
    recipient: tuple[str, ...]
    title: str
    paragraphs_before: tuple[str, ...]
    items: tuple[str, ...]
    paragraphs_after: tuple[str, ...]
    place_and_date: str
    signatory: tuple[str, ...]
    copies: tuple[str, ...] = field(default=())


def to_pdf(doc: LetterDocument) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.set_title(latin1(doc.title))
    pdf.add_page()
    _letterhead(pdf, doc.letterhead)
    _meta(pdf, doc.meta)
    _lines(pdf, doc.recipient)
    pdf.ln(3)
    pdf.set_font(FONT, "B", 12)
    _line(pdf, doc.title, align="C")
    pdf.ln(2)
    pdf.set_font(FONT, size=11)
    for paragraph in doc.paragraphs_before:
        _paragraph(pdf, paragraph)
    for number, item in enumerate(doc.items, start=1):
        _item(pdf, number, item)
    for paragraph in doc.paragraphs_after:
        _paragraph(pdf, paragraph)
    _signature(pdf, doc.place_and_date, doc.signatory)
    _copies(pdf, doc.copies)
    return bytes(pdf.output())


def _letterhead(pdf: FPDF, lines: tuple[str, ...]) -> None:
    pdf.set_font(FONT, "B", 13)
    for text in lines:
        _line(pdf, text, align="C")
    y = pdf.get_y() + 1
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.ln(5)


def _meta(pdf: FPDF, meta: tuple[tuple[str, str], ...]) -> None:
    pdf.set_font(FONT, size=11)
    for label, value in meta:
        pdf.cell(25, LINE, latin1(label))
        pdf.multi_cell(0, LINE, latin1(f": {value}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def _lines(pdf: FPDF, lines: tuple[str, ...]) -> None:
    for text in lines:
        if text.strip():
            _line(pdf, text)


def _line(pdf: FPDF, text: str, align: str = "L") -> None:
    pdf.multi_cell(0, LINE + 0.5, latin1(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, LINE, latin1(text), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _item(pdf: FPDF, number: int, text: str) -> None:
    pdf.set_x(pdf.l_margin + 5)
    pdf.cell(7, LINE, f"{number}.")
    pdf.multi_cell(0, LINE, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _signature(pdf: FPDF, place_and_date: str, signatory: tuple[str, ...]) -> None:
    pdf.ln(4)
    left = pdf.w / 2 + 5
    for index, text in enumerate((place_and_date,) + signatory):
        if index == len(signatory):  # room for the signature above the name
            pdf.ln(14)
        pdf.set_x(left)
        pdf.multi_cell(0, LINE, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _copies(pdf: FPDF, copies: tuple[str, ...]) -> None:
    if not copies:
        return
    pdf.ln(6)
    pdf.set_font(FONT, "U", 10)
    pdf.cell(0, LINE, "Tembusan:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=10)
    for number, text in enumerate(copies, start=1):
        pdf.multi_cell(0, LINE, latin1(f"{number}. {text}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
