"""The report's tables, once, in Indonesian: the XLSX and PDF writers only lay them out.

A cell holds a raw value (int, float, str, date, None); its column's `kind` says how to show
it. A suppressed count is the string "<5" or "*" (small cell / complementary).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from . import labels
from .data import ReportData, ReportMeta, VillageRow, percent
from .suppression import SuppressedTable, SuppressionPolicy, display, suppress_table

TEXT, COUNT, MONEY, PERCENT, DATE = "text", "count", "money", "percent", "date"
VILLAGE_COUNTS = ("participants", "active_memberships")


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: list[list] = field(default_factory=list)
    total: list | None = None
    note: str | None = None


def _signer_items(meta: ReportMeta) -> list[tuple[str, object, str]]:
    o = meta.official
    if o is None:
        return []
    return [("Tanggal", o.issued_on, DATE), ("Penanda tangan", o.signer_name, TEXT),
            ("NIP", o.signer_nip or "-", TEXT), ("Jabatan", o.signer_position, TEXT)]


def summary_items(data: ReportData, meta: ReportMeta) -> list[tuple[str, object, str]]:
    """(label, value, kind) pairs for the "Ringkasan" page."""
    s = data.summary
    return [
        ("Nomor", meta.official.number if meta.official else "DRAF (periode belum berakhir)", TEXT),
        *_signer_items(meta),
        ("Kabupaten", meta.regency_name, TEXT),
        ("Jenis laporan", meta.report_kind_label, TEXT),
        ("Periode", meta.period_label, TEXT),
        ("Dasar hukum", meta.legal_basis or "-", TEXT),
        ("Dibuat pada", meta.generated_at, DATE),
        ("Data per (peristiwa terbaru)", s.data_as_of, DATE),
        ("Jumlah peserta", s.participants, COUNT),
        ("Kepesertaan aktif", s.active_memberships, COUNT),
        ("Peserta bantuan iuran", s.aid_funded, COUNT),
        ("Perkiraan jumlah pekerja (bukan ketentuan hukum)", s.workforce_estimate, COUNT),
        ("Cakupan kepesertaan aktif", s.coverage_percent, PERCENT),
        ("Target UCJ", s.ucj_target_percent, PERCENT),
        ("Target antara tahun berjalan", s.interim_target_percent, PERCENT),
        *((n.label, n.text, TEXT) for n in data.national_targets),
    ]


def district_table(data: ReportData) -> Table:
    rows = [[d.district_code, d.district_name, d.participants, d.active_memberships, d.aid_funded,
             d.workforce_estimate, d.coverage_percent] for d in data.districts]
    total = ["", "Jumlah", sum(d.participants for d in data.districts),
             sum(d.active_memberships for d in data.districts), sum(d.aid_funded for d in data.districts),
             None, None]
    return Table("Per Kecamatan", (
        Column("Kode"), Column("Kecamatan"), Column("Peserta", COUNT), Column("Kepesertaan aktif", COUNT),
        Column("Bantuan iuran", COUNT), Column("Perkiraan pekerja", COUNT), Column("Cakupan", PERCENT),
    ), rows, total)


def suppressed_villages(villages: Sequence[VillageRow], policy: SuppressionPolicy) -> SuppressedTable:
    """Village counts with small cells hidden within each district."""
    rows = [{"district_code": v.district_code, "district_name": v.district_name,
             "village_code": v.village_code, "village_name": v.village_name,
             "participants": v.participants, "active_memberships": v.active_memberships}
            for v in villages]
    return suppress_table(rows, VILLAGE_COUNTS, group_by=("district_code",), policy=policy)


def village_table(data: ReportData, policy: SuppressionPolicy) -> Table:
    hidden = suppressed_villages(data.villages, policy)
    rows = [[r["district_code"], r["district_name"], r["village_code"] or "-", r["village_name"],
             *(r[c] if r[c] is not None else display(r, c, policy) for c in VILLAGE_COUNTS)]
            for r in hidden.rows]
    return Table("Per Desa", (
        Column("Kode kecamatan"), Column("Kecamatan"), Column("Kode desa"), Column("Desa/Kelurahan"),
        Column("Peserta", COUNT), Column("Kepesertaan aktif", COUNT),
    ), rows, note=labels.SUPPRESSION_LEGEND.format(threshold=policy.threshold))


def program_table(data: ReportData) -> Table:
    rows = [[p.program, labels.program(p.program), p.active_memberships] for p in data.programs]
    return Table("Program", (Column("Kode"), Column("Program"), Column("Kepesertaan aktif", COUNT)), rows)


def category_table(data: ReportData) -> Table:
    rows = [[c.label or c.category, c.participants, c.active_memberships] for c in data.categories]
    total = ["Jumlah", sum(c.participants for c in data.categories),
             sum(c.active_memberships for c in data.categories)]
    return Table("Kategori", (Column("Kategori pekerja"), Column("Peserta", COUNT),
                              Column("Kepesertaan aktif", COUNT)), rows, total)


def budget_label(funding_source: str, fiscal_year: int, scheme: str | None = None) -> str:
    text = f"{labels.funding_source(funding_source)} {fiscal_year}"
    return f"{text} ({scheme})" if scheme else text


def _total(values) -> int | None:
    """A column total; unknown when any part is unknown."""
    values = list(values)
    return None if any(v is None for v in values) else sum(values)


def budget_table(data: ReportData) -> Table:
    rows = [[budget_label(b.funding_source, b.fiscal_year, b.scheme), b.amount, b.committed, b.spent,
             b.released, b.left, percent(b.spent, b.amount)] for b in data.budgets]
    sums = [_total(b.amount for b in data.budgets), sum(b.committed for b in data.budgets),
            sum(b.spent for b in data.budgets), sum(b.released for b in data.budgets),
            _total(b.left for b in data.budgets)]
    return Table("Anggaran", (
        Column("Sumber dana"), Column("Pagu", MONEY), Column("Terikat", MONEY), Column("Terpakai", MONEY),
        Column("Dikembalikan", MONEY), Column("Sisa", MONEY), Column("Serapan", PERCENT),
    ), rows, ["Jumlah", *sums, percent(sums[2], sums[0])],
        note="Terikat: sudah dialokasikan, belum dibayar. Terpakai: sudah dibayar ke BPJS Ketenagakerjaan. "
             "Dikembalikan: keluar dari pagu dan tidak dapat dipakai lagi. Sisa: masih tersedia.")


def sanction_table(data: ReportData) -> Table:
    rows = [[s.label or s.violation, s.cases_open, s.imposed, s.lifted] for s in data.sanctions]
    total = ["Jumlah", sum(s.cases_open for s in data.sanctions), sum(s.imposed for s in data.sanctions),
             sum(s.lifted for s in data.sanctions)]
    return Table("Sanksi", (Column("Pelanggaran"), Column("Kasus terbuka", COUNT),
                            Column("Sanksi dijatuhkan", COUNT), Column("Sanksi dicabut", COUNT)), rows, total,
                 note="Kasus terbuka: pada akhir periode. Dijatuhkan dan dicabut: selama periode.")


def construction_table(data: ReportData) -> Table:
    c = data.construction
    rows = [["Didaftarkan tepat waktu", c.on_time], ["Didaftarkan terlambat", c.late],
            ["Belum didaftarkan, belum jatuh tempo", c.pending],
            ["Belum didaftarkan, lewat tenggat", len(c.overdue)]]
    return Table("Jasa Konstruksi", (Column("Status pendaftaran proyek"), Column("Jumlah proyek", COUNT)), rows,
                 ["Jumlah", c.on_time + c.late + c.pending + len(c.overdue)])


def overdue_table(data: ReportData) -> Table:
    rows = [[p.project_name, p.employer_name, p.district_name or "-", p.spk_date, p.registration_deadline,
             p.days_overdue] for p in sorted(data.construction.overdue, key=lambda p: -p.days_overdue)]
    return Table("Proyek lewat tenggat pendaftaran", (
        Column("Proyek"), Column("Pemberi kerja"), Column("Kecamatan"), Column("Tanggal SPK", DATE),
        Column("Batas pendaftaran", DATE), Column("Hari terlambat", COUNT),
    ), rows)


def supervision_table(data: ReportData) -> Table:
    """The supervision report's body (TTS Pasal 26(1), Sambas Pasal 28): employers supervised, the
    finding about each and its follow-up."""
    rows = [[r.employer, r.finding, r.source, r.opened_on, r.follow_up, r.follow_up_on]
            for r in sorted(data.supervision, key=lambda r: (r.opened_on, r.employer))]
    return Table("Hasil Pengawasan", (
        Column("Pemberi kerja"), Column("Temuan"), Column("Sumber temuan"), Column("Tanggal temuan", DATE),
        Column("Tindak lanjut"), Column("Tanggal tindak lanjut", DATE),
    ), rows, ["Jumlah pemberi kerja", len({r.employer for r in data.supervision}), None, None, None, None],
        note="Pemberi kerja dengan kasus kepatuhan yang terbuka pada suatu saat dalam periode; tindak lanjut "
             "menurut keadaan pada akhir periode.")


def recap_table(data: ReportData) -> Table:
    """BPJS's monthly recaps of the period (Berau Pasal 22): due, received, late."""
    rows = [[r.month, r.due_date, r.received_on, r.status, r.days_late, r.reference or "-"] for r in data.recaps]
    return Table("Rekap Bulanan BPJS", (
        Column("Bulan"), Column("Batas penyampaian", DATE), Column("Diterima", DATE), Column("Status"),
        Column("Hari terlambat", COUNT), Column("Nomor surat"),
    ), rows, note="Rekapitulasi kepesertaan, penerimaan iuran dan pembayaran jaminan dari BPJS Ketenagakerjaan.")


def complaint_table(data: ReportData) -> Table:
    rows = [[labels.code_label(c.category), labels.code_label(c.channel), labels.code_label(c.stage), c.received,
             c.closed_on_time, c.closed_late, c.open_overdue, c.open_in_time] for c in data.complaints]
    sums = [sum(getattr(c, f) for c in data.complaints)
            for f in ("received", "closed_on_time", "closed_late", "open_overdue", "open_in_time")]
    return Table("Pengaduan", (
        Column("Kategori"), Column("Saluran"), Column("Tahap"), Column("Diterima", COUNT),
        Column("Selesai tepat waktu", COUNT), Column("Selesai terlambat", COUNT),
        Column("Terbuka lewat tenggat", COUNT), Column("Terbuka dalam tenggat", COUNT),
    ), rows, ["Jumlah", "", "", *sums])
