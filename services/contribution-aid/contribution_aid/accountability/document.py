"""The accountability file (bukti pertanggungjawaban, Berau Pasal 23/24; the other regencies'
file of the same evidence) as an official document a treasurer prints and files: kop surat of the
office, number, the checklist of required documents with what was found, BPJS's invoices and
the transfers month by month with totals, the recipient decrees, the signature block, and as
lampiran the invoice lines per participant - in PDF, and the same tables as an XLSX workbook.

Issued once through the aid service's document register (kind `accountability`, one per budget
and period) when the period has ended and the file is complete; before that the same layout
comes back as a KONSEP without number, signature or register entry. The ZIP of JSON/CSV at
`/accountability` is unchanged."""
from __future__ import annotations

import datetime as dt
import io
import uuid
from dataclasses import dataclass

from fpdf.enums import XPos, YPos
from sqlalchemy.ext.asyncio import async_sessionmaker

from contribution_aid import rules
from contribution_aid.accountability.service import build_pack
from contribution_aid.documents.models import DocumentRecord
from contribution_aid.domain.accountability import (
    PRESENT,
    SERVICE_EVIDENCE,
    SERVICE_EVIDENCE_LABELS,
    AccountabilityPack,
    unissued_reason,
)
from contribution_aid.domain.months import add_months, first_day
from contribution_aid.domain.outcomes import cite
from contribution_aid.vocabularies import scheme_label
from shared.auth import Client
from shared.documents import Rendered, Stamp, documents_profile, issue_once, stored_content
from shared.documents.indonesian import angka, bulan, rentang_bulan, rupiah, tanggal
from shared.documents.layout import (
    FONT,
    OfficialPdf,
    Signature,
    heading,
    kop,
    latin1,
    signature_block,
    table,
    verification_line,
)
from shared.documents.xlsx import write_table
from shared.regulation import profiles

KIND = "accountability"
MEDIA = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# more invoice lines than this (about 40 pages, seconds to render): the PDF lampiran sums them by
# month, the XLSX lists them all
PDF_LINES = 2_000
FLAGS = {None: "sesuai", "unknown_person": "tidak dikenal / tidak didanai", "amount_mismatch": "nominal berbeda",
         "already_protected_elsewhere": "sudah terlindungi sumber lain", "terminated_recipient": "bantuan berakhir",
         "deceased_recipient": "meninggal dunia"}
STATUS = {PRESENT: "Ada", "missing": "Belum ada"}
RP = '"Rp"#,##0'


@dataclass(frozen=True)
class Official:
    """What the register fixed (None fields: a KONSEP, not issued)."""

    number: str | None
    issued_on: dt.date
    place: str
    heading: tuple[str, ...]
    contact: tuple[str, ...]
    signer: Signature
    footer: str


@dataclass(frozen=True)
class FileContent:
    regency_name: str
    period: str
    facts: tuple[tuple[str, str], ...]
    checklist: tuple[tuple, ...]          # no, document, basis, status, evidence found
    note: str
    invoices: tuple[tuple, ...]           # month, reference, lines, billed, matched, paid, transfer, paid on
    decrees: tuple[tuple, ...]            # number, date, recipients, additions, reductions
    lines: tuple[tuple, ...]              # no, month, reference, participant, amount, remark


async def accountability_document(sessions: async_sessionmaker, client: Client, budget_id: uuid.UUID,
                                  period_start: str, period_end: str, fmt: str,
                                  today: dt.date) -> tuple[str, str, bytes, str | None]:
    """(file name, media type, bytes, why it is only a KONSEP or None when issued)."""
    pack, bundle = await build_pack(sessions, client, budget_id, period_start, period_end)
    content = compose(pack, bundle)
    ended = first_day(add_months(period_end, 1)) <= today
    why = unissued_reason(pack, bundle["present"], ended)
    base = f"pertanggungjawaban-{pack.regency_code}-{period_start}-{period_end}"
    if why is not None:
        draft = _official(None, pack.regency_code, today)
        return f"konsep-{base}.{fmt}", MEDIA[fmt], render(content, draft, fmt), why

    def issue(stamp: Stamp) -> Rendered:
        return Rendered(render(content, _official(stamp, pack.regency_code, today), fmt), MEDIA[fmt],
                        f"{base}-{stamp.number.replace('/', '-')}.{fmt}")

    async with sessions() as session, session.begin():
        record = await issue_once(session, DocumentRecord, regency_code=pack.regency_code, kind=KIND,
                                  subject=f"accountability:{budget_id}:{period_start}:{period_end}",
                                  media_type=MEDIA[fmt], day=today, render=issue)
        return record.file_name, record.media_type, await stored_content(session, DocumentRecord, record), None


def render(content: FileContent, official: Official, fmt: str) -> bytes:
    return file_pdf(content, official) if fmt == "pdf" else file_xlsx(content, official)


def _official(stamp: Stamp | None, regency_code: str, today: dt.date) -> Official:
    if stamp is None:  # a KONSEP: the office that will issue it, nobody's name, no number
        profile = documents_profile(regency_code)
        spec = profile.kind(KIND)
        office = profile.offices[spec.office]
        position = profile.signer_on(spec.signer, today).position
        return Official(None, today, office.place, tuple(office.heading), (office.address, office.contact),
                        Signature(position, ""), "KONSEP - belum diterbitkan melalui register dokumen")
    return Official(stamp.number, stamp.issued_on, stamp.place, tuple(stamp.office.heading),
                    (stamp.office.address, stamp.office.contact),
                    Signature(stamp.signer.position, stamp.signer.name, stamp.signer.nip, stamp.signer.rank),
                    verification_line(stamp.number, stamp.verification_code))


# --- composing (what the file says) ---------------------------------------------------------------
def compose(pack: AccountabilityPack, bundle: dict) -> FileContent:
    regency = profiles().part(pack.regency_code, "regency")
    policy = rules.policy_for(pack.regency_code)
    budget = bundle["budget"]
    source = policy.sources.get(pack.funding_source)
    payer = budget.get("payer") or {}
    facts = (("Kabupaten", f"Kabupaten {regency['name']}"),
             ("Sumber dana", source.label if source else pack.funding_source),
             ("Pemberi dana", payer.get("name") or payer.get("ref") or "-"),
             ("Skema", scheme_label(profiles().regency(pack.regency_code), budget["scheme"])
              if budget.get("scheme") else "semua skema bantuan iuran"),
             ("Tahun anggaran", str(budget["fiscal_year"])),
             ("Pagu anggaran", rupiah(budget["amount"])),
             ("Terikat untuk peserta", rupiah(budget["committed"])),
             ("Dasar hukum", "; ".join(cite(source.citation if source else None, *pack.citations[:1])) or "-"))
    return FileContent(regency["name"], rentang_bulan(pack.period_start, pack.period_end), facts,
                       _checklist(pack, bundle), pack.note, _invoices(bundle),
                       tuple((d["number"], tanggal(dt.date.fromisoformat(d["decree_date"])), d["recipient_count"],
                              len(d["additions"]), len(d["reductions"])) for d in bundle["decrees"]),
                       _lines(bundle))


def _checklist(pack: AccountabilityPack, bundle: dict) -> tuple[tuple, ...]:
    found = _evidence(bundle)
    if pack.documents:
        return tuple((i, d.label, _article(d.citation), STATUS[d.status], found.get(d.code, "-"))
                     for i, d in enumerate(pack.documents, start=1))
    present = set(bundle["present"])
    return tuple((i, SERVICE_EVIDENCE_LABELS[c], "-", STATUS[PRESENT] if c in present else STATUS["missing"],
                  found.get(c, "-")) for i, c in enumerate(SERVICE_EVIDENCE, start=1))


def _article(citation: str) -> str:
    """"Pasal 23 huruf a" of "Perbup Berau No. 44/2024 Pasal 23 huruf a": the file names the regulation once."""
    _, mark, rest = citation.partition("Pasal ")
    return f"{mark}{rest}" if mark else citation


def _evidence(bundle: dict) -> dict[str, str]:
    """What was found for each document: decree numbers, invoice and transfer references."""
    found: dict[str, list[str]] = {
        "recipient_decree": [d["number"] for d in bundle["decrees"]],
        "bpjs_invoice": [i.reference for i in bundle["invoices"]],
        "transfer_proof": [p.transfer_reference for p in bundle["payments"]]}
    for document in bundle["documents"]:
        found.setdefault(document["code"], []).append(document["reference"])
    return {code: ", ".join(refs) for code, refs in found.items() if refs}


def _invoices(bundle: dict) -> tuple[tuple, ...]:
    paid = {p.invoice_id: p for p in bundle["payments"]}
    rows = []
    for invoice in bundle["invoices"]:
        payment = paid.get(invoice.id)
        rows.append((bulan(invoice.period), invoice.reference, invoice.line_count, invoice.billed_total,
                     invoice.matched_total, payment.amount if payment else 0,
                     payment.transfer_reference if payment else "belum dibayar",
                     tanggal(payment.paid_on) if payment else "-"))
    return tuple(rows)


def _lines(bundle: dict) -> tuple[tuple, ...]:
    references = {i.id: i.reference for i in bundle["invoices"]}
    return tuple((n, bulan(period), references[invoice_id], str(participant) if participant else "tidak dikenal",
                  amount, FLAGS.get(flag, flag))
                 for n, (invoice_id, _, participant, period, amount, flag, _) in enumerate(bundle["lines"], start=1))


# --- PDF ------------------------------------------------------------------------------------------
def file_pdf(content: FileContent, official: Official) -> bytes:
    pdf = OfficialPdf(official.footer, draft=official.number is None)
    pdf.alias_nb_pages()
    pdf.set_title(latin1(f"Laporan Pertanggungjawaban {official.number or 'KONSEP'}"))
    pdf.add_page()
    kop(pdf, official.heading, official.contact)
    _title(pdf, content, official)
    heading(pdf, "A. Anggaran dan Dasar Hukum")
    _facts(pdf, content.facts)
    heading(pdf, "B. Kelengkapan Bukti Pertanggungjawaban")
    if content.note:
        _paragraph(pdf, f"{content.note} Daftar berikut memuat bukti yang dikelola sistem.")
    table(pdf, ("No.", "Dokumen", "Pasal", "Status", "Bukti yang tercatat"), content.checklist,
          widths=(6, 45, 21, 10, 30), aligns=("C", "L", "L", "C", "L"))
    heading(pdf, "C. Rekapitulasi Tagihan dan Pembayaran Iuran")
    _invoice_table(pdf, content.invoices)
    heading(pdf, "D. Keputusan Bupati tentang Penerima")
    table(pdf, ("Nomor", "Tanggal", "Penerima", "Penambahan", "Pengurangan"),
          [(n, d, angka(r), angka(a), angka(x)) for n, d, r, a, x in content.decrees] or [("-",) * 5],
          widths=(34, 22, 14, 15, 15), aligns=("L", "L", "R", "R", "R"))
    if pdf.get_y() + 60 > pdf.page_break_trigger:  # the closing sentence stays with the signature
        pdf.add_page()
    _paragraph(pdf, "Demikian laporan pertanggungjawaban ini dibuat dengan sebenarnya untuk dipergunakan "
                    "sebagaimana mestinya.")
    signature_block(pdf, f"{official.place}, {tanggal(official.issued_on)}", official.signer, size=10)
    _lampiran(pdf, content, official)
    return bytes(pdf.output())


def _title(pdf: OfficialPdf, content: FileContent, official: Official) -> None:
    pdf.set_font(FONT, "B", 11.5)
    for text in ("LAPORAN PERTANGGUNGJAWABAN", "BANTUAN IURAN JAMINAN SOSIAL KETENAGAKERJAAN"):
        pdf.cell(0, 5.5, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=10.5)
    pdf.cell(0, 5.5, latin1(f"NOMOR: {official.number or '.......................'}"), align="C",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(0, 5.5, latin1(f"Periode {content.period}"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _facts(pdf: OfficialPdf, facts: tuple[tuple[str, str], ...]) -> None:
    pdf.set_font(FONT, size=10)
    for label, value in facts:
        pdf.cell(45, 5, latin1(label))
        pdf.cell(4, 5, ":")
        pdf.multi_cell(0, 5, latin1(value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _paragraph(pdf: OfficialPdf, text: str) -> None:
    pdf.set_font(FONT, size=10)
    pdf.ln(1)
    pdf.multi_cell(0, 5, latin1(text), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _invoice_table(pdf: OfficialPdf, invoices: tuple[tuple, ...]) -> None:
    rows = [(m, ref, angka(n), rupiah(b), rupiah(s), rupiah(p), t, d) for m, ref, n, b, s, p, t, d in invoices]
    total = ("Jumlah", "", angka(sum(i[2] for i in invoices)), rupiah(sum(i[3] for i in invoices)),
             rupiah(sum(i[4] for i in invoices)), rupiah(sum(i[5] for i in invoices)), "", "")
    table(pdf, ("Bulan", "No. Tagihan", "Baris", "Ditagih", "Sesuai", "Dibayar", "Bukti Transfer", "Tgl. Bayar"),
          rows or [("-",) * 8], widths=(14, 20, 8, 14, 14, 14, 18, 14),
          aligns=("L", "L", "R", "R", "R", "R", "L", "L"), total=total if invoices else None, size=8)


def _lampiran(pdf: OfficialPdf, content: FileContent, official: Official) -> None:
    pdf.add_page()
    pdf.set_font(FONT, size=9)
    for text in ("LAMPIRAN LAPORAN PERTANGGUNGJAWABAN", f"NOMOR {official.number or '.......................'}",
                 f"PERIODE {content.period.upper()}"):
        pdf.set_x(pdf.w / 2)
        pdf.multi_cell(0, 4.5, latin1(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(FONT, "B", 10.5)
    pdf.cell(0, 5.5, "RINCIAN TAGIHAN IURAN PER PESERTA", align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    total = sum(line[4] for line in content.lines)
    if len(content.lines) > PDF_LINES:
        _paragraph(pdf, f"Rincian {angka(len(content.lines))} baris tagihan dimuat lengkap dalam berkas XLSX "
                        f"bernomor sama; di sini jumlah per bulan.")
        table(pdf, ("Bulan", "No. Tagihan", "Baris", "Ditagih"), [(m, r, angka(n), rupiah(b))
                                                                for m, r, n, b, *_ in content.invoices],
              widths=(25, 35, 15, 25), aligns=("L", "L", "R", "R"))
    else:
        table(pdf, ("No.", "Bulan", "No. Tagihan", "ID Peserta", "Iuran", "Keterangan"),
              [(n, m, r, p, rupiah(a), f) for n, m, r, p, a, f in content.lines] or [("-",) * 6],
              widths=(6, 14, 18, 40, 12, 20), aligns=("R", "L", "L", "L", "R", "L"),
              total=("", "Jumlah", "", f"{angka(len(content.lines))} baris", rupiah(total), ""), size=7.5)
    signature_block(pdf, f"{official.place}, {tanggal(official.issued_on)}", official.signer, size=10)


# --- XLSX -----------------------------------------------------------------------------------------
def file_xlsx(content: FileContent, official: Official) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    title = (f"LAPORAN PERTANGGUNGJAWABAN BANTUAN IURAN - KABUPATEN {content.regency_name.upper()}",
             f"NOMOR {official.number or '(KONSEP, belum bernomor)'}", f"Periode {content.period}")
    sheet = workbook.active
    sheet.title = "Kelengkapan"
    write_table(sheet, title, ("No.", "Dokumen", "Pasal", "Status", "Bukti yang tercatat"), content.checklist)
    sheet = workbook.create_sheet("Tagihan dan Pembayaran")
    write_table(sheet, title, ("Bulan", "No. Tagihan", "Baris", "Ditagih (Rp)", "Sesuai (Rp)", "Dibayar (Rp)",
                               "Bukti Transfer", "Tgl. Bayar"), content.invoices,
                sum_columns=(3, 4, 5, 6), number_format={4: RP, 5: RP, 6: RP})
    sheet = workbook.create_sheet("Keputusan")
    write_table(sheet, title, ("Nomor", "Tanggal", "Penerima", "Penambahan", "Pengurangan"), content.decrees)
    sheet = workbook.create_sheet("Rincian Tagihan")
    write_table(sheet, title, ("No.", "Bulan", "No. Tagihan", "ID Peserta", "Iuran (Rp)", "Keterangan"),
                content.lines, sum_columns=(5,), number_format={5: RP})
    sheet = workbook.create_sheet("Anggaran")
    write_table(sheet, title, ("Uraian", "Isi"), content.facts)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
