"""The weigh station on one phone screen, in Chromium at 360 x 740, on SQLite and PostgreSQL:
what the clerk needs is in view (also with the keyboard open), no stale amount without a
signal, and a correction that says what it does."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Locator, Page, expect

from browser.conftest import scroll_width
from coop.domain.actors import Role
from coop.tables import HarvestLot

pytestmark = pytest.mark.browser

UYGHUR = "ئۇيغۇرچە"
SAVE = {"zh_CN": "保存过磅", "ug": "تارازا خاتىرىسىنى ساقلاش"}
KEYBOARD_OPEN = {"width": 360, "height": 420}  # what is left above a phone's on-screen keyboard


async def in_view(locator: Locator) -> None:
    """Wholly inside the visible screen, not cut by its edge."""
    await expect(locator).to_be_in_viewport(ratio=1)


async def clerk_in(new_page, locale: str) -> Page:
    page = await new_page(Role.CLERK)
    if locale == "ug":
        await page.get_by_role("button", name=UYGHUR).click()
        await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    return page


@pytest.mark.parametrize("locale", ["zh_CN", "ug"])
async def test_weight_amount_and_save_are_on_the_phone_screen_and_next_household_after_it(
    new_page, world, locale
):
    page = await clerk_in(new_page, locale)
    header = await page.locator("header.topbar").bounding_box()
    assert header is not None and header["height"] <= 56  # one slim row
    await page.goto(f"/weigh/{world.households['H1']}")
    await page.fill("#weight", "12.5")
    amount = page.get_by_test_id("amount")
    await expect(amount).to_contain_text("125.00")
    save = page.get_by_role("button", name=SAVE[locale])
    for shown in (page.locator("#weight"), amount, save):
        await in_view(shown)
    assert await scroll_width(page) <= 360
    await page.screenshot(path=f"/tmp/coop-h4-weigh-{locale}.png")

    await page.set_viewport_size(KEYBOARD_OPEN)  # the keyboard opens over the form
    await page.locator("#weight").click()
    await page.fill("#weight", "12.6")
    await expect(amount).to_contain_text("126.00")
    for shown in (page.locator("#weight"), amount, save):
        await in_view(shown)
    await page.screenshot(path=f"/tmp/coop-h4-weigh-keyboard-{locale}.png")

    await page.set_viewport_size({"width": 360, "height": 740})
    await save.click()
    await expect(page).to_have_url(re.compile(r"/receipts/\d+\?saved=1$"))
    await in_view(page.locator('.next-bar a[href="/weigh"]'))
    await page.screenshot(path=f"/tmp/coop-h4-receipt-{locale}.png")


async def test_the_offline_station_receipt_keeps_next_household_on_screen(new_page, world):
    page = await clerk_in(new_page, "ug")
    await page.goto("/weigh/offline")
    await page.fill("#q", "H1")
    await page.press("#q", "Enter")
    await page.fill("#weight", "12.5")
    for shown in (page.locator("#weight"), page.get_by_test_id("amount")):
        await in_view(shown)
    await page.get_by_role("button", name=SAVE["ug"]).click()
    await expect(page.get_by_test_id("receipt")).to_be_visible()
    await in_view(page.locator("#next-household"))


async def test_offline_typing_a_new_weight_clears_the_amount_and_says_not_connected(
    new_page, world
):
    """The reported failure: typed 13 with the network gone, the screen still said
    "12.5 kg = 125.00 元"."""
    page = await new_page(Role.CLERK)
    await page.goto(f"/weigh/{world.households['H1']}")  # online, with the real service worker
    await expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    amount = page.get_by_test_id("amount")
    await page.fill("#weight", "12.5")
    await expect(amount).to_contain_text("125.00")

    await page.context.set_offline(True)
    await page.fill("#weight", "13")
    await expect(page.get_by_test_id("net-state")).to_have_text("未连接")
    await expect(amount).to_have_text("")
    await expect(page.locator("#preview")).not_to_contain_text("125.00")
    await expect(page.locator("#preview")).not_to_contain_text("130.00")
    await page.screenshot(path="/tmp/coop-h4-offline-form-zh.png")

    await page.context.set_offline(False)  # the signal returns: the amount is back
    await page.fill("#weight", "13.5")
    await expect(amount).to_contain_text("135.00")
    await expect(page.get_by_test_id("net-state")).to_have_count(0)


async def test_the_cached_station_offline_shows_not_connected_instead_of_an_amount(new_page, world):
    page = await new_page(Role.CLERK)
    await page.goto("/weigh")
    await expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    await page.context.set_offline(True)
    await page.goto("/weigh")  # the cached station
    await page.fill("#q", "H1")
    await page.press("#q", "Enter")
    await page.fill("#weight", "13")
    await expect(page.get_by_test_id("net-state")).to_have_text("未连接")
    await expect(page.get_by_test_id("amount")).to_have_text("")


async def test_a_correction_shows_the_old_weight_as_text_refuses_an_empty_one_and_voids_on_request(
    new_page, world
):
    page = await new_page(Role.CLERK)
    await page.goto(f"/weigh/{world.households['H1']}")
    await page.fill("#weight", "12.5")
    await page.get_by_role("button", name="保存过磅").click()
    await expect(page).to_have_url(re.compile(r"/receipts/\d+"))
    lot_id = int(re.search(r"/receipts/(\d+)", page.url).group(1))

    await page.goto(f"/weigh/lots/{lot_id}/correct")
    weight = page.locator("#weight")
    await expect(weight).to_have_value("")
    assert await weight.get_attribute("placeholder") in (None, "")  # no grey old figure inside
    await expect(page.get_by_test_id("old-weight")).to_contain_text("12.5")
    await page.fill("#reason", "秤没归零")
    await page.get_by_role("button", name="保存更正").click()  # the weight left empty
    await expect(page.get_by_test_id("weight-error")).to_contain_text("作废")
    lot = await HarvestLot.select(HarvestLot.status).where(HarvestLot.id == lot_id).first()
    assert lot["status"] == "open"  # an empty weight voided nothing

    await page.fill("#weight", "12")  # the new amount is shown before saving
    await expect(page.get_by_test_id("amount")).to_contain_text("120.00")
    await page.screenshot(path="/tmp/coop-h4-correct-zh.png", full_page=True)
    await page.get_by_role("button", name="作废这笔过磅").click()  # the explicit choice
    await expect(page).to_have_url(re.compile(r"/weigh\?done="))
    lot = await HarvestLot.select(HarvestLot.status).where(HarvestLot.id == lot_id).first()
    assert lot["status"] == "void"
    assert await HarvestLot.count().where(HarvestLot.household == world.households["H1"]) == 1


async def test_1250_kg_asks_for_a_confirmation_before_it_is_saved(new_page, world):
    page = await new_page(Role.CLERK)
    await page.goto(f"/weigh/{world.households['H1']}")
    await page.fill("#weight", "1250")
    warning = page.get_by_test_id("unusual")
    await expect(warning).to_contain_text("1250")
    await page.get_by_role("button", name="保存过磅").click()
    await expect(page).to_have_url(re.compile(rf"/weigh/{world.households['H1']}$"))  # not saved
    assert await HarvestLot.count().where(HarvestLot.household == world.households["H1"]) == 0
    await page.screenshot(path="/tmp/coop-h4-unusual-zh.png")
    await warning.get_by_role("checkbox").check()
    await page.get_by_role("button", name="保存过磅").click()
    await expect(page).to_have_url(re.compile(r"/receipts/\d+\?saved=1$"))
    await expect(page.locator(".receipt")).to_contain_text("1250")
