"""A period report as an Indonesian-language PDF (fpdf2), charts drawn as vector bars.

Numbers are written the Indonesian way (16.800, Rp16.800, 42,5 %), dates with Indonesian
month names, suppressed village counts as "<5" / "*".
"""
from __future__ import annotations

from shared.documents.layout import Signature, kop, signature_block
from shared.documents.layout import table as wrapped_table

from . import formatting as fmt
from . import tables as t
from .data import ReportData, ReportMeta
from .pdf_charts import BLUE, GREEN, GREY, ORANGE, RED, bar_chart, grouped_bar_chart, stacked_bar_chart
from .pdf_layout import FONT, ReportPdf, draw_table, latin1, show
from .suppression import SuppressionPolicy
from .tables import TEXT


def _cover(pdf: ReportPdf, data: ReportData, meta: ReportMeta) -> None:
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(0, 7, latin1(meta.report_kind_label.upper()), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    pdf.cell(0, 6, latin1(f"Kabupaten {meta.regency_name} - Periode {meta.period_label}"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.section("Ringkasan")
    width = pdf.content_width
    for label, value, kind in t.summary_items(data, meta):
        pdf.set_font(FONT, "", 8)
        pdf.cell(width * 0.45, 5.5, latin1(label), border="B")
        pdf.set_font(FONT, "B", 8)
        pdf.cell(width * 0.55, 5.5, pdf.fit(show(value, kind), width * 0.55), border="B",
                 new_x="LMARGIN", new_y="NEXT")


def _districts(pdf: ReportPdf, data: ReportData) -> None:
    pdf.section("Per Kecamatan")
    draw_table(pdf, t.district_table(data))
    if data.districts and all(d.coverage_percent is not None for d in data.districts):
        bar_chart(pdf, "Cakupan kepesertaan aktif per kecamatan",
                  [(d.district_name, d.coverage_percent) for d in data.districts], value_text=fmt.percent)
    else:
        bar_chart(pdf, "Kepesertaan aktif per kecamatan",
                  [(d.district_name, d.active_memberships) for d in data.districts])


def _budgets(pdf: ReportPdf, data: ReportData) -> None:
    pdf.section("Anggaran Bantuan Iuran")
    draw_table(pdf, t.budget_table(data))
    stacked_bar_chart(
        pdf, "Penyerapan anggaran per sumber dana (panjang batang = pagu)",
        [(t.budget_label(b.funding_source, b.fiscal_year), (b.committed, b.spent, b.released, b.left or 0))
         for b in data.budgets],
        (("Terikat", ORANGE), ("Terpakai", BLUE), ("Dikembalikan", GREY), ("Sisa", GREEN)),
        value_text=fmt.rupiah)


def _sanctions(pdf: ReportPdf, data: ReportData) -> None:
    pdf.section("Sanksi Administratif")
    draw_table(pdf, t.sanction_table(data))
    grouped_bar_chart(pdf, "Kasus terbuka, sanksi dijatuhkan dan dicabut",
                      [(s.label or s.violation, (s.cases_open, s.imposed, s.lifted)) for s in data.sanctions],
                      (("Kasus terbuka", ORANGE), ("Dijatuhkan", RED), ("Dicabut", GREEN)))


def _construction(pdf: ReportPdf, data: ReportData) -> None:
    pdf.section("Pendaftaran Jasa Konstruksi")
    table = t.construction_table(data)
    draw_table(pdf, table)
    bar_chart(pdf, "Proyek menurut status pendaftaran", [(row[0], row[1]) for row in table.rows])
    if data.construction.overdue:
        pdf.section("Proyek lewat tenggat pendaftaran")
        draw_table(pdf, t.overdue_table(data))


def _supervision(pdf: ReportPdf, data: ReportData) -> None:
    """Names and findings are long: wrapped in their cells (the statistics tables shorten theirs)."""
    pdf.section("Hasil Pengawasan: Pemberi Kerja, Temuan dan Tindak Lanjut")
    table = t.supervision_table(data)
    rows = [[show(v, c.kind) for v, c in zip(row, table.columns, strict=True)] for row in table.rows]
    wrapped_table(pdf, tuple(c.label for c in table.columns), rows or [["Tidak ada data pada periode ini."] + [""] * 5],
                  widths=(30, 42, 24, 16, 24, 16), total=tuple(show(v, TEXT) if v is not None else "" for v in
                                                               table.total), size=7.5)
    pdf.paragraph(table.note, size=7, style="I")


def _table(title: str, build):
    def draw(pdf: ReportPdf, data: ReportData, policy: SuppressionPolicy) -> None:
        pdf.section(title)
        draw_table(pdf, build(data, policy))
    return draw


# each section a report kind may hold (reporting.yaml `sections`), in the order the profile lists them
SECTIONS = {
    "districts": lambda pdf, data, policy: _districts(pdf, data),
    "villages": _table("Per Desa/Kelurahan", t.village_table),
    "programs": _table("Kepesertaan per Program", lambda data, _: t.program_table(data)),
    "categories": _table("Kepesertaan per Kategori Pekerja", lambda data, _: t.category_table(data)),
    "budgets": lambda pdf, data, policy: _budgets(pdf, data),
    "sanctions": lambda pdf, data, policy: _sanctions(pdf, data),
    "supervision": lambda pdf, data, policy: _supervision(pdf, data),
    "construction": lambda pdf, data, policy: _construction(pdf, data),
    "complaints": _table("Pengaduan", lambda data, _: t.complaint_table(data)),
    "bpjs_recaps": _table("Rekapitulasi Bulanan BPJS Ketenagakerjaan", lambda data, _: t.recap_table(data)),
}


def _signature(pdf: ReportPdf, meta: ReportMeta) -> None:
    o = meta.official
    if o is None:
        return
    signature_block(pdf, f"{o.place}, {fmt.date_long(o.issued_on)}",
                    Signature(o.signer_position, o.signer_name, o.signer_nip, o.signer_rank), size=10)


def build_pdf(data: ReportData, meta: ReportMeta, policy: SuppressionPolicy = SuppressionPolicy(),
              compress: bool = True) -> ReportPdf:
    pdf = ReportPdf(f"{meta.report_kind_label} - Kabupaten {meta.regency_name} - {meta.period_label}",
                    meta.official.verification if meta.official else "DRAF - periode belum berakhir, belum bernomor")
    pdf.set_compression(compress)
    pdf.set_title(latin1(f"{meta.report_kind_label} {meta.period_label}"))
    pdf.set_creator("Lindung")
    pdf.add_page()
    if meta.official:
        kop(pdf, meta.official.heading, meta.official.contact)
    _cover(pdf, data, meta)
    for name in meta.sections:
        if name != "summary":
            SECTIONS[name](pdf, data, policy)
    _signature(pdf, meta)
    pdf.ln(4)
    pdf.paragraph(f"Dibuat oleh sistem Lindung pada {fmt.datetime_long(meta.generated_at)}.", size=7, style="I")
    return pdf


def render_pdf(data: ReportData, meta: ReportMeta, *, policy: SuppressionPolicy = SuppressionPolicy(),
               compress: bool = True) -> bytes:
    """The report as PDF bytes; `compress=False` leaves the page streams readable (tests)."""
    return bytes(build_pdf(data, meta, policy, compress).output())

