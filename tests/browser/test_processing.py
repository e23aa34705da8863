"""A processor's batch story at 360 x 740 in Chromium, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Page, expect

from browser.conftest import menu_link, scroll_width
from coop.domain.actors import Role
from coop.services import certifications, weighins
from coop.tables import Product

pytestmark = pytest.mark.browser

ARABIC = re.compile(r"[\u0600-\u06FF]")


async def no_sideways_scroll(page: Page) -> None:
    assert await scroll_width(page) <= 360, page.url


@pytest.fixture
async def harvest(world) -> list[weighins.WeighIn]:
    """Jam at 5.00 yuan/kg of fruit, P1 certified, and two lots weighed in: 5 kg, then 4 kg."""
    await Product.update(
        {
            Product.input_product: world.fruit_id,
            Product.processing_fee_fen_per_kg: 500,
            Product.yield_min_per_mille: 700,
            Product.yield_max_per_mille: 950,
        }
    ).where(Product.id == world.jam_id)
    await certifications.certify(world.actors[Role.ADMIN], world.households["P1"], "厨房卫生合格")
    clerk = world.actors[Role.CLERK]
    return [
        await weighins.record_weighin(clerk, world.households[code], world.fruit_id, grams)
        for code, grams in (("H1", 5000), ("H2", 4000))
    ]


async def take(page: Page, lot_code: str, kg: str) -> None:
    """Type the kg to take into a suggested lot's field and tap its button."""
    lot = page.locator(f'[data-testid=suggested] li[data-lot="{lot_code}"]')
    await lot.locator("input[name=weight]").fill(kg)
    async with page.expect_navigation():
        await lot.get_by_role("button").click()


async def test_a_processor_makes_18_jars_from_3_kg_and_2_kg_and_earns_25_yuan(
    new_page, world, harvest
):
    older, newer = harvest
    page = await new_page(Role.PROCESSOR)
    await expect(page).to_have_url(re.compile(r"/batches$"))
    await expect(page.locator("h1")).to_have_text("我的加工批次")
    await no_sideways_scroll(page)

    await page.get_by_role("button", name="开始加工").click()
    await expect(page).to_have_url(re.compile(r"/batches/\d+$"))
    batch_url = page.url

    await page.fill("#want", "5")
    await page.get_by_role("button", name="推荐批次").click()
    suggested = page.locator("[data-testid=suggested] li")
    await expect(suggested).to_have_count(1)  # the oldest lot alone holds 5 kg
    await expect(suggested.first).to_have_attribute("data-lot", older.lot_code)
    await expect(suggested.first.locator("input[name=weight]")).to_have_value("5")
    await take(page, older.lot_code, "3")  # edited: only 3 kg of it
    await take(page, newer.lot_code, "2")
    inputs = page.locator("[data-testid=inputs] li")
    await expect(inputs).to_have_count(2)
    await expect(inputs.nth(0)).to_contain_text("3")
    await expect(inputs.nth(1)).to_contain_text("2")
    await no_sideways_scroll(page)
    await page.screenshot(path="/tmp/coop-batch-draft-zh.png", full_page=True)

    await page.fill("#jars", "18")
    await page.fill("#sugar", "1")
    await page.get_by_role("button", name="完成加工").click()
    await expect(page).to_have_url(batch_url)
    await expect(page.get_by_test_id("fee")).to_contain_text("25.00")
    await expect(page.get_by_test_id("stock")).to_contain_text("18")
    await expect(page.get_by_test_id("yield")).to_contain_text("75%")
    await expect(page.get_by_test_id("yield-flag")).to_have_count(0)
    remaining = page.locator("[data-testid=inputs] [data-testid=remaining]")
    await expect(remaining.nth(0)).to_contain_text("批次剩余 2 公斤")  # 5 kg lot, 3 kg taken
    await expect(remaining.nth(1)).to_contain_text("批次剩余 2 公斤")  # 4 kg lot, 2 kg taken
    labels = page.get_by_role("link", name="打印标签")
    assert await labels.get_attribute("href") == urlsplit(batch_url).path + "/labels"
    await no_sideways_scroll(page)
    await page.screenshot(path="/tmp/coop-batch-finished-zh.png", full_page=True)

    await (await menu_link(page, "我的账单")).click()
    await expect(page.get_by_test_id("income")).to_contain_text("25.00")
    fee = page.locator("[data-testid=entries] > li[data-kind=processing_fee]")
    await expect(fee).to_have_count(1)
    await expect(fee).to_contain_text("25.00")
    await no_sideways_scroll(page)

    await (await menu_link(page, "加工批次")).click()
    await expect(page.get_by_test_id("stock")).to_contain_text("18 瓶")
    await no_sideways_scroll(page)
    await page.screenshot(path="/tmp/coop-batches-zh.png", full_page=True)

    await page.get_by_role("button", name="ئۇيغۇرچە").click()
    await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    for path in ("/batches", batch_url):
        await page.goto(path)
        assert ARABIC.search(await page.locator("h1").inner_text() + await page.inner_text("main"))
        assert not re.search(r"[\u4e00-\u9fff]", await page.locator(".nav").text_content())
        await no_sideways_scroll(page)
    await page.screenshot(path="/tmp/coop-batch-finished-ug.png", full_page=True)


async def test_staff_see_every_batch_and_an_admin_certifies_processors_on_a_phone(
    new_page, world, harvest
):
    admin = await new_page(Role.ADMIN)
    await (await menu_link(admin, "加工户")).click()
    await expect(admin.locator("h1")).to_have_text("认定加工户")
    await admin.select_option("#household_id", str(world.households["H2"]))
    await admin.fill("#notes", "手艺好，厨房干净")
    await admin.get_by_role("button", name="认定", exact=True).click()
    await expect(admin.get_by_role("status")).to_contain_text("H2")
    await expect(admin.get_by_test_id("certifications")).to_contain_text("手艺好")
    await no_sideways_scroll(admin)

    await admin.goto("/batches")
    households = admin.locator("#household_id option")
    await expect(households).to_have_count(2)  # P1 and H2: certified, nobody else
    await admin.select_option("#household_id", str(world.households["H2"]))
    await admin.get_by_role("button", name="开始加工").click()
    await expect(admin).to_have_url(re.compile(r"/batches/\d+$"))
    await expect(admin.locator("main")).to_contain_text("阿依古丽")
    await admin.goto("/batches?status=draft")
    await expect(admin.get_by_test_id("batches").locator("li")).to_have_count(1)
    await no_sideways_scroll(admin)

    await admin.get_by_role("button", name="ئۇيغۇرچە").click()
    for path in ("/batches", "/processors"):
        await admin.goto(path)
        assert await admin.get_attribute("html", "dir") == "rtl"
        assert ARABIC.search(await admin.locator("h1").inner_text()), path
        await no_sideways_scroll(admin)
    await admin.screenshot(path="/tmp/coop-processors-ug.png", full_page=True)
