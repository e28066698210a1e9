"""Pengaduan in a real headless Chromium against the real console and registry: a petugas records a
complaint received through SP4N-LAPOR! (the missing tracking number is refused next to its field, the
rest of the form kept), forwards it to a person of the regency, that person notes and decides it with the
article relied on, and the petugas closes it with the letter to the complainant. The complainant's name
is never shown to a role without `pii:read`; the timeline names the persons who acted."""
from __future__ import annotations

from tests.integration.console.walk import LAMANDAU, PERSONS, Watch, chromium_page, login, logout, persons

COMPLAINANT = "Maria Goreti Nahak"
ARTICLE = "Perbup Lamandau No. 25/2024 Pasal 21 ayat (2)"  # aid_not_received in Lamandau


def _start(processes) -> str:
    processes.start("console", "api", extra_env={"LINDUNG_CONSOLE_REGISTRY_URL": processes.base_url("registry")})
    processes.start("registry", "api")
    for service in ("console", "registry"):
        processes.wait_ready(service, timeout=180)
    return processes.base_url("console")


async def _petugas_records(page, base: str, watch: Watch) -> str:
    await login(page, base, "rina.petugas")
    await page.click("nav >> text=Pengaduan")
    await watch.check(page, "complaints")
    await page.click("#catat-pengaduan")
    await page.select_option("#f-channel", "sp4n_lapor")
    await page.select_option("#f-category", "aid_not_received")
    await page.fill("#f-name", COMPLAINANT)
    await page.fill("#f-contact", "0812-0000-1111")
    await page.fill("#f-description", "Iuran saya bulan Maret tidak dibayarkan padahal tercantum di keputusan.")
    await page.click("#simpan-pengaduan")
    assert await page.query_selector("#f-lapor_tracking_id[aria-invalid=true]") is not None
    assert await page.input_value("#f-name") == COMPLAINANT  # the rest of the form is kept
    await watch.check(page)
    await page.fill("#f-lapor_tracking_id", "LAPOR-2026-0042")
    await page.click("#simpan-pengaduan")
    await page.wait_for_selector("#complaint-stage")
    assert "Diterima" in await page.inner_text("#complaint-stage")
    assert COMPLAINANT not in await page.inner_text("main")  # petugas has no pii:read: masked
    facts = await page.inner_text("#complaint")
    assert ARTICLE in facts and "SP4N-LAPOR!" in facts and "sp4n_lapor" not in facts  # labels, not ids
    await page.select_option("#f-assignee", label=PERSONS["adi.verifikator"][0])
    await page.click("#teruskan")
    await page.wait_for_selector("#complaint-stage")
    assert "Dalam penanganan" in await page.inner_text("#complaint-stage")
    assert PERSONS["adi.verifikator"][0] in await page.inner_text("#assignee")
    await watch.check(page, "complaint")
    url = page.url
    await logout(page)
    return url


async def _assignee_decides(page, base: str, watch: Watch, url: str) -> None:
    await login(page, base, "adi.verifikator")
    await page.click("#complaints-mine a")  # the home page lists what was forwarded to this person
    assert page.url == url
    assert COMPLAINANT in await page.inner_text("#complainant")  # verifikator reads it (pii:read, audited)
    await page.fill("#f-text", "Dicek ke BPJS: iuran Maret belum ditransfer.")
    await page.click("#catat")
    await page.wait_for_selector("#timeline")
    assert "iuran Maret belum ditransfer" in await page.inner_text("#timeline")
    await page.select_option("#f-decision", "upheld")
    await page.fill("#f-reasons", "Iuran akan dibayarkan bersama tagihan April.")
    assert ARTICLE in await page.input_value("#f-citation")  # prefilled with the category's article
    await page.click("#putuskan")
    await page.wait_for_selector("#decision")
    assert "Dijawab" in await page.inner_text("#complaint-stage")
    await watch.check(page)
    await logout(page)


async def _petugas_closes(page, base: str, watch: Watch, url: str) -> None:
    await login(page, base, "rina.petugas")
    await page.goto(url)
    await page.fill("#f-letter_number", "")
    await page.click("#tutup")  # required: the browser keeps the form; nothing is sent
    assert "Dijawab" in await page.inner_text("#complaint-stage")
    await page.fill("#f-letter_number", "500.15/12/DISNAKERTRANS/2026")
    await page.click("#tutup")
    await page.wait_for_selector("#complaint-stage")
    assert "Selesai" in await page.inner_text("#complaint-stage")
    timeline = await page.inner_text("#timeline")
    for expected in ("Diteruskan kepada petugas", "Catatan", "Diputuskan", "Ditutup", PERSONS["adi.verifikator"][0],
                     PERSONS["rina.petugas"][0]):
        assert expected in timeline, expected
    await page.goto(f"{base}/pengaduan?stage=closed")
    assert "1 pengaduan" in await page.inner_text("#count")
    await page.goto(f"{base}/pengaduan?overdue=1")
    assert "0 pengaduan" in await page.inner_text("#count")
    await watch.check(page)


async def test_a_complaint_from_intake_to_closing_letter(infra, processes):
    base = _start(processes)
    await persons(base, LAMANDAU)
    async with chromium_page() as (page, watch):
        url = await _petugas_records(page, base, watch)
        await _assignee_decides(page, base, watch, url)
        await _petugas_closes(page, base, watch, url)
