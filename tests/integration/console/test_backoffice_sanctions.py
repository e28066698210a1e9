"""The back office in a real headless Chromium against real processes (console, registry and
sanctions, each API and worker): as different persons, register an employer -> open a Lamandau
case -> record the BPJS request and the inspector's recommendation -> propose imposing (petugas) ->
approve (kepala_dinas, from the home page) -> clearance denies (DPMPTSP) -> registration and the fine
paid in full (the lift is proposed) -> approve -> lifted -> clearance allows.
Every page is checked for console errors, failed requests and unlabelled fields; screenshots at
desktop and phone width go to the test log directory (console-*.png)."""
from __future__ import annotations

import datetime as dt
import time

import httpx

from tests.factories import participant_body
from tests.integration.conftest import ADMIN_KEY
from tests.integration.console.walk import LAMANDAU, chromium_page, login, logout, persons

SERVICES = ("registry", "eligibility", "contribution-aid", "sanctions", "reporting")
NIB = "9120001234567"


async def _approve(page, base: str, watch, shot: str | None = None) -> None:
    """The Kepala Dinas finds the proposal on the home page and approves it."""
    await login(page, base, "budi.kadis")
    await page.wait_for_selector("#proposals")
    assert "Rina Petugas" in await page.inner_text("#proposals")
    await watch.check(page, shot)
    await page.click("#proposals button.approve")
    await page.wait_for_selector("#case-state")


def _known_to_sanctions(infra, employer_id: str) -> None:
    """The sanctions worker has consumed the registry's EmployerRegistered (imposing needs it)."""
    deadline = time.monotonic() + 60
    while not infra.sql("sanctions", "SELECT 1 FROM known_employers WHERE employer_id = %s", (employer_id,)):
        assert time.monotonic() < deadline, "EmployerRegistered never reached sanctions"
        time.sleep(0.5)


def _start(infra, processes) -> str:
    """Registry and sanctions with their workers; the other three APIs answer the home page's blocks."""
    urls = {f"LINDUNG_CONSOLE_{name.upper().replace('-', '_')}_URL": processes.base_url(name) for name in SERVICES}
    processes.start("console", "api", extra_env=urls)
    for service in ("registry", "sanctions"):
        processes.start(service, "api")
        processes.start(service, "worker")
    for service in ("eligibility", "contribution-aid", "reporting"):
        processes.start(service, "api")
    for service in ("console", *SERVICES):
        processes.wait_ready(service, timeout=180)
    return processes.base_url("console")


async def _register_employer(page, watch) -> str:
    await page.click("text=Daftarkan pemberi kerja")
    await watch.check(page, "employer-form")
    await page.fill("#f-name", "PT Sawit Lamandau Jaya")
    await page.fill("#f-nib", "12")  # too short: the registry's reason comes back next to the field
    await page.select_option("#f-kind", "non_state")
    await page.select_option("#f-business_scale", "medium")
    await page.select_option("#f-sector", "general")
    await page.fill("#f-address", "Jl. Trans Kalimantan Km 5, Nanga Bulik")
    await page.fill("#f-workers", "42")
    await page.click("#simpan")
    # wait for the answer page: the click returns once the navigation commits, maybe before the field is parsed
    invalid = await page.wait_for_selector("[aria-invalid=true]")
    assert await invalid.get_attribute("id") == "f-nib"
    assert await page.inner_text("#f-nib-error")  # the registry's reason, in Indonesian, next to the field
    assert await page.input_value("#f-name") == "PT Sawit Lamandau Jaya"  # the input is kept
    await watch.check(page, "employer-form-error")
    await page.fill("#f-nib", NIB)
    await page.click("#simpan")
    await page.wait_for_selector("#employer-id")
    assert "9120001234567" in await page.inner_text("#employer")
    await watch.check(page, "employer")
    return (await page.inner_text("#employer-id")).strip()


async def _open_case(page, watch) -> str:
    await page.select_option("#f-violation", "employer_not_registered")
    await page.select_option("#f-source", "bpjs_request")
    await page.fill("#f-reference", "B/100/BPJS/2026")
    await page.click("#buka-kasus")
    await page.wait_for_selector("#case-state")
    assert "Dibuka" in await page.inner_text("#case-state")
    assert "B/100/BPJS/2026" in await page.inner_text("#timeline")
    await _evidence(page, "inspector_recommendation", "560/7/PK/2026")
    assert "Rekomendasi pengawas" in await page.inner_text("#timeline")
    await watch.check(page, "case-open")
    return page.url


async def _evidence(page, kind: str, reference: str, amount: str | None = None) -> None:
    await page.select_option("#ev-kind", kind)
    await page.fill("#ev-reference", reference)
    if amount:
        await page.fill("#ev-amount", amount)
    await page.click("#catat-bukti")
    await page.wait_for_selector("#case-state")


async def _clearance(page, base: str, employer_id: str, watch, shot: str) -> str:
    await page.goto(base + "/izin")
    await page.fill("#f-employer_id", employer_id)
    await page.select_option("#f-service", "business_license")
    await page.click("#cek")
    await page.wait_for_selector("#clearance")
    await watch.check(page, shot)
    return await page.inner_text("#clearance")


async def _worker(registry: str, employer_id: str) -> str:
    """One of the employer's workers registered in the registry (a company worker); its NIK."""
    body = participant_body(LAMANDAU, serial=7, worker_type="pu", category="non_state_employer_worker",
                            occupation="company_worker", employer_id=employer_id)
    async with httpx.AsyncClient(base_url=registry, headers={"X-API-Key": ADMIN_KEY}) as http:
        created = await http.post("/v1/participants", json=body)
        assert created.status_code == 201, created.text
    return body["nik"]


async def _employer_and_case_lists(page, base: str, watch, worker_nik: str) -> None:
    """The employer is found by its NIB (and exported), its page lists the case; the case list shows it
    with its state, filtered by that state."""
    number = (await page.inner_text("h1")).removeprefix("Kasus ").strip()
    state = (await page.get_attribute("#case-state", "class")).split("state-")[-1]
    await page.click("nav >> text=Pemberi kerja")
    await page.fill("#f-q", NIB)
    await page.click("#cari")
    await page.wait_for_selector("#employers")
    assert "PT Sawit Lamandau Jaya" in await page.inner_text("#employers")
    assert f"dengan NIB {NIB}" in await page.inner_text("#count")
    await watch.check(page, "employers")
    export = await page.request.get(base + await page.get_attribute("#export", "href"))
    assert export.ok and export.headers["content-type"].startswith("text/csv")
    assert "NIB" in (await export.text()).splitlines()[0] and NIB in await export.text()
    await page.click("#employers >> text=PT Sawit Lamandau Jaya")
    await page.wait_for_selector("#employer-cases")
    assert number in await page.inner_text("#employer-cases")
    assert "Kesenjangan kepatuhan" in await page.inner_text("#compliance")  # OSS: no BPJS registration yet
    workers = await page.inner_text("#workers")
    assert "selain penyelenggara negara" in workers.lower() and "******" in workers  # category label, masked NIK
    assert worker_nik not in await page.content()  # never the NIK in clear
    await page.click("nav >> text=Sanksi")
    await page.select_option("#f-state", state)
    await page.click("#saring")
    await page.wait_for_selector("#cases")
    row = await page.inner_text(f"#cases tr:has-text('{number}')")
    assert await page.inner_text(f"#f-state option[value={state}]") in row  # the vocabulary's label
    assert "tidak mendaftarkan" in row
    await watch.check(page, "cases")


async def _due_case(page, base: str, sanctions: str, employer_id: str) -> str:
    """A second finding, reported by the system (incomplete wage data): BPJS's written warning went out
    60 days ago, so its ladder step is past due."""
    async with httpx.AsyncClient(base_url=sanctions, headers={"X-API-Key": ADMIN_KEY}) as http:
        opened = await http.post("/v1/cases", json={
            "regency_code": LAMANDAU, "employer_id": employer_id, "violation": "incomplete_data",
            "source": "system", "reference": "SIS/2026/7", "evidence": "Data upah tidak sesuai"})
        assert opened.status_code == 201, opened.text
    await page.goto(f"{base}/kasus/{opened.json()['id']}")
    await page.select_option("#ev-kind", "warning_issued")
    await page.fill("#ev-reference", "TEG/BPJS/2026/4")
    await page.fill("#ev-date", (dt.date.today() - dt.timedelta(days=60)).isoformat())
    await page.click("#catat-bukti")
    await page.wait_for_selector("#case-state")
    assert "Teguran tertulis" in await page.inner_text("#timeline")
    assert "Denda dikenakan" in await page.inner_text("#next-steps")  # the ladder's next rung, cited
    assert "PP 86/2013" in await page.inner_text("#next-steps")
    letters = await page.inner_text("#letters")  # BPJS warns in Lamandau: no regency warning letter offered
    assert "diberikan oleh BPJS Ketenagakerjaan" in letters and "Surat teguran tertulis (PDF)" not in letters
    return (await page.inner_text("h1")).removeprefix("Kasus ").strip()


async def _late_project(page, watch) -> str:
    """A construction project whose SPK is 40 days old and whose workers are not registered yet."""
    await page.click("nav >> text=Konstruksi")
    await page.click("text=Daftarkan proyek")
    await page.fill("#f-nib", "9120009999999")  # no such employer here: said next to the NIB, input kept
    await page.fill("#f-name", "Peningkatan Jalan Nanga Bulik - Kujan")
    await page.fill("#f-contract_value", "2.500.000.000")
    await page.select_option("#f-funding_source", "apbd")
    await page.fill("#f-spk_date", (dt.date.today() - dt.timedelta(days=40)).isoformat())
    await page.click("#simpan-proyek")
    assert "belum terdaftar" in await (await page.wait_for_selector("#f-nib-error")).inner_text()
    assert await page.input_value("#f-name") == "Peningkatan Jalan Nanga Bulik - Kujan"
    await watch.check(page, "project-form")
    await page.fill("#f-nib", NIB)
    await page.click("#simpan-proyek")
    await page.wait_for_selector("#project-status")
    assert "Terlambat" in await page.inner_text("#project-status")
    assert "14 hari kerja" in await page.inner_text("#deadline")
    await watch.check(page, "project")
    await page.click("text=Kembali ke daftar proyek")
    await page.check("#f-terlambat")
    await page.click("#saring")
    await page.wait_for_selector("#projects")
    assert "Peningkatan Jalan Nanga Bulik" in await page.inner_text("#projects")
    await watch.check(page, "projects")
    return "Peningkatan Jalan Nanga Bulik - Kujan"


async def _home_work(page, base: str, watch, due_case: str, project: str) -> None:
    await page.goto(base + "/")
    await page.wait_for_selector("#cases-due")
    assert due_case in await page.inner_text("#cases-due")
    assert project in await page.inner_text("#projects-late")
    assert "Kepesertaan aktif" in await page.inner_text("#headline")
    await watch.check(page, "home-work")
    await page.click(f"#projects-late >> text={project}")  # the item links to its page: record the registration
    yesterday = dt.date.today() - dt.timedelta(days=1)
    await page.fill("#f-registered_on", yesterday.isoformat())
    await page.click("#catat-pendaftaran")
    await page.wait_for_selector("#registered-on")
    assert str(yesterday.year) in await page.inner_text("#registered-on")
    assert "Terlambat" in await page.inner_text("#project-status") and not await page.query_selector("#f-registered_on")
    await page.click("nav >> text=Sanksi")
    await page.check("#f-terlambat")
    await page.click("#saring")
    await page.wait_for_selector("#cases")
    assert due_case in await page.inner_text("#cases") and "1 kasus" in await page.inner_text("#count")
    export = await page.request.get(base + await page.get_attribute("#export", "href"))
    assert export.ok and due_case in await export.text()


async def _letters(page, base: str) -> None:
    """The Keputusan Bupati imposing is listed on the case and downloads as a PDF."""
    href = await page.get_attribute("#letter-decision", "href")
    letter = await page.request.get(base + href)
    assert letter.ok and letter.headers["content-type"] == "application/pdf"
    assert (await letter.body()).startswith(b"%PDF")


async def test_lamandau_case_walk_as_three_persons(infra, processes):
    base = _start(infra, processes)
    await persons(base)
    async with chromium_page() as (page, watch):
        await page.goto(base + "/")
        await watch.check(page, "login")
        await login(page, base, "rina.petugas")
        assert "Kabupaten Lamandau" in await page.inner_text("header")
        await watch.check(page, "home-petugas")
        employer_id = await _register_employer(page, watch)
        case_url = await _open_case(page, watch)
        worker_nik = await _worker(processes.base_url("registry"), employer_id)
        await _employer_and_case_lists(page, base, watch, worker_nik)
        due_case = await _due_case(page, base, processes.base_url("sanctions"), employer_id)
        project = await _late_project(page, watch)
        await _home_work(page, base, watch, due_case, project)
        await page.goto(case_url)
        _known_to_sanctions(infra, employer_id)
        await page.select_option("#dec-decision", "impose")
        await page.click("#putuskan")  # no decree number: refused next to the field, nothing sent
        await page.fill("#dec-decree_number", "188.45/12/2026")
        await page.check("#svc-business_license")
        await page.click("#putuskan")
        await page.wait_for_selector("#notice")  # petugas only proposes (two-person control)
        assert "menunggu persetujuan" in await page.inner_text("#notice")
        assert "Sanksi dikenakan" not in await page.inner_text("#case-state")
        await watch.check(page, "case-proposed")
        await logout(page)

        await _approve(page, base, watch, "home-kadis")
        await page.wait_for_selector(".state-imposed")
        assert "Perizinan berusaha" in await page.inner_text("#services")
        assert "Pasal 31" in await page.inner_text("main")
        await _letters(page, base)
        await watch.check(page, "case-imposed")
        await logout(page)

        await login(page, base, "dewi.ptsp")
        assert "Tidak boleh" in await _clearance(page, base, NIB, watch, "clearance-denied")  # as OSS asks
        await logout(page)

        await login(page, base, "rina.petugas")
        await page.goto(case_url)
        await _evidence(page, "registered", "BPJS/REG/2026/1")
        assert "Sanksi dikenakan" in await page.inner_text("#case-state")
        assert "Denda dibayar lunas" in await page.inner_text("#timeline")  # what is still missing, cited
        await _evidence(page, "fine_paid", "KWT/2026/9", amount="1.000.000")
        assert "menunggu persetujuan" in await page.inner_text("#notice")  # the lift is a proposal too
        await logout(page)

        await _approve(page, base, watch)
        await page.wait_for_selector(".state-lifted")
        assert "dicabut" in (await page.inner_text("#case-state")).lower()
        await watch.check(page, "case-lifted")
        await logout(page)

        await login(page, base, "dewi.ptsp")
        assert "Boleh dilayani" in await _clearance(page, base, employer_id, watch, "clearance-allowed")
