"""Open data (Satu Data Indonesia, Perpres 39/2019): an aggregated export per regency and ended
period - coverage by kecamatan and desa/kelurahan, vulnerable workers covered by funding, budget
realisation - as CSV files with one metadata file describing each (title, definition, unit,
period, producer, source, small-cell rule). Village counts and funding counts below the regency's
small-cell threshold are suppressed as in every report ("<5", "*"); nothing names a person."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import orjson
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reporting.coverage.service import MEMBERS
from reporting.periodic import domain
from reporting.periodic.assemble import report_data
from reporting.regencies import regency_name, reporting_profile
from reporting.reports import ReportPeriod
from reporting.reports import labels as report_labels
from reporting.reports import tables as t
from reporting.reports.data import ReportData, percent
from reporting.reports.suppression import SuppressionPolicy, display, suppress_column
from shared import csvsafe
from shared.problems import InvalidInput
from shared.regulation.places import ATTRIBUTION as PLACE_NAMES_ATTRIBUTION

VULNERABLE = text(f"""
    SELECT coalesce(m.funding, 'unknown'), count(DISTINCT m.participant_id) FROM {MEMBERS}
      AND p.category = 'vulnerable_worker' GROUP BY 1 ORDER BY 1
""")
FUNDING = {"aid": "bantuan iuran pemerintah daerah / pihak lain", "self": "mandiri", "employer": "pemberi kerja",
           "unknown": "tidak diketahui"}


def parse_period(key: str) -> ReportPeriod:
    try:
        return domain.parse_any_period(key)
    except ValueError as exc:
        raise InvalidInput.fields([("period", str(exc))]) from None


async def open_data(sessions: async_sessionmaker, regency_code: str, key: str, today: dt.date) -> tuple[str, bytes]:
    period = parse_period(key)
    if period.end >= today:
        raise InvalidInput.fields([("period", "only a period that has ended is published")])
    policy = reporting_profile(regency_code).small_cell
    span = domain.ReportWindow(period.start, period.end)
    async with sessions() as session:
        data = await report_data(session, regency_code, span, today)
        vulnerable = await _vulnerable(session, regency_code, period.end)
    files = {"cakupan_kecamatan.csv": _districts(data), "cakupan_desa.csv": _villages(data, policy),
             "pekerja_rentan_per_pendanaan.csv": _funding(vulnerable, policy),
             "realisasi_anggaran.csv": _budgets(data)}
    meta = metadata(regency_code, period, today, policy)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in files.items():
            archive.writestr(zipfile.ZipInfo(name, (2000, 1, 1, 0, 0, 0)), body)
        archive.writestr(zipfile.ZipInfo("metadata.json", (2000, 1, 1, 0, 0, 0)),
                         orjson.dumps(meta, option=orjson.OPT_INDENT_2))
    return f"data-terbuka-{regency_code}-{key}.zip", buffer.getvalue()


async def _vulnerable(session: AsyncSession, regency_code: str, on: dt.date) -> list[tuple[str, int]]:
    return [tuple(r) for r in (await session.execute(VULNERABLE, {"r": regency_code, "on": on})).all()]


def _csv(header: tuple, rows) -> str:
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _districts(data: ReportData) -> str:
    return _csv(("kode_kecamatan", "nama_kecamatan", "jumlah_peserta", "kepesertaan_aktif", "peserta_bantuan_iuran"),
                ((d.district_code, d.district_name, d.participants, d.active_memberships, d.aid_funded)
                 for d in data.districts))


def _villages(data: ReportData, policy: SuppressionPolicy) -> str:
    hidden = t.suppressed_villages(data.villages, policy)
    return _csv(("kode_kecamatan", "kode_desa", "nama_desa", "jumlah_peserta", "kepesertaan_aktif"),
                ((r["district_code"], r["village_code"] or "-", r["village_name"],
                  *(display(r, c, policy) for c in t.VILLAGE_COUNTS)) for r in hidden.rows))


def _funding(vulnerable: list[tuple[str, int]], policy: SuppressionPolicy) -> str:
    """Within the regency's total of vulnerable workers (published in the reports): small counts
    hidden, and one more where a single hidden count could be recomputed from that total."""
    rows, _ = suppress_column([{"funding": f, "count": n} for f, n in vulnerable], "count", group_by=(),
                              policy=policy)
    return _csv(("pendanaan", "keterangan", "pekerja_rentan_terlindungi"),
                ((r["funding"], FUNDING.get(r["funding"], r["funding"]), display(r, "count", policy)) for r in rows))


def _budgets(data: ReportData) -> str:
    return _csv(("sumber_dana", "tahun_anggaran", "pagu", "terikat", "terpakai", "dikembalikan", "sisa",
                 "serapan_persen"),
                ((report_labels.funding_source(b.funding_source), b.fiscal_year, b.amount, b.committed, b.spent,
                  b.released, b.left, percent(b.spent, b.amount)) for b in data.budgets))


def metadata(regency_code: str, period: ReportPeriod, today: dt.date, policy: SuppressionPolicy) -> dict:
    """Satu Data Indonesia metadata (Perpres 39/2019 Pasal 7-8: standar data, metadata, kode referensi)."""
    common = {"produsen_data": f"Dinas Tenaga Kerja Kabupaten {regency_name(regency_code)}",
              "kode_wilayah": regency_code, "nama_wilayah": f"Kabupaten {regency_name(regency_code)}",
              "periode": period.label, "tanggal_awal": period.start.isoformat(),
              "tanggal_akhir": period.end.isoformat(), "tanggal_rilis": today.isoformat(),
              "sumber": "Lindung: model baca dari peristiwa registri, bantuan iuran dan BPJS Ketenagakerjaan",
              "lisensi": "CC BY 4.0", "format": "CSV (UTF-8, pemisah koma)"}
    suppression = report_labels.SUPPRESSION_LEGEND.format(threshold=policy.threshold)
    return {"standar": "Peraturan Presiden Nomor 39 Tahun 2019 tentang Satu Data Indonesia", **common,
            "dataset": [
                {"berkas": "cakupan_kecamatan.csv", "judul": "Kepesertaan Jaminan Sosial Ketenagakerjaan per Kecamatan",
                 "satuan": "orang", "kode_referensi": "kode wilayah Kemendagri (kecamatan)",
                 "sumber_nama_wilayah": PLACE_NAMES_ATTRIBUTION,
                 "definisi": {"jumlah_peserta": "orang terdaftar atau terlindungi pada akhir periode",
                              "kepesertaan_aktif": "kepesertaan yang berlaku pada akhir periode",
                              "peserta_bantuan_iuran": "peserta aktif yang iurannya dibantu"}},
                {"berkas": "cakupan_desa.csv", "judul": "Kepesertaan Jaminan Sosial Ketenagakerjaan per Desa/Kelurahan",
                 "satuan": "orang", "kode_referensi": "kode wilayah Kemendagri (desa/kelurahan)",
                 "sumber_nama_wilayah": PLACE_NAMES_ATTRIBUTION,
                 "kerahasiaan": suppression},
                {"berkas": "pekerja_rentan_per_pendanaan.csv",
                 "judul": "Pekerja Rentan yang Terlindungi menurut Pendanaan Iuran", "satuan": "orang",
                 "kerahasiaan": suppression},
                {"berkas": "realisasi_anggaran.csv", "judul": "Realisasi Anggaran Bantuan Iuran", "satuan": "rupiah",
                 "definisi": {"terikat": "dialokasikan, belum dibayar", "terpakai": "dibayar ke BPJS Ketenagakerjaan",
                              "dikembalikan": "keluar dari pagu", "sisa": "masih tersedia"}},
            ]}
