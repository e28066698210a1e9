"""What every back-office walk in Chromium shares: the persons, logging in and out, and the page check
(no console errors, no failed requests, every field labelled, a strict CSP), with screenshots at desktop
and phone width written to the test log directory as console-<name>.png."""
from __future__ import annotations

import contextlib

import httpx
from playwright.async_api import async_playwright

from tests.conftest import LOG_DIR
from tests.integration.conftest import ADMIN_KEY
from tests.integration.reporting import browser

PASSWORD = "kata-sandi-konsol-1"
LAMANDAU = "6207"
PERSONS = {"rina.petugas": ("Rina Petugas", "petugas"), "budi.kadis": ("Budi Santoso", "kepala_dinas"),
           "dewi.ptsp": ("Dewi DPMPTSP", "pptsp"), "sari.bendahara": ("Sari Bendahara", "bendahara"),
           "adi.verifikator": ("Adi Verifikator", "verifikator"), "nur.admin": ("Nur Administrator", "admin"),
           "tono.pimpinan": ("Tono Pimpinan", "pimpinan")}
UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.name)"""


class Watch:
    """Console errors and failed requests of every page the walk visits."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.csp = ""
        page.on("response", self._document)

    def _document(self, response) -> None:
        if response.request.resource_type == "document":
            self.csp = response.headers.get("content-security-policy", "")

    async def check(self, page, shot: str | None = None) -> None:
        assert await page.evaluate(UNLABELLED) == [], page.url
        assert self.problems == [], self.problems
        assert "default-src 'none'" in self.csp and "unsafe-inline" not in self.csp.replace("style-src 'unsafe", ""), \
            self.csp
        if shot:
            await page.screenshot(path=str(LOG_DIR / f"console-{shot}.png"), full_page=True)
            await page.set_viewport_size({"width": 390, "height": 844})
            await page.screenshot(path=str(LOG_DIR / f"console-{shot}-390.png"), full_page=True)
            await page.set_viewport_size({"width": 1280, "height": 900})


def account(username: str, regency: str = LAMANDAU) -> str:
    """One login per person and regency: the walks share the console's database, and a person's
    pages are those of their regency."""
    return username if regency == LAMANDAU else f"{username}-{regency}"


async def persons(base: str, regency: str = LAMANDAU) -> None:
    async with httpx.AsyncClient(base_url=base, headers={"X-API-Key": ADMIN_KEY}) as http:
        for username, (name, role) in PERSONS.items():
            created = await http.post("/v1/persons", json={
                "username": account(username, regency), "password": PASSWORD, "name": name, "nip": None,
                "office": "Dinas Tenaga Kerja", "position": None, "roles": [role], "regencies": [regency]})
            assert created.status_code in (201, 409), created.text


async def login(page, base: str, username: str, regency: str = LAMANDAU) -> None:
    await page.goto(base + "/")
    await page.click("#login")
    await page.fill("#username", account(username, regency))
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_selector("#who")
    assert PERSONS[username][0] in await page.inner_text("#who")


async def logout(page) -> None:
    await page.click("#logout")
    await page.wait_for_selector("text=Anda telah keluar")


@contextlib.asynccontextmanager
async def chromium_page():
    """(page, its Watch) in a desktop-sized headless Chromium, closed after the walk."""
    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path=browser.chromium(), args=list(browser.FLAGS))
        try:
            page = await chromium.new_page(viewport={"width": 1280, "height": 900})
            yield page, Watch(page)
        finally:
            await chromium.close()
