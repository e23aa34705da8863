"""A buyer's phone (Chromium, 360 × 740) opens the URL decoded from a generated label's QR code."""

import asyncio
import os
import shutil
from pathlib import Path

import pytest
import qrcode
from conftest import missing

from coop.domain.public_urls import lot_url

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


async def decode_qr(png: Path) -> str:
    """What a phone's camera reads from the label: zbar decodes the QR code."""
    if shutil.which("zbarimg") is None:
        missing("zbar (zbarimg)")
    scan = await asyncio.create_subprocess_exec(
        "zbarimg", "--raw", "-q", str(png), stdout=asyncio.subprocess.PIPE
    )
    out, _ = await scan.communicate()
    assert scan.returncode == 0, "zbar could not read the QR code"
    return out.decode().strip()


@pytest.fixture
def chromium_path() -> str:
    executable = os.environ.get("COOP_CHROMIUM", "/usr/lib/chromium/chromium")
    if not Path(executable).exists():
        missing("Chromium")
    return executable


@pytest.fixture
async def chromium(chromium_path):
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        missing("Playwright")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS
        )
        yield browser
        await browser.close()


async def test_a_phone_opens_the_scanned_label_and_reads_product_dates_village_and_households(
    workers, coop_world, make_lot, chromium, tmp_path
):
    code = await make_lot(coop_world)
    label = tmp_path / "label.png"
    qrcode.make(lot_url(workers[0], code)).save(label)
    url = await decode_qr(label)
    assert url == f"{workers[0]}/l/{code}"

    page = await chromium.new_page(viewport={"width": 360, "height": 740}, locale="zh-CN")
    await page.goto(url)
    text = await page.inner_text("body")
    for shown in ("鲜树莓", "采摘日期", "2026-07-03", "保质期至", "2026-07-06", "果子沟村"):
        assert shown in text, shown
    assert "种植户数\n1" in text or "种植户数\t1" in text
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    await page.screenshot(path=str(tmp_path / "lot-zh-360.png"), full_page=True)

    async with page.expect_navigation():
        await page.click("text=ئۇيغۇرچە")  # the language switch: a plain link, no JavaScript
    assert await page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert await page.get_attribute("html", "dir") == "rtl"
    assert "يېڭى بۆلجۈرگەن" in await page.inner_text("h1")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    await page.screenshot(path=str(tmp_path / "lot-ug-360.png"), full_page=True)

    async with page.expect_navigation():
        await page.click("a[href^='/c/']")  # about the cooperative: its story and how to order
    assert "guozigou-coop" in await page.inner_text("body")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    await page.close()
