"""The Keputusan Bupati layout (Permendagri 80/2015 on regional legal products, as regencies
write decrees): heading, number, TENTANG, Menimbang, Mengingat, MEMUTUSKAN, Menetapkan with
KESATU..., place and date, signature block, tembusan, and the lampiran (recipient list) as a
table on its own pages - in PDF, and the lampiran also as XLSX. Layout only: what the decree
says is composed by the service that issues it."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from fpdf.enums import XPos, YPos

from .layout import FONT, OfficialPdf, Signature, latin1, signature_block, table
from .xlsx import write_table

DRAFT_NUMBER, DRAFT_DATE = ".......... TAHUN ....", ".................."  # a KONSEP's blanks
ORDINALS = ("KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN", "KESEMBILAN")


@dataclass(frozen=True)
class Lampiran:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class Keputusan:
    issuer: str                      # "BUPATI SAMBAS"
    number: str
    about: str                       # TENTANG ...
    considering: tuple[str, ...]     # menimbang a., b., ...
    recalling: tuple[str, ...]       # mengingat 1., 2., ...
    establishing: str                # Menetapkan: KEPUTUSAN BUPATI ... TENTANG ...
    dictums: tuple[str, ...]         # KESATU, KEDUA, ...
    place_and_date: str
    signer: Signature
    copies: tuple[str, ...] = ()
    lampiran: Lampiran | None = None
    footer: str = ""
    contact: tuple[str, ...] = field(default=())
    draft: bool = False              # KONSEP: an act still waiting for its approval, never numbered or signed


def keputusan_pdf(doc: Keputusan) -> bytes:
    pdf = OfficialPdf(doc.footer, draft=doc.draft)
    pdf.alias_nb_pages()
    pdf.set_title(latin1(f"{'Konsep ' if doc.draft else ''}Keputusan {doc.number}"))
    pdf.add_page()
    _centered(pdf, (doc.issuer, ""), "B", 13)
    _centered(pdf, (f"KEPUTUSAN {doc.issuer}", f"NOMOR {doc.number}", "", "TENTANG", doc.about.upper(), "",
                    "DENGAN RAHMAT TUHAN YANG MAHA ESA", "", f"{doc.issuer},"), "B", 11)
    _labelled(pdf, "Menimbang", [f"{chr(97 + i)}. {t}" for i, t in enumerate(doc.considering)])
    _labelled(pdf, "Mengingat", [f"{i + 1}. {t}" for i, t in enumerate(doc.recalling)])
    _centered(pdf, ("", "MEMUTUSKAN:"), "B", 11)
    _labelled(pdf, "Menetapkan", [doc.establishing.upper()])
    for ordinal, text in zip(ORDINALS, doc.dictums, strict=False):
        _labelled(pdf, ordinal, [text])
    signature_block(pdf, doc.place_and_date, doc.signer, size=10.5)
    _copies(pdf, doc.copies)
    if doc.lampiran:
        _lampiran(pdf, doc)
    return bytes(pdf.output())


def lampiran_xlsx(doc: Keputusan) -> bytes:
    """The lampiran as a workbook people filter and print: heading rows naming the decree, a frozen
    header, filters, widths, print titles and a count formula."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Lampiran"
    heading = (f"LAMPIRAN KEPUTUSAN {doc.issuer}", f"NOMOR {doc.number}", f"TENTANG {doc.about.upper()}",
               doc.lampiran.title if doc.lampiran else "")
    write_table(sheet, heading, doc.lampiran.columns if doc.lampiran else (), doc.lampiran.rows if doc.lampiran else (),
                count_label="Jumlah penerima")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _centered(pdf: OfficialPdf, lines, style: str, size: float) -> None:
    pdf.set_font(FONT, style, size)
    for text in lines:
        pdf.multi_cell(0, 5.2, latin1(text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _labelled(pdf: OfficialPdf, label: str, items: list[str]) -> None:
    pdf.set_font(FONT, size=10.5)
    pdf.ln(1.5)
    for index, text in enumerate(items):
        pdf.cell(30, 5, latin1(label) if index == 0 else "")
        pdf.cell(4, 5, ":" if index == 0 else "")
        pdf.multi_cell(0, 5, latin1(text), align="L" if label == "Menetapkan" else "J",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _copies(pdf: OfficialPdf, copies: tuple[str, ...]) -> None:
    if not copies:
        return
    pdf.ln(4)
    pdf.set_font(FONT, "U", 9)
    pdf.cell(0, 4.5, "Tembusan:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=9)
    for number, text in enumerate(copies, start=1):
        pdf.multi_cell(0, 4.5, latin1(f"{number}. {text}"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _lampiran(pdf: OfficialPdf, doc: Keputusan) -> None:
    lampiran = doc.lampiran
    pdf.add_page()
    pdf.set_font(FONT, size=9)
    for text in (f"LAMPIRAN KEPUTUSAN {doc.issuer}", f"NOMOR {doc.number}", f"TENTANG {doc.about.upper()}"):
        pdf.set_x(pdf.w / 2)
        pdf.multi_cell(0, 4.5, latin1(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    _centered(pdf, (lampiran.title.upper(),), "B", 10.5)
    pdf.ln(2)
    table(pdf, lampiran.columns, lampiran.rows, widths=lampiran.widths)
    pdf.ln(2)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 5, latin1(f"Jumlah: {len(lampiran.rows)}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    signature_block(pdf, doc.place_and_date, doc.signer, size=10)
