"""Scanning a printed member card with the phone's camera opens that household's weigh form.

Chromium's fake camera plays the card's own PNG (as a Y4M video), and the page decodes the frames
with the vendored jsQR (Chromium on Linux has no BarcodeDetector), online and offline.
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.async_api import Browser, async_playwright, expect

from browser.conftest import CHROMIUM_ARGS, PHONE, sign_in
from coop.domain.actors import Role
from coop.labels.member_cards import MemberCard, card_image

pytestmark = pytest.mark.browser


def y4m(image: Image.Image, path: Path, size: tuple[int, int] = (640, 480)) -> Path:
    """A one-frame grey Y4M video of the image, centred on white (Chromium loops it)."""
    frame = image.convert("L")
    frame.thumbnail((size[0] - 40, size[1] - 40))
    canvas = Image.new("L", size, 255)
    canvas.paste(frame, ((size[0] - frame.width) // 2, (size[1] - frame.height) // 2))
    chroma = bytes([128]) * (size[0] * size[1] // 2)
    head = f"YUV4MPEG2 W{size[0]} H{size[1]} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(head + b"FRAME\n" + canvas.tobytes() + chroma)
    return path


@pytest.fixture
async def camera_browser(tmp_path: Path) -> AsyncIterator[Browser]:
    card = MemberCard("H2", "阿依古丽", "二组", "合作社", "社员卡", "ئەزالىق كارتىسى")
    video = y4m(card_image(card, "http://127.0.0.1:8000"), tmp_path / "card.y4m")
    path = os.environ.get("COOP_CHROMIUM", "/usr/lib/chromium/chromium")
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=path, args=args)
        yield browser
        await browser.close()


async def test_the_clerk_scans_a_card_online_and_offline(camera_browser, server, world):
    context = await camera_browser.new_context(
        viewport=PHONE, locale="zh-CN", base_url=server, permissions=["camera"]
    )
    context.set_default_timeout(15_000)
    page = await context.new_page()
    await sign_in(page, world.phones[Role.CLERK])
    await expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    household = world.households["H2"]

    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    await page.screenshot(path="/tmp/coop-weigh-scan-zh.png")
    await page.get_by_role("button", name="扫社员卡").click()
    await expect(page).to_have_url(re.compile(rf"/weigh/{household}$"))
    await expect(page.locator("h1")).to_contain_text("阿依古丽")

    await context.set_offline(True)
    await page.goto("/weigh")  # the cached shell
    await page.get_by_role("button", name="扫社员卡").click()
    await expect(page.locator("#who")).to_contain_text("阿依古丽")
    await expect(page.locator("#weight")).to_be_visible()

    await page.goto("/weigh/card/H1")  # a phone's own camera app opens the card's URL, no signal
    await expect(page.locator("#who")).to_contain_text("王建国")
    await context.close()
