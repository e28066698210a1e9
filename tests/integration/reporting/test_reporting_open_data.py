"""Open data per regency and ended period (Satu Data Indonesia): CSV files whose figures agree with
the coverage API, village and funding counts below the threshold suppressed, and the metadata."""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import orjson

from reporting.periodic.domain import period_key
from reporting.reports import period_containing
from tests.integration.reporting.helpers import feed

BERAU = "6405"


def rows(archive: zipfile.ZipFile, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode())))


async def test_open_data_of_an_ended_period(clean, api, workers):
    await feed(clean, workers)
    reporting = await api("reporting")
    today = dt.date.today()
    half = period_containing("half_year", period_containing("half_year", today).start - dt.timedelta(days=1))
    response = await reporting.get(f"/v1/open-data/{period_key(half)}.zip", params={"regency_code": BERAU})
    assert response.status_code == 200, response.text
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["cakupan_desa.csv", "cakupan_kecamatan.csv", "metadata.json",
                                          "pekerja_rentan_per_pendanaan.csv", "realisasi_anggaran.csv"]
    coverage = (await reporting.get("/v1/coverage", params={"regency_code": BERAU,
                                                           "as_of": half.end.isoformat()})).json()
    districts = rows(archive, "cakupan_kecamatan.csv")
    assert sum(int(d["jumlah_peserta"]) for d in districts) == coverage["participants"] > 0
    assert sum(int(d["kepesertaan_aktif"]) for d in districts) == coverage["active_memberships"]
    villages = [v["jumlah_peserta"] for v in rows(archive, "cakupan_desa.csv")]
    assert "<5" in villages and all(v in ("<5", "*") or int(v) >= 5 for v in villages)
    assert {d["kode_kecamatan"]: d["nama_kecamatan"] for d in districts}["640301"] == "Kecamatan Kelay"
    assert {v["kode_desa"]: v["nama_desa"] for v in rows(archive, "cakupan_desa.csv")}["6403012001"] == \
        "Kampung Merabu"
    funding = [f["pekerja_rentan_terlindungi"] for f in rows(archive, "pekerja_rentan_per_pendanaan.csv")]
    assert funding and all(v in ("<5", "*") or int(v) >= 5 for v in funding)
    meta = orjson.loads(archive.read("metadata.json"))
    assert meta["standar"].startswith("Peraturan Presiden Nomor 39 Tahun 2019") and meta["kode_wilayah"] == BERAU
    assert {d["berkas"] for d in meta["dataset"]} == set(archive.namelist()) - {"metadata.json"}
    assert all("ODbL" in d["sumber_nama_wilayah"] and "idn-area-data 4.0.1" in d["sumber_nama_wilayah"]
               for d in meta["dataset"] if d["berkas"].startswith("cakupan_"))  # the names' licence, attributed
    again = await reporting.get(f"/v1/open-data/{period_key(half)}.zip", params={"regency_code": BERAU})
    assert again.content == response.content  # the same export every time for an ended period

    running = await reporting.get(f"/v1/open-data/{today.year}.zip", params={"regency_code": BERAU})
    assert running.status_code == 422 and running.json()["errors"][0]["field"] == "period"
    assert (await reporting.get("/v1/open-data/2026-X9.zip", params={"regency_code": BERAU})).status_code == 422
