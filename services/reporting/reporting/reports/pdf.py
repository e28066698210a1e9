"""A period report as an Indonesian-language PDF (fpdf2), charts drawn as vector bars.

Numbers are written the Indonesian way (16.800, Rp16.800, 42,5 %), dates with Indonesian
month names, suppressed village counts as "<5" / "*".
"""
from __future__ import annotations

from shared.documents.layout import Signature, kop, signature_block

from . import formatting as fmt
from . import tables as t
from .data import ReportData, ReportMeta
from .pdf_charts import BLUE, GREEN, GREY, ORANGE, RED, bar_chart, grouped_bar_chart, stacked_bar_chart
from .pdf_layout import FONT, ReportPdf, draw_table, latin1, show
from .suppression import SuppressionPolicy


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
    _districts(pdf, data)
    pdf.section("Per Desa/Kelurahan")
    draw_table(pdf, t.village_table(data, policy))
    pdf.section("Kepesertaan per Program")
    draw_table(pdf, t.program_table(data))
    pdf.section("Kepesertaan per Kategori Pekerja")
    draw_table(pdf, t.category_table(data))
    _budgets(pdf, data)
    _sanctions(pdf, data)
    _construction(pdf, data)
    _signature(pdf, meta)
    pdf.ln(4)
    pdf.paragraph(f"Dibuat oleh sistem Lindung pada {fmt.datetime_long(meta.generated_at)}.", size=7, style="I")
    return pdf


def render_pdf(data: ReportData, meta: ReportMeta, *, policy: SuppressionPolicy = SuppressionPolicy(),
               compress: bool = True) -> bytes:
    """The report as PDF bytes; `compress=False` leaves the page streams readable (tests)."""
    return bytes(build_pdf(data, meta, policy, compress).output())

