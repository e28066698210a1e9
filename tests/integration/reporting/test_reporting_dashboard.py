"""The dashboard in a real headless Chromium against the real reporting process (uvicorn):
the page fetches its data with the key from the URL fragment and draws the read model's numbers."""
from __future__ import annotations

import re

import httpx

from reporting.reports.formatting import number
from tests.conftest import LOG_DIR
from tests.integration.conftest import ADMIN_KEY, CLIENT_KEYS
from tests.integration.reporting import browser
from tests.integration.reporting.helpers import feed

BERAU = "6405"


def text_of(dom: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', dom)
    assert match, f"#{element_id} not in the page"
    return match.group(1)


async def test_dashboard_api_is_scoped_to_the_clients_regencies(clean, api):
    viewer = await api("reporting", key=CLIENT_KEYS["viewer-6101"])
    assert (await viewer.get("/v1/dashboard/regencies")).json() == {"regencies": [{"code": "6101", "name": "Sambas"}]}
    assert (await viewer.get("/v1/dashboard/data", params={"regency_code": BERAU})).status_code == 403
    admin = await api("reporting")
    assert {r["code"] for r in (await admin.get("/v1/dashboard/regencies")).json()["regencies"]} >= {"6101", BERAU}
    assert (await admin.get("/v1/dashboard/data", params={"regency_code": "9999"})).status_code == 404
    anonymous = await api("reporting", key=None)
    assert (await anonymous.get("/v1/dashboard/regencies")).status_code == 401


async def test_dashboard_renders_the_read_model_in_chromium(clean, workers, processes):
    processes.start("reporting", "api")
    processes.wait_ready("reporting")
    await feed(clean, workers)
    base = processes.base_url("reporting")
    async with httpx.AsyncClient(headers={"X-API-Key": ADMIN_KEY}) as http:
        data = (await http.get(f"{base}/v1/dashboard/data", params={"regency_code": BERAU})).json()
    assert data["summary"]["participants"] > 0

    url = f"{base}/dashboard/#key={ADMIN_KEY}&regency={BERAU}"
    dom = browser.dump_dom(url)
    assert text_of(dom, "card-participants") == number(data["summary"]["participants"])
    assert text_of(dom, "card-active") == number(data["summary"]["active_memberships"])
    assert text_of(dom, "card-aid") == number(data["summary"]["aid_funded"])
    assert "Berau" in text_of(dom, "title")
    assert "&lt;5" in dom, "small village counts are shown as <5"
    assert "Kampung Merabu" in dom and "Kecamatan Kelay" in dom  # names from places.csv, not codes
    assert text_of(dom, "card-target-national").startswith(
        "Target nasional (RPJMN 2020-2024): 52 % pada 2024 - dilaporkan Bisnis.com")
    assert 'id="content"' in dom and re.search(r'id="content"[^>]*hidden', dom) is None
    assert dom.count("<svg") >= 4, "charts are drawn"
    previous = data["previous"]
    assert text_of(dom, "card-participants-prev").startswith(f"{previous['period_label']}: ")
    assert dom.count('<option value="20') == len(data["periods"])  # the period selector
    late = data["obligations"]["late_recaps"]
    assert late, "Berau received no BPJS recap: the months past due are late"
    assert text_of(dom, "late-recaps").startswith(f"Rekap bulanan BPJS terlambat atau belum diterima ({len(late)})")
    assert re.search(r'id="late-recaps"[^>]*hidden', dom) is None
    assert data["obligations"]["downloads"] and dom.count('class="download secondary"') == 2 * len(
        data["obligations"]["downloads"])
    assert data["obligations"]["downloads"][0]["pdf"].startswith("/v1/reports/")

    shot = browser.screenshot(url, LOG_DIR / "dashboard-6405.png")
    print(f"dashboard screenshot: {shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    await _readable_at_phone_width(url)


PHONE_CHECK = """() => {
  const width = document.documentElement.clientWidth;
  const cut = [...document.querySelectorAll("main *")].filter(el => {
    if (el.closest(".scroll")) return false;               // scrolls inside its own box
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > width + 1 || box.left < -1);
  }).map(el => el.tagName + (el.id ? "#" + el.id : ""));
  const texts = [...document.querySelectorAll(".chart svg text")].map(t => t.getBoundingClientRect().height)
    .filter(h => h > 0);
  return {page: document.documentElement.scrollWidth - width, cut: cut.slice(0, 5),
          smallest_chart_text: Math.min(...texts), tables_scroll: [...document.querySelectorAll("main table")]
            .every(t => t.parentElement.classList.contains("scroll"))};
}"""


async def _readable_at_phone_width(url: str) -> None:
    """At 390 px (a phone): nothing runs off the page, tables scroll in their own box, and chart
    labels stay at least 9 px high once the SVG is scaled down."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=browser.chromium(), args=list(browser.FLAGS))
        try:
            page = await chromium.new_page(viewport={"width": 390, "height": 844})
            await page.goto(url)
            await page.wait_for_selector("#content:not([hidden])", timeout=30_000)
            found = await page.evaluate(PHONE_CHECK)
            await page.screenshot(path=str(LOG_DIR / "dashboard-6405-phone.png"), full_page=True)
        finally:
            await chromium.close()
    assert found["page"] <= 0 and found["cut"] == [], found
    assert found["tables_scroll"], found
    assert found["smallest_chart_text"] >= 9, found
