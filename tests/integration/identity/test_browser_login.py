"""Logging in in a real headless Chromium (Playwright driving Debian's chromium) against the real
console process: home -> Masuk -> the issuer's login page -> code + PKCE -> home names the person
-> Keluar. The same person's token from this issuer is accepted by a service."""
from __future__ import annotations

import httpx
from playwright.async_api import async_playwright

from tests.integration.conftest import ADMIN_KEY
from tests.integration.reporting import browser

PASSWORD = "kata-sandi-browser-1"


async def test_login_in_chromium_through_code_and_pkce(infra, processes):
    processes.start("console", "api")
    processes.wait_ready("console")
    base = processes.base_url("console")
    assert base == infra.env["LINDUNG_CONSOLE_ISSUER"]
    async with httpx.AsyncClient(base_url=base, headers={"X-API-Key": ADMIN_KEY}) as http:
        created = await http.post("/v1/persons", json={
            "username": "ani.browser", "password": PASSWORD, "name": "Ani Lestari", "nip": "198807152012122001",
            "office": "Dinas Tenaga Kerja", "position": "Kepala Dinas", "roles": ["kepala_dinas"],
            "regencies": ["6309"]})
        assert created.status_code in (201, 409), created.text
    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=browser.chromium(), args=list(browser.FLAGS))
        page = await chromium.new_page()
        await page.goto(base + "/")
        await page.click("#login")
        await page.wait_for_selector("#password")
        assert "/authorize" in page.url and "code_challenge_method=S256" in page.url
        assert "Kata sandi" in await page.content()
        await page.fill("#username", "ani.browser")
        await page.fill("#password", "salah-sekali-123")
        await page.click("button[type=submit]")
        assert "salah" in await page.inner_text("[role=alert]")
        await page.fill("#username", "ani.browser")
        await page.fill("#password", PASSWORD)
        await page.click("button[type=submit]")
        await page.wait_for_selector("#who")
        assert page.url.rstrip("/") == base
        assert "Ani Lestari" in await page.inner_text("#who")
        assert "Kepala Dinas Tenaga Kerja" in await page.content()  # the role's label from profiles/roles.yaml
        cookies = {c["name"]: c for c in await page.context.cookies()}
        assert cookies["lindung_session"]["httpOnly"]
        await page.click("#logout")
        await page.wait_for_selector("text=Anda telah keluar")
        await page.goto(base + "/")
        assert await page.query_selector("#who") is None
        await chromium.close()
