"""The parts every official PDF shares (fpdf2, core fonts, no images): the kop surat of the
issuing office, the signature block (jabatan, nama, pangkat, NIP) and the footer with
"Halaman x dari y" and the verification line. Letters, decrees and reports lay out their own
bodies between them."""
from __future__ import annotations

import os
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT = "Helvetica"
LINE = 5.0
_FOLD = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"',
                       "\u201d": '"', "\u2022": "-", "\u00a0": " ", "\u2026": "...", "\u2264": "<=",
                       "\u2265": ">="})


def latin1(text: str) -> str:
    """Core fonts encode Latin-1 only: typographic marks become ASCII, anything else '?'."""
    return str(text).translate(_FOLD).encode("latin-1", "replace").decode("latin-1")


@dataclass(frozen=True)
class Signature:
    position: str
    name: str
    nip: str | None = None
    rank: str | None = None


DRAFT_MARK = "KONSEP"


class OfficialPdf(FPDF):
    """A4 with a footer on every page: the verification line and "Halaman x dari y". A draft
    (`draft=True`: an act still waiting for its approval) carries "KONSEP" across every page."""

    def __init__(self, footer_text: str = "", orientation: str = "P", *, draft: bool = False):
        super().__init__(orientation=orientation, format="A4")
        self.footer_text = footer_text
        self.draft = draft
        self.set_margins(25, 15, 20)
        self.set_auto_page_break(True, margin=18)
        self.set_creator("Lindung")

    def header(self) -> None:
        if not self.draft:
            return
        x, y = self.get_x(), self.get_y()
        self.set_font(FONT, "B", 96)
        self.set_text_color(215, 215, 215)
        with self.rotation(45, self.w / 2, self.h / 2):
            self.text(self.w / 2 - self.get_string_width(DRAFT_MARK) / 2, self.h / 2 + 12, DRAFT_MARK)
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, "B", 8)
        self.set_xy(self.l_margin, 6)
        self.cell(0, 4, f"{DRAFT_MARK} - belum berlaku, tanpa nomor dan tanda tangan", align="R")
        self.set_xy(x, y)

    def footer(self) -> None:
        target = self.footer_text.partition(VERIFY_MARK)[2]
        if target:
            qr_code(self, target, x=self.w - 18, y=self.h - 17, size=13)  # in the margin corner, beside no text
        self.set_y(-13)
        size = 7.5
        self.set_font(FONT, size=size)
        while size > 5 and self.get_string_width(latin1(self.footer_text)) > self.w - self.l_margin - 22:
            size -= 0.25  # a long verification address stays clear of the QR code
            self.set_font(FONT, size=size)
        if self.footer_text:
            self.cell(0, 3.5, latin1(self.footer_text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, size=7.5)
        self.cell(0, 3.5, f"Halaman {self.page_no()} dari {{nb}}", align="R")


def kop(pdf: FPDF, heading: tuple[str, ...] | list[str], contact: tuple[str, ...] | list[str]) -> None:
    """The letterhead: office lines in capitals, address and contact small, a double rule."""
    for index, text in enumerate(heading):
        pdf.set_font(FONT, "B", 14 if index == len(heading) - 1 else 12)
        pdf.cell(0, 6, latin1(text.upper()), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=8.5)
    for text in contact:
        if text:
            pdf.cell(0, 4, latin1(text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    y = pdf.get_y() + 1
    pdf.set_line_width(0.8)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, y + 1.2, pdf.w - pdf.r_margin, y + 1.2)
    pdf.set_y(y + 4)


def signature_block(pdf: FPDF, place_and_date: str, signer: Signature, *, left: float | None = None,
                    size: float = 11) -> None:
    """Place and date, jabatan, room to sign, the name underlined, pangkat and NIP. Kept on one
    page: a block that would split starts on the next page."""
    line = LINE * size / 11
    if pdf.get_y() + 8 * line + 16 > pdf.page_break_trigger:
        pdf.add_page()
    left = pdf.w / 2 + 5 if left is None else left
    pdf.ln(2)
    pdf.set_font(FONT, size=size)
    for text in (place_and_date, f"{signer.position},"):
        pdf.set_x(left)
        pdf.multi_cell(0, line, latin1(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(15)
    pdf.set_x(left)
    pdf.set_font(FONT, "BU" if signer.name else "B", size)
    pdf.multi_cell(0, line, latin1(signer.name or UNSIGNED), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=size)
    for text in (signer.rank, f"NIP. {signer.nip}" if signer.nip else None):
        if text:
            pdf.set_x(left)
            pdf.multi_cell(0, line, latin1(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


UNSIGNED = "( .................................... )"  # a draft's signature block names nobody


def table(pdf: FPDF, columns: tuple[str, ...], rows, *, widths: tuple[float, ...] = (),
          aligns: tuple[str, ...] = (), total: tuple | None = None, size: float = 8.5) -> None:
    """A ruled table with a bold header repeated on every page and an optional bold total row.
    `widths` are relative (fitted to the text width); `aligns` per column (L, C, R)."""
    from fpdf.fonts import FontFace

    pdf.set_font(FONT, size=size)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    weights = widths or tuple(1 for _ in columns)
    scale = width / sum(weights)
    aligns = aligns or tuple("L" for _ in columns)
    bold = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
    with pdf.table(col_widths=tuple(w * scale for w in weights), width=width, align="LEFT",
                   line_height=size * 0.55, repeat_headings=1, text_align=aligns, headings_style=bold,
                   first_row_as_headings=True) as grid:
        heading = grid.row()
        for name in columns:
            heading.cell(latin1(name), align="C")
        for values in rows:
            cells = grid.row()
            for value in values:
                cells.cell(latin1("-" if value is None else str(value)))
        if total is not None:
            cells = grid.row()
            for value in total:
                cells.cell(latin1("" if value is None else str(value)), style=FontFace(emphasis="BOLD"))
    pdf.ln(2)


def heading(pdf: FPDF, text: str, size: float = 10.5) -> None:
    """A section heading kept with what follows: one that would end a page starts the next one."""
    if pdf.get_y() + 30 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, 5.5, latin1(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


VERIFY_MARK = " - periksa keaslian di "


def verification_line(number: str, code: str, verify_base: str | None = None) -> str:
    """The footer line of every page; its last part (the verification address) is also drawn as a
    QR code. `LINDUNG_DOCUMENTS_VERIFY_BASE` is the public address of the verification endpoint."""
    base = os.environ.get("LINDUNG_DOCUMENTS_VERIFY_BASE") or verify_base or "/v1/documents/verify"
    return f"Nomor {number} - kode verifikasi {code}{VERIFY_MARK}{base.rstrip('/')}/{code}"


def qr_code(pdf: FPDF, text: str, *, x: float, y: float, size: float) -> None:
    """A QR code drawn as vector squares (segno gives the matrix; no image file is needed)."""
    import segno

    matrix = segno.make(text, error="m").matrix
    cell = size / len(matrix)
    pdf.set_fill_color(0, 0, 0)
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            if dark:
                pdf.rect(x + col * cell, y + row * cell, cell, cell, style="F")
