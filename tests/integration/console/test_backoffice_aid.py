"""The back office's aid walk in a real headless Chromium against real processes (console, registry,
eligibility and contribution-aid, each API and worker), in Timor Tengah Selatan (Perbup TTS No. 20/2025),
as different persons: register a participant (petugas; the NIK checked against the sex typed), start the
membership, find it, correct the record -> the verifikator states a purpose, sees the personal data and
evaluates (an eligible evaluation is the approval contribution aid needs, Pasal 9(6)) -> a budget, the
candidates ranked (Pasal 21(4)) and a decree draft in that order (petugas) -> the decree approved
(kepala_dinas) -> allocate -> the invoice's discrepancies explained -> the payment recorded (bendahara)
and approved (kepala_dinas) -> the membership ended for a Pasal 20(1) reason with the decree number.
Every page is checked (no console errors, no failed requests, every field labelled, strict CSP);
screenshots go to the test log directory (console-aid-*.png)."""
from __future__ import annotations

import datetime as dt
import time

import httpx

from tests.integration.conftest import ADMIN_KEY
from tests.integration.console.walk import chromium_page, login, logout, persons

TTS = "5304"
NIK = "5304015506850001"  # a woman born 15 June 1985 (day + 40), issued in TTS
SERVICES = ("registry", "eligibility", "contribution-aid")


def _start(processes) -> str:
    urls = {"LINDUNG_CONSOLE_REGISTRY_URL": processes.base_url("registry"),
            "LINDUNG_CONSOLE_ELIGIBILITY_URL": processes.base_url("eligibility"),
            "LINDUNG_CONSOLE_CONTRIBUTION_AID_URL": processes.base_url("contribution-aid")}
    processes.start("console", "api", extra_env=urls)
    for service in SERVICES:
        processes.start(service, "api")
        processes.start(service, "worker")
    for service in ("console", *SERVICES):
        processes.wait_ready(service, timeout=240)
    return processes.base_url("console")


def _known_to_aid(infra, participant_id: str) -> None:
    """contribution-aid's worker has consumed the registration and the eligible evaluation."""
    deadline = time.monotonic() + 90
    query = ("SELECT 1 FROM aid_evaluations e JOIN aid_participants p USING (participant_id) "
             "WHERE e.participant_id = %s AND e.outcome = 'eligible' AND p.category IS NOT NULL")
    while not infra.sql("contribution-aid", query, (participant_id,)):
        assert time.monotonic() < deadline, "the evaluation never reached contribution-aid"
        time.sleep(0.5)


async def _register(page, base: str, watch) -> str:
    await page.goto(base + "/peserta")
    await watch.check(page, "aid-participants")
    await page.click("#daftar-peserta")
    await page.fill("#f-nik", NIK)
    await page.fill("#f-full_name", "Maria Nenobais")
    await page.fill("#f-birth_place", "Soe")
    await page.fill("#f-birth_date", "1985-06-15")
    await page.select_option("#f-sex", "M")  # the NIK says a woman: refused next to the field
    await page.fill("#f-mother_maiden_name", "Yohana Tefa")
    await page.fill("#f-address", "RT 02 Desa Oinlasi, Amanatun Selatan")
    await page.fill("#f-village_code", "5302082001")  # Desa Oinlasi, Kecamatan Amanatun Selatan (Kemendagri 53.02)
    await page.select_option("#f-worker_type", "bpu")
    await page.select_option("#f-category", "vulnerable_worker")
    await page.select_option("#f-occupation", "volunteer")
    await page.click("#simpan")
    assert "perempuan" in await page.inner_text("#f-sex-error")
    assert await page.input_value("#f-full_name") == "Maria Nenobais"  # the input is kept
    await watch.check(page, "aid-participant-form-error")
    await page.select_option("#f-sex", "F")
    await page.click("#simpan")
    await page.wait_for_selector("#peserta-data")
    assert "530401******0001" in await page.inner_text("#nik")  # petugas has no pii:read
    assert "Desa Oinlasi 5302082001" in await page.inner_text("#peserta-data")  # vocabulary `villages`
    assert "Terdaftar" in await page.inner_text("#riwayat")
    participant_id = page.url.split("/peserta/")[1].split("?")[0]
    await page.check("#prog-JKK")
    await page.check("#prog-JKM")
    await page.fill("#ms-start_date", dt.date.today().isoformat())
    await page.select_option("#ms-funding", "aid")
    await page.click("#mulai-kepesertaan")
    await page.wait_for_selector("#kepesertaan")
    assert "JKM" in await page.inner_text("#kepesertaan")
    await watch.check(page, "aid-participant")
    await page.click("#ubah-data")  # a correction: refused outside the regency's lists, then accepted
    await page.select_option("#f-occupation", "placed_migrant_worker")
    await page.click("#simpan")
    assert "vulnerable_worker" in await page.inner_text("#f-occupation-error")
    await watch.check(page, "aid-participant-edit-error")
    await page.select_option("#f-occupation", "labour_intensive_worker")
    await page.click("#simpan")
    await page.wait_for_selector("#notice")
    assert "diperbaiki" in await page.inner_text("#notice")
    assert "tenaga relawan" not in await page.inner_text("#peserta-data")
    return participant_id


async def _find(page, base: str, watch) -> None:
    """The list with a filter, and the NIK search (a POST: the NIK never appears in a URL)."""
    await page.goto(base + "/peserta?category=vulnerable_worker")
    listed = await page.inner_text("#peserta")  # petugas: masked NIK, and no names in a list (§13)
    assert "530401******0001" in listed and "Maria" not in listed and "1 peserta" in await page.inner_text("#jumlah")
    inputs = await page.query_selector_all("form[action='/peserta/ekspor'] input")  # posted as the browser would
    fields = {await e.get_attribute("name"): await e.get_attribute("value") for e in inputs}
    exported = await page.request.post(base + "/peserta/ekspor", form=fields)
    assert exported.status == 200 and "attachment" in exported.headers["content-disposition"]
    assert "530401******0001" in await exported.text() and NIK not in await exported.text()
    await page.goto(base + "/peserta?category=wage_earner")
    assert "Tidak ada peserta" in await page.inner_text("#peserta")
    await page.fill("#s-nik", NIK)
    await page.click("#cari")
    await page.wait_for_selector("#hasil-nik")
    assert "Maria Nenobais" in await page.inner_text("#hasil-nik") and NIK not in page.url
    assert "530401******0001" in await page.inner_text("#peserta")  # the list stays below the answer
    assert await page.input_value("#s-nik") == ""  # not echoed back either
    await watch.check(page, "aid-participant-search")


async def _verify_and_evaluate(page, base: str, participant_id: str, watch) -> None:
    """The verifikator states why, sees the NIK in clear (audited), then evaluates with the scheme's facts."""
    await page.goto(base + "/peserta")
    assert await page.query_selector("#perlu-tujuan") is not None  # names are personal data: a purpose first
    await page.fill("#q-tujuan", "Verifikasi calon penerima bantuan iuran")
    await page.click("#saring")
    assert "Maria Nenobais" in await page.inner_text("#peserta")
    await page.goto(f"{base}/peserta/{participant_id}")
    assert await page.query_selector("#peserta-data") is None  # nothing personal before a purpose
    await page.fill("#t-tujuan", "Verifikasi calon penerima bantuan iuran")
    await page.click("#lihat-data")
    await page.wait_for_selector("#peserta-data")
    assert NIK in await page.inner_text("#nik")
    assert "Verifikasi calon penerima" in await page.inner_text("#tujuan-tercatat")
    assert "/peserta/" in page.url and NIK not in page.url
    await watch.check(page, "aid-participant-pii")
    await page.click("#periksa-kelayakan")
    await page.select_option("#f-vulnerable_worker", "true")
    await page.fill("#f-birth_date", "1985-06-15")
    await page.select_option("#f-already_protected", "false")
    await page.select_option("#f-actively_working", "true")
    await watch.check(page, "aid-eligibility-form")
    await page.click("#periksa")
    await page.wait_for_selector("#hasil")
    assert "Layak" in await page.inner_text("#outcome")
    checks = await page.inner_text("#checks")
    assert "Pasal 18 ayat (2)" in checks and "usia: 41" in checks and "Usia 17 sampai dengan 65" in checks
    assert "sudah menjadi peserta aktif: tidak" in checks
    await watch.check(page, "aid-eligibility-result")


async def _budget_and_decree(page, base: str, watch) -> None:
    await page.goto(base + "/bantuan")
    await page.fill("#f-fiscal_year", str(dt.date.today().year))
    await page.select_option("#f-funding_source", "apbd")
    await page.fill("#f-amount", "50.000.000")
    await page.click("#simpan-pagu")
    await page.wait_for_selector("#pagu")
    table = await page.inner_text("#pagu")
    assert "APBD Kabupaten Timor Tengah Selatan" in table and "Rp50.000.000" in table
    await watch.check(page, "aid-budgets")
    await page.goto(base + "/bantuan/keputusan")
    assert "Pasal 21 ayat (4)" in await page.inner_text("main")  # the ranking criteria, cited
    await watch.check(page, "aid-decrees")
    await page.click("text=isi data peringkat")  # Pasal 21(4): the order when candidates exceed the quota
    await page.fill("#f-quota", "1")
    await page.select_option("#calon select >> nth=0", "extreme_poor")
    await page.click("#urutkan")
    await page.wait_for_selector("#peringkat")
    ranked = await page.inner_text("#peringkat")
    assert "Dalam kuota" in ranked and "Tingkat kemiskinan dan kerentanan sosial ekonomi: 30" in ranked
    assert "Pasal 21 ayat (4) huruf a" in ranked
    await watch.check(page, "aid-ranking")
    await page.fill("#d-number", "188.45/77/KEP/HK/2026")
    await page.fill("#d-decree_date", dt.date.today().isoformat())
    await page.click("#ajukan-urutan")
    await page.wait_for_selector("#notice")
    assert "menunggu persetujuan" in await page.inner_text("#notice")
    assert "1 penerima, 1 penambahan" in await page.inner_text("#usulan")
    await watch.check(page, "aid-decree-proposed")


async def _approve(page, base: str, watch, shot: str) -> None:
    await login(page, base, "budi.kadis", TTS)
    await page.goto(base + "/bantuan/persetujuan")
    assert "Rina Petugas" in await page.inner_text("#proposals") or "Sari Bendahara" in await page.inner_text(
        "#proposals")
    await watch.check(page, shot)
    await page.click("#proposals button.approve")


async def _invoice(base_aid: str, participant_id: str) -> str:
    """BPJS's invoice for the month (the import page is console-ops'): one line as allocated, one for a
    person the registry does not know."""
    async with httpx.AsyncClient(base_url=base_aid, headers={"X-API-Key": ADMIN_KEY}) as http:
        allocation = (await http.get("/v1/allocations", params={"participant_id": participant_id,
                                                                "regency_code": TTS})).json()["items"][0]
        created = await http.post("/v1/invoices", json={
            "regency_code": TTS, "reference": "TAG/BPJS/5304/2026-12", "period": allocation["start_month"],
            "budget_ids": [allocation["budget_id"]],
            "lines": [{"participant_id": participant_id, "amount": allocation["monthly_amount"]},
                      {"nik": "5304010101900002", "amount": allocation["monthly_amount"]}]})
        assert created.status_code == 201, created.text
        return created.json()["id"]


async def test_tts_aid_walk_as_four_persons(infra, processes):
    base = _start(processes)
    await persons(base, TTS)
    async with chromium_page() as (page, watch):
        await login(page, base, "rina.petugas", TTS)
        participant_id = await _register(page, base, watch)
        await _find(page, base, watch)
        await logout(page)

        await login(page, base, "adi.verifikator", TTS)
        await _verify_and_evaluate(page, base, participant_id, watch)
        await logout(page)
        _known_to_aid(infra, participant_id)

        await login(page, base, "rina.petugas", TTS)
        await _budget_and_decree(page, base, watch)
        await logout(page)

        await _approve(page, base, watch, "aid-approvals")
        await page.wait_for_selector("#keputusan")
        assert "188.45/77/KEP/HK/2026" in await page.inner_text("#keputusan")
        assert "1" in await page.inner_text("#penerima")
        assert "Pasal 9 ayat (7)" in await page.inner_text("#keputusan")
        await watch.check(page, "aid-decree")
        pdf = await page.request.get(base + await page.get_attribute("#unduh-sk", "href"))
        assert pdf.status == 200 and pdf.headers["content-type"].startswith("application/pdf")
        await logout(page)

        await login(page, base, "rina.petugas", TTS)
        await page.goto(f"{base}/peserta/{participant_id}")
        await page.select_option("#al-budget_id", index=1)
        await page.fill("#al-months", "1")
        await page.fill("#al-start_month", dt.date.today().strftime("%Y-%m"))
        await page.click("#alokasikan")
        await page.wait_for_selector("#notice")
        assert "dialokasikan" in await page.inner_text("#notice")
        assert "1 bulan" in await page.inner_text("#alokasi")
        await watch.check(page, "aid-allocated")
        await logout(page)

        invoice_id = await _invoice(processes.base_url("contribution-aid"), participant_id)
        await login(page, base, "sari.bendahara", TTS)
        await page.goto(base + "/bantuan/tagihan")
        assert "TAG/BPJS/5304/2026-12" in await page.inner_text("#tagihan")
        await watch.check(page, "aid-invoices")
        await page.click("text=TAG/BPJS/5304/2026-12")
        gaps = await page.inner_text("#selisih")
        assert "Baris 2" in gaps and "tidak terdaftar sebagai peserta" in gaps and "530401******0002" in gaps
        await page.fill("#f-transfer_reference", "SP2D/0912/DISNAKER/2026")
        await page.fill("#f-paid_on", dt.date.today().isoformat())
        await page.click("#catat-bayar")
        await page.wait_for_selector("#notice")
        assert "menunggu persetujuan" in await page.inner_text("#notice")
        assert await page.query_selector("#pembayaran") is None  # nothing paid before the second person
        await watch.check(page, "aid-invoice")
        await logout(page)

        await _approve(page, base, watch, "aid-payment-approval")
        await page.wait_for_selector("#pembayaran")
        assert f"/bantuan/tagihan/{invoice_id}" in page.url
        assert "SP2D/0912/DISNAKER/2026" in await page.inner_text("#pembayaran")
        await watch.check(page, "aid-invoice-paid")
        await page.goto(base + "/bantuan")  # the budget now shows what was committed, and its file
        assert "Rp16.800" in await page.inner_text("#pagu")
        pack = await page.request.get(base + await page.get_attribute("#pagu a.pdf", "href"))
        assert pack.status == 200 and pack.headers["content-type"] == "application/pdf"
        assert (await pack.body()).startswith(b"%PDF")
        await logout(page)

        await login(page, base, "rina.petugas", TTS)  # the end of participation, for a Pasal 20(1) reason
        await page.goto(f"{base}/peserta/{participant_id}")
        await page.select_option("#tr-reason", "no_longer_vulnerable")
        await page.fill("#tr-effective_date", dt.date.today().isoformat())
        await page.click("#hentikan")  # no decree number: the registry's reason next to the field
        assert await page.query_selector("#tr-decree_number[aria-invalid=true]") is not None
        await page.fill("#tr-decree_number", "188.45/80/KEP/HK/2026")
        await page.click("#hentikan")
        await page.wait_for_selector("#notice")
        ended = await page.inner_text("#kepesertaan")
        assert "Pasal 20 ayat (1) huruf a" in ended and "188.45/80/KEP/HK/2026" in ended
        await watch.check(page, "aid-participant-ended")
