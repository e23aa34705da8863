"""The accountant's money-out story in Chromium at 360 x 740: an advance, a run previewed, locked
and confirmed, and the household's statement showing the deduction."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from browser.conftest import menu_link, scroll_width
from coop.domain.actors import Role
from coop.services import weighins

pytestmark = pytest.mark.browser


async def test_the_accountant_deducts_an_advance_in_a_run_and_the_household_sees_it(
    new_page, world
):
    clerk = world.actors[Role.CLERK]
    await weighins.record_weighin(clerk, world.households["H1"], world.fruit_id, 12_500)

    page = await new_page(Role.ADMIN)
    await (await menu_link(page, "预支与赊销")).click()
    await page.select_option("#household_id", label="王建国 (H1) · 125.00")
    await expect(page.locator("input[name=kind][value=advance]")).to_be_checked()
    await page.fill("#item", "买农药")
    await page.fill("#amount", "30")
    await page.get_by_role("button", name="登记", exact=True).click()
    await expect(page.get_by_role("status")).to_contain_text("已登记。")
    recorded = page.locator("[data-testid=advances] [data-household=H1]")
    await expect(recorded).to_contain_text("30.00")
    await expect(recorded).to_contain_text("已还清")  # 125.00 of fruit covers it
    assert await scroll_width(page) <= 360

    await page.locator(".subnav").get_by_role("link", name="批量付款").click()
    await page.get_by_role("button", name="预览本批付款").click()
    await expect(page.get_by_text("这是预览")).to_be_visible()
    line = page.locator("[data-testid=lines] [data-household=H1]")
    await expect(line.locator("[data-testid=pay]")).to_contain_text("95.00")
    await expect(line.locator("[data-testid=deducted]")).to_contain_text("30.00")
    assert await scroll_width(page) <= 360
    await page.screenshot(path="/tmp/coop-payout-run-preview-zh.png", full_page=True)

    await page.get_by_role("button", name="锁定本批").click()
    await expect(page.locator("[data-testid=run-status]")).to_contain_text("已锁定")
    await expect(line).to_contain_text("CP")  # its bill number
    await page.get_by_role("button", name="确认并记入付款").click()
    await expect(page.locator("[data-testid=run-status]")).to_contain_text("已入账")
    await expect(page.locator("[data-testid=run-total]")).to_contain_text("95.00")
    await expect(page.get_by_role("button", name="确认并记入付款")).to_have_count(0)

    household = await new_page(Role.MEMBER)
    await (await menu_link(household, "我的账单")).click()
    deduction = household.locator("[data-testid=deduction]")
    await expect(deduction).to_contain_text("买农药")
    await expect(deduction).to_contain_text("从应付款中扣除")
    await expect(household.locator("[data-testid=income]")).to_contain_text("125.00")
    await expect(household.locator("[data-testid=balance]")).to_contain_text("0.00")
    assert await scroll_width(household) <= 360
    await household.screenshot(path="/tmp/coop-statement-deduction-zh.png", full_page=True)
