"""A grower's own pages on a 360 x 740 phone, in Chinese, Uyghur and English: its weigh-ins by
season and its statement fit the screen, codes and dates never break, every link is thumb-sized."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.async_api import Page, expect
from support_ledger import on, weigh_in

from browser.conftest import scroll_width
from coop.domain.actors import Role
from coop.services import clock
from coop.services.weighin_corrections import correct_weighin

pytestmark = pytest.mark.browser

LANGUAGE = {"zh_CN": "中文", "ug": "ئۇيغۇرچە", "en": "English"}
WEIGH_INS = {"zh_CN": "我的过磅记录", "ug": "تارازا خاتىرىلىرىم", "en": "My weigh-ins"}

# Every code and date on the page: its white-space, and whether it takes more than one line.
CODES_AND_DATES = """() => [...document.querySelectorAll('main .code, main .when')].map(e => ({
    text: e.textContent, nowrap: getComputedStyle(e).whiteSpace === 'nowrap',
    lines: e.getClientRects().length }))"""
# Every visible link and button: how tall and wide a thumb finds it.
TARGETS = """() => [...document.querySelectorAll('main a, main button, main select')]
    .filter(e => e.offsetParent !== null)
    .map(e => { const r = e.getBoundingClientRect();
                return {text: e.textContent.trim(), height: r.height, width: r.width}; })"""


async def fits_a_phone(page: Page) -> None:
    assert await scroll_width(page) <= 360, page.url
    for shown in await page.evaluate(CODES_AND_DATES):
        assert shown["nowrap"] and shown["lines"] == 1, (page.url, shown)
    for target in await page.evaluate(TARGETS):
        assert target["height"] >= 40 and target["width"] >= 40, (page.url, target)


@pytest.mark.parametrize("locale", ["zh_CN", "ug", "en"])
async def test_a_grower_sees_its_weigh_ins_by_season_and_opens_a_receipt_on_a_phone(
    new_page, world, locale, monkeypatch
):
    summer = on(date(2026, 8, 1))
    monkeypatch.setattr(clock, "now", lambda: summer)
    await weigh_in(world, "H1", 9_000, 1000, date(2025, 7, 20))
    for n in range(21):
        await weigh_in(world, "H1", 10_500 + n * 100, 1250, date(2026, 6, 1 + n))
    mistyped = await weigh_in(world, "H1", 1_250_000, 1250, date(2026, 7, 1))
    await correct_weighin(world.actors[Role.CLERK], mistyped, 12_500, "秤没归零")
    page = await new_page(Role.MEMBER)
    if locale != "zh_CN":
        await page.get_by_role("button", name=LANGUAGE[locale]).click()
    household = world.households["H1"]

    await page.goto("/me")
    deliveries = page.get_by_test_id("deliveries")
    await expect(deliveries.locator("h2")).to_have_text(WEIGH_INS[locale])
    await expect(deliveries.locator("li.item")).to_have_count(23)  # 21, the mistake, its correction
    await fits_a_phone(page)
    await page.screenshot(path=f"/tmp/coop-grower-me-{locale}.png", full_page=True)

    await page.get_by_test_id("seasons").get_by_role("link", name="2025").click()
    await expect(page).to_have_url(re.compile(r"/me\?season=2025$"))
    await expect(deliveries.locator("li.item")).to_have_count(1)

    await page.goto(f"/households/{household}/statement?season=2026")
    await expect(page.get_by_test_id("entries").locator("li")).to_have_count(24)  # and a reversal
    await fits_a_phone(page)
    await page.screenshot(path=f"/tmp/coop-grower-statement-{locale}.png", full_page=True)

    await page.get_by_test_id("entries").locator("a.receipt-link").first.click()
    await expect(page).to_have_url(re.compile(r"/receipts/\d+$"))
    await fits_a_phone(page)
    await page.screenshot(path=f"/tmp/coop-grower-receipt-{locale}.png", full_page=True)

    staff = await new_page(Role.CLERK)  # the staff's statement is the same page
    if locale != "zh_CN":
        await staff.get_by_role("button", name=LANGUAGE[locale]).click()
    await staff.goto(f"/households/{household}/statement?season=2025")
    await expect(staff.get_by_test_id("entries").locator("li")).to_have_count(1)
    await fits_a_phone(staff)
    await staff.screenshot(path=f"/tmp/coop-staff-statement-{locale}.png", full_page=True)
