"""Lay a composed letter out as a PDF (fpdf2, core fonts: no font files to ship) between the
kop surat, signature block and footer every official document shares (shared.documents.layout).
Spacing is tight enough that a letter with its tembusan fits one page."""
from __future__ import annotations

from dataclasses import dataclass, field

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from shared.documents.layout import FONT, LINE, OfficialPdf, Signature, kop, latin1, signature_block

__all__ = ["LetterDocument", "Signature", "latin1", "to_pdf"]


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
    signatory: Signature
    copies: tuple[str, ...] = field(default=())
    letterhead_contact: tuple[str, ...] = field(default=())
    footer: str = ""


SIZES = (11, 10.5, 10, 9.5)  # a letter that runs over one page is set smaller, down to 9.5 pt


def to_pdf(doc: LetterDocument) -> bytes:
    """One page where it fits: the largest type size that keeps the letter on one page."""
    for size in SIZES:
        pdf = _layout(doc, size)
        if pdf.pages_count == 1:
            break
    return bytes(pdf.output())


def _layout(doc: LetterDocument, size: float) -> OfficialPdf:
    line = LINE * size / 11
    pdf = OfficialPdf(doc.footer)
    pdf.set_title(latin1(doc.title))
    pdf.add_page()
    kop(pdf, doc.letterhead, doc.letterhead_contact)
    pdf.set_font(FONT, size=size)
    _meta(pdf, doc.meta, line)
    _lines(pdf, doc.recipient, line)
    pdf.ln(2)
    pdf.set_font(FONT, "B", size + 1)
    _line(pdf, doc.title, line, align="C")
    pdf.ln(1)
    pdf.set_font(FONT, size=size)
    for paragraph in doc.paragraphs_before:
        _paragraph(pdf, paragraph, line)
    for number, item in enumerate(doc.items, start=1):
        _item(pdf, number, item, line)
    for paragraph in doc.paragraphs_after:
        _paragraph(pdf, paragraph, line)
    signature_block(pdf, doc.place_and_date, doc.signatory, size=size)
    _copies(pdf, doc.copies, size - 1.5)
    return pdf


def _meta(pdf: FPDF, meta: tuple[tuple[str, str], ...], line: float) -> None:
    for label, value in meta:
        pdf.cell(25, line, latin1(label))
        pdf.multi_cell(0, line, latin1(f": {value}"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _lines(pdf: FPDF, lines: tuple[str, ...], line: float) -> None:
    for text in lines:
        if text.strip():
            _line(pdf, text, line)


def _line(pdf: FPDF, text: str, line: float, align: str = "L") -> None:
    pdf.multi_cell(0, line + 0.5, latin1(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _paragraph(pdf: FPDF, text: str, line: float) -> None:
    pdf.multi_cell(0, line, latin1(text), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)


def _item(pdf: FPDF, number: int, text: str, line: float) -> None:
    pdf.set_x(pdf.l_margin + 5)
    pdf.cell(7, line, f"{number}.")
    pdf.multi_cell(0, line, latin1(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(0.5)


def _copies(pdf: FPDF, copies: tuple[str, ...], size: float) -> None:
    if not copies:
        return
    line = size * 0.45
    if pdf.get_y() + 4 + line * (len(copies) + 1) > pdf.page_break_trigger:
        pdf.add_page()  # the tembusan stays together
    pdf.ln(3)
    pdf.set_font(FONT, "U", size)
    pdf.cell(0, line, "Tembusan:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=size)
    for number, text in enumerate(copies, start=1):
        pdf.multi_cell(0, line, latin1(f"{number}. {text}"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
