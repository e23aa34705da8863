"""The scale in Chromium: the page's parser agrees with the server's on every fixture frame, and a
steady reading over (a stand-in for) Web Serial fills the weight that the weigh-in then keeps."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect
from support_scale_frames import FRAMES

from coop.domain.actors import Role
from coop.tables import HarvestLot

pytestmark = pytest.mark.browser

# A serial port that plays frames as an indicator sends them: a moving load, then steady, one
# frame split across two reads. Web Serial itself needs a real port and a person's consent.
FAKE_SERIAL = """
const chunks = ["US,+00012.48  kg\\r\\n", "ST,+00012.50  kg\\r\\nST,+000", "12.50  kg\\r\\n",
                "ST,+00012.50  kg\\r\\n"];
Object.defineProperty(navigator, "serial", { value: { requestPort: async () => ({
  getInfo: () => ({ usbVendorId: 0x067b, usbProductId: 0x2303 }),
  open: async (options) => { window.scaleOptions = options; },
  readable: new ReadableStream({ start(controller) {
    const encoder = new TextEncoder();
    for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
  } }),
}) } });
"""


async def test_the_pages_parser_reads_every_fixture_frame_as_the_server_does(new_page):
    page = await new_page()
    await page.goto("/sign-in")
    seen = await page.evaluate(
        """async (frames) => {
            const { parseFrame } = await import("/static/weigh/scale.js");
            return frames.map((frame) => parseFrame(frame));
        }""",
        [frame for frame, _ in FRAMES],
    )
    for (frame, meaning), reading in zip(FRAMES, seen, strict=True):
        got = None if reading is None else (reading["stability"], reading["weight_g"])
        assert got == meaning, frame


async def test_a_steady_reading_fills_the_weight_and_the_weigh_in_keeps_the_frame(new_page, world):
    page = await new_page(Role.CLERK)
    await page.context.add_init_script(FAKE_SERIAL)
    household = world.households["H1"]
    await page.goto(f"/weigh/{household}")
    await expect(page.locator("html")).to_have_attribute("data-station-ready", "1")
    await page.get_by_role("button", name="连接电子秤").click()
    await expect(page.locator("#weight")).to_have_value("12.5")
    await expect(page.get_by_test_id("weight-source")).to_contain_text("ST,+00012.50")
    await expect(page.get_by_test_id("weight-source")).to_contain_text("USB 067b:2303")
    await expect(page.get_by_test_id("amount")).to_contain_text("125.00")
    options = await page.evaluate("window.scaleOptions")
    assert options == {"baudRate": 9600, "dataBits": 8, "stopBits": 1, "parity": "none"}
    await page.screenshot(path="/tmp/coop-scale-zh.png", full_page=True)

    await page.get_by_role("button", name="保存过磅").click()
    await expect(page).to_have_url(re.compile(r"/receipts/\d+\?saved=1$"))
    await expect(page.get_by_test_id("weight-source")).to_have_text("电子秤")
    await expect(page.locator(".receipt")).to_contain_text("ST,+00012.50")

    await page.goto(f"/weigh/{household}")  # typed over the scale: marked as typed
    await page.get_by_role("button", name="连接电子秤").click()
    await expect(page.locator("#weight")).to_have_value("12.5")
    await page.fill("#weight", "12.4")
    await expect(page.get_by_test_id("weight-source")).to_have_text("手工输入")
    await page.get_by_role("button", name="保存过磅").click()
    await expect(page).to_have_url(re.compile(r"/receipts/\d+\?saved=1$"))
    await expect(page.get_by_test_id("weight-source")).to_have_text("手工输入")

    rows = await (
        HarvestLot.select(
            HarvestLot.weight_g,
            HarvestLot.weight_source,
            HarvestLot.scale_reading,
            HarvestLot.scale_device,
        )
        .where(HarvestLot.household == household)
        .order_by(HarvestLot.id)
    )
    assert rows == [
        {
            "weight_g": 12500,
            "weight_source": "scale",
            "scale_reading": "ST,+00012.50  kg",
            "scale_device": "USB 067b:2303",
        },
        {"weight_g": 12400, "weight_source": "typed", "scale_reading": "", "scale_device": ""},
    ]
