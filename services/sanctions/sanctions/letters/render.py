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


def to_pdf(doc: LetterDocument) -> bytes:
    pdf = OfficialPdf(doc.footer)
    pdf.set_title(latin1(doc.title))
    pdf.add_page()
    kop(pdf, doc.letterhead, doc.letterhead_contact)
    _meta(pdf, doc.meta)
    _lines(pdf, doc.recipient)
    pdf.ln(2)
    pdf.set_font(FONT, "B", 12)
    _line(pdf, doc.title, align="C")
    pdf.ln(1)
    pdf.set_font(FONT, size=11)
    for paragraph in doc.paragraphs_before:
        _paragraph(pdf, paragraph)
    for number, item in enumerate(doc.items, start=1):
        _item(pdf, number, item)
    for paragraph in doc.paragraphs_after:
        _paragraph(pdf, paragraph)
    signature_block(pdf, doc.place_and_date, doc.signatory)
    _copies(pdf, doc.copies)
    return bytes(pdf.output())


def _meta(pdf: FPDF, meta: tuple[tuple[str, str], ...]) -> None:
    pdf.set_font(FONT, size=11)
    for label, value in meta:
        pdf.cell(25, LINE, latin1(label))
        pdf.multi_cell(0, LINE, latin1(f": {value}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _lines(pdf: FPDF, lines: tuple[str, ...]) -> None:
    for text in lines:
        if text.strip():
            _line(pdf, text)


def _line(pdf: FPDF, text: str, align: str = "L") -> None:
    pdf.multi_cell(0, LINE + 0.5, latin1(text), align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _paragraph(pdf: FPDF, text: str) -> None:
    pdf.multi_cell(0, LINE, latin1(text), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1.5)


def _item(pdf: FPDF, number: int, text: str) -> None:
    pdf.set_x(pdf.l_margin + 5)
    pdf.cell(7, LINE, f"{number}.")
    pdf.multi_cell(0, LINE, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(0.5)


def _copies(pdf: FPDF, copies: tuple[str, ...]) -> None:
    if not copies:
        return
    if pdf.get_y() + 6 + 4.5 * (len(copies) + 1) > pdf.page_break_trigger:
        pdf.add_page()  # the tembusan stays together
    pdf.ln(4)
    pdf.set_font(FONT, "U", 9.5)
    pdf.cell(0, 4.5, "Tembusan:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9.5)
    for number, text in enumerate(copies, start=1):
        pdf.multi_cell(0, 4.5, latin1(f"{number}. {text}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
