"""/docs and /redoc work on an intranet (issue 13 item 3): a real headless Chromium that may reach
nothing but the service itself renders every operation of the OpenAPI document."""
from __future__ import annotations

from urllib.parse import urlparse

import httpx
import pytest
from playwright.async_api import async_playwright

from tests.integration.reporting.browser import FLAGS, chromium

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


async def _offline_page(browser, blocked: list[str]):
    page = await browser.new_page()

    async def only_loopback(route):
        if urlparse(route.request.url).hostname in LOOPBACK:
            await route.continue_()
        else:  # a CDN or any other host: the intranet has none
            blocked.append(route.request.url)
            await route.abort()

    await page.route("**/*", only_loopback)
    return page


@pytest.mark.parametrize("service", ["sanctions", "registry"])
async def test_docs_and_redoc_render_every_operation_offline(processes, service):
    processes.start(service, "api")
    processes.wait_ready(service)
    base = processes.base_url(service)
    doc = httpx.get(base + "/openapi.json").json()
    operations = sum(len(item) for item in doc["paths"].values())
    blocked: list[str] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium(), args=list(FLAGS))
        try:
            page = await _offline_page(browser, blocked)
            await page.goto(base + "/docs")
            await page.wait_for_selector(".opblock", timeout=30_000)
            assert await page.locator(".opblock").count() == operations
            assert await page.locator(".btn.authorize").count() == 1  # the X-API-Key scheme: "Try it out" works

            page = await _offline_page(browser, blocked)
            await page.goto(base + "/redoc")
            await page.wait_for_selector("[data-section-id^='operation/']", state="attached", timeout=30_000)
            assert await page.locator("[data-section-id^='operation/']").count() == operations
        finally:
            await browser.close()
    assert blocked == []
