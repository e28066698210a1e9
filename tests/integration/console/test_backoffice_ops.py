"""The back office's Impor, Laporan and Pengaturan areas in a real headless Chromium against real
processes (console, registry API and worker, reporting): as admin, create a person and change their
roles; as Kepala Dinas, record the workforce estimate and UCJ target, read the report calendar (and
download a report), run the profile check; as petugas, import a candidate list through the wizard —
upload, map a column the wizard did not recognise, see the preview, dry run with its row error,
commit, watch the page refresh itself to done, find an imported row by NIK — and see a broken file
end as "Gagal", never as done. Every page is checked (walk.Watch) and photographed."""
from __future__ import annotations

import datetime as dt

import httpx

from tests.factories import make_nik
from tests.integration.conftest import ADMIN_KEY
from tests.integration.console.walk import LAMANDAU, chromium_page, login, logout, persons

BIRTH = dt.date(1979, 6, 21)
SERVICES = ("registry", "reporting", "eligibility", "contribution-aid")


def _nik(serial: int) -> str:
    return make_nik(LAMANDAU, BIRTH, "F", district="01", serial=serial)


def _start(processes) -> str:
    urls = {f"LINDUNG_CONSOLE_{s.upper().replace('-', '_')}_URL": processes.base_url(s) for s in SERVICES}
    processes.start("console", "api", extra_env=urls)
    for service in SERVICES:
        processes.start(service, "api")
        if service != "reporting":
            processes.start(service, "worker")
    for service in ("console", *SERVICES):
        processes.wait_ready(service, timeout=180)
    return processes.base_url("console")


async def _budget(processes) -> None:
    async with httpx.AsyncClient(base_url=processes.base_url("contribution-aid"),
                                 headers={"X-API-Key": ADMIN_KEY}) as http:
        created = await http.post("/v1/budgets", json={"regency_code": LAMANDAU, "fiscal_year": dt.date.today().year,
                                                       "funding_source": "apbd", "amount": 500_000_000})
        assert created.status_code == 201, created.text


async def _admin_manages_persons(page, base: str, watch) -> None:
    await login(page, base, "nur.admin")
    await page.click("nav >> text=Pengaturan")
    await watch.check(page, "settings")
    await page.click("text=Petugas dan peran")
    assert "rina.petugas" in await page.inner_text("#persons")
    await page.fill("#f-username", "eka.desa")
    await page.fill("#f-name", "Eka Pendata")
    await page.fill("#f-password", "pendek")  # too short: the reason comes back next to the field
    await page.check("#f-role-petugas")
    await page.click("#tambah-petugas")
    assert await page.query_selector("#f-password[aria-invalid=true]") is not None
    assert await page.input_value("#f-name") == "Eka Pendata"  # the rest of the form is kept
    assert await page.is_checked("#f-role-petugas")
    await watch.check(page, "persons-error")
    await page.fill("#f-password", "kata-sandi-eka-2026")
    await page.click("#tambah-petugas")
    await page.wait_for_selector("#person-roles")
    assert "Petugas Disnaker" in await page.inner_text("#person-roles")
    await page.check("#p-role-verifikator")
    await page.click("#simpan-peran")
    await page.wait_for_selector("#notice")
    roles = await page.inner_text("#person-roles")
    assert "Verifikator" in roles and "Petugas Disnaker" in roles
    await watch.check(page, "person")
    await page.click("#nonaktifkan")
    await page.wait_for_selector("#notice")
    assert await page.inner_text("#person-active") == "Nonaktif"
    await logout(page)


async def _kadis_target_reports_profile(page, base: str, watch) -> None:
    await login(page, base, "budi.kadis")
    await page.goto(base + "/pengaturan/target")
    assert "Belum dicatat" in await page.inner_text("#no-target")
    await page.fill("#f-workforce_estimate", "48.250")
    await page.fill("#f-target_ratio", "72,5")
    await page.fill("#f-source", "BPS Sakernas Agustus 2025; RPJMD Lamandau 2025-2029")
    await page.click("#simpan-target")
    await page.wait_for_selector("#notice")
    assert "48.250" in await page.inner_text("#target-estimate")
    assert "72,5%" in await page.inner_text("#target-ratio")
    assert "Sakernas" in await page.inner_text("#target-source")
    assert "Budi Santoso" in await page.inner_text("#target")  # who recorded it, by name
    await watch.check(page, "target")

    await page.click("nav >> text=Laporan")
    await page.wait_for_selector("#calendar")
    calendar = await page.inner_text("#calendar")
    year = dt.date.today().year
    assert f"Tahun {year}" in calendar and f"30 Januari {year + 1}" in calendar, calendar  # Pasal 29(4)
    assert "Pasal 29 ayat (4)" in calendar
    assert await page.get_attribute("#dasbor", "href") is not None
    await watch.check(page, "reports")
    link = await page.get_attribute("#calendar a[href$='.pdf']", "href")
    pdf = await page.request.get(base + link)
    assert pdf.status == 200 and (await pdf.body()).startswith(b"%PDF")

    await page.goto(base + "/pengaturan/profil")
    await page.wait_for_selector("#profile-check")
    assert "Tidak ada masalah" in await page.inner_text("#profile-check")
    await watch.check(page, "profile-check")
    await logout(page)


async def _upload(page, base: str, path, source: str = "dtks") -> None:
    await page.goto(base + "/impor")
    await page.select_option("#f-data_source", source)
    await page.set_input_files("#f-berkas", str(path))
    await page.click("#unggah")
    await page.wait_for_selector("#preview")


async def _until_done(page, status: str = "Selesai") -> None:
    """The job page reloads itself (meta refresh) until the job has ended."""
    await page.wait_for_selector(f"#job-status:has-text('{status}')", timeout=90_000)


async def _petugas_imports(page, base: str, watch, tmp_path) -> None:
    await login(page, base, "rina.petugas")
    good = tmp_path / "dtks-lamandau.csv"
    good.write_text("no_nik;nama_kepala_keluarga;tanggal_lahir;jenis_kelamin;desil\n"
                    f"{_nik(1)};Siti Aminah;{BIRTH};P;1\n"
                    f"{_nik(2)};Rahmawati;1970-01-01;P;2\n"  # the birth date contradicts the NIK
                    f"{_nik(3)};Nurhayati;;P;1\n", encoding="utf-8")
    await page.click("nav >> text=Impor")
    await watch.check(page, "import-start")
    await _upload(page, base, good)
    preview = await page.inner_text("#preview")
    assert "Siti Aminah" in preview and _nik(1)[:6] + "******" in preview  # the first rows; NIKs masked
    assert _nik(1) not in preview  # petugas has no pii:read
    assert await page.input_value("#f-map_nik") == "no_nik"  # recognised by the wizard
    assert await page.input_value("#f-map_full_name") == ""  # not recognised: mapped by hand
    await page.click("#periksa")
    assert await page.query_selector("#f-map_full_name[aria-invalid=true]") is not None
    await watch.check(page, "import-mapping-error")
    await page.select_option("#f-map_full_name", "nama_kepala_keluarga")
    await watch.check(page, "import-mapping")
    await page.click("#periksa")
    await _until_done(page)
    assert "Uji coba" in await page.inner_text("main")
    assert (await page.inner_text("#accepted"), await page.inner_text("#rejected")) == ("2", "1")
    errors = await page.inner_text("#row-errors")
    assert "birth_date" in errors and "2" in errors
    download = await page.request.get(base + await page.get_attribute("#unduh-kesalahan", "href"))
    assert (await download.text()).splitlines()[:2] == ["Baris,Kolom,Kesalahan,Fatal",
                                                        "2,birth_date,tanggal lahir tidak sesuai dengan NIK / "
                                                        "birth_date does not match the NIK,tidak"]
    await watch.check(page, "import-dry-run")
    await page.click("#impor-sekarang")
    await _until_done(page)
    assert "Uji coba" not in await page.inner_text("h1")
    assert (await page.inner_text("#accepted"), await page.inner_text("#rejected")) == ("2", "1")
    assert "530" not in await page.inner_text("#rows") and "******" in await page.inner_text("#rows")
    await page.fill("#cari-nik", _nik(3))
    await page.click("#cari")
    await page.wait_for_selector("#rows")
    found = await page.inner_text("#rows")
    assert _nik(3)[:6] + "******" + _nik(3)[-4:] in found and _nik(1)[-4:] + "\n" not in found
    assert _nik(3) not in page.url
    await watch.check(page, "import-rows")

    broken = tmp_path / "rusak.csv"
    padding = b"".join(b"%d,Baris setelah kerusakan\n" % i for i in range(60_000))  # > 1 MiB: streamed
    broken.write_bytes(f"nik,full_name\n{_nik(4)},Dewi\n".encode() + b"\xff\xfe,\xc3\x28\n" + padding)
    assert broken.stat().st_size > 1_048_576
    await _upload(page, base, broken)
    await page.click("#periksa")
    await _until_done(page, "Gagal")
    assert "Impor gagal" in await page.inner_text("main")
    assert "Selesai" not in await page.inner_text("#job-status")
    await watch.check(page, "import-failed")
    await page.goto(base + "/impor")
    assert "Gagal" in await page.inner_text("#imports")


async def _petugas_evaluates_a_batch(page, base: str, watch, tmp_path) -> None:
    """A batch evaluation through the same wizard: no dry run (evaluating changes nothing)."""
    batch = tmp_path / "evaluasi.csv"
    batch.write_text("no,ktp_el,birth_date,worker_type,healthy,seriously_ill_or_in_er,deceased\n"
                     "A-1,true,1985-03-12,bpu,true,false,false\n"
                     "A-2,true,12-03-1985,bpu,true,false,false\n", encoding="utf-8")  # not a date
    await page.goto(base + "/impor?jenis=evaluasi")
    await page.select_option("#f-scheme", "bpu_registration")
    await page.set_input_files("#f-berkas", str(batch))
    await page.click("#unggah")
    await page.wait_for_selector("#preview")
    assert await page.input_value("#f-map_ref") == "no"
    await page.select_option("#f-map_has_e_ktp", "ktp_el")
    await watch.check(page, "batch-mapping")
    await page.click("#kirim")
    await _until_done(page)
    assert await page.inner_text("#eligible") == "1"
    assert "birth_date" in await page.inner_text("#row-errors")
    results = await page.request.get(base + await page.get_attribute("#unduh-hasil", "href"))
    assert results.status == 200 and "A-1" in await results.text()
    await watch.check(page, "batch-done")


async def _petugas_imports_an_invoice(page, base: str, watch, tmp_path) -> None:
    """A BPJS invoice: a file with a bad line is refused whole ("Gagal"), a good one reconciled."""
    period = dt.date.today().strftime("%Y-%m")
    for name, amount, status in (("rusak", "enam belas ribu", "Gagal"), ("benar", "16800", "Selesai")):
        invoice = tmp_path / f"tagihan-{name}.csv"
        invoice.write_text(f"nomor_nik;bulan;iuran\n{_nik(1)};{period};16800\n{_nik(9)};{period};{amount}\n",
                           encoding="utf-8")
        await page.goto(base + "/impor?jenis=tagihan")
        await page.fill("#f-reference", f"BPJS/TAG/{name}")
        await page.fill("#f-period", period)
        await page.select_option("#f-budget_id", index=1)
        await page.set_input_files("#f-berkas", str(invoice))
        await page.click("#unggah")
        await page.wait_for_selector("#preview")
        await page.click("#kirim")
        await _until_done(page, status)
        await watch.check(page, f"invoice-{name}")
    discrepancies = await page.request.get(base + await page.get_attribute("#unduh-hasil", "href"))
    assert discrepancies.status == 200 and _nik(1)[-4:] in await discrepancies.text()  # billed, not registered


async def test_settings_reports_and_a_candidate_import_walk(infra, processes, tmp_path):
    base = _start(processes)
    await persons(base)
    async with chromium_page() as (page, watch):
        await _admin_manages_persons(page, base, watch)
        await _kadis_target_reports_profile(page, base, watch)
        await _petugas_imports(page, base, watch, tmp_path)
        await _petugas_evaluates_a_batch(page, base, watch, tmp_path)
        await _budget(processes)
        await _petugas_imports_an_invoice(page, base, watch, tmp_path)
