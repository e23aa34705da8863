"""The order import on a phone in Chromium: a Taobao export in GBK, its rows grouped, no scrolling
sideways, order numbers never broken, the done page listing the refused rows."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect
from support_jam_stock import stock_jam, weigh

from browser.conftest import scroll_width
from coop.domain.actors import Role

pytestmark = pytest.mark.browser

EXPORT = (
    "订单编号,收货人姓名,联系手机,收货地址,宝贝标题,商家编码,购买数量,价格,买家应付邮费,买家实际支付金额\n"
    "2026120212345678901,张三,13900000000,伊宁市解放路1号,树莓酱,jam,2,35.00,10,110.00\n"
    "2026120212345678901,,,,鲜树莓,raspberry,1.5,20.00,,\n"
    "2026120298765432100,李四,13900000001,霍城县,葡萄酒,wine,1,35,8,43\n"
).encode("gbk")


async def next_step(page: Page, button) -> None:
    await expect(button).to_be_in_viewport()  # the step's one action, without scrolling
    async with page.expect_navigation():
        await button.click()


async def one_line(page: Page, selector: str) -> None:
    """Every code on the page fits on one line: its height is one line's height."""
    for code in await page.locator(selector).all():
        height = await code.evaluate("e => e.getBoundingClientRect().height")
        line = await code.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 30")
        assert height <= line * 1.2, await code.inner_text()


@pytest.mark.parametrize("locale", ["zh_CN", "ug"])
async def test_a_taobao_export_is_imported_on_a_phone_and_its_refused_row_is_listed(
    new_page, world, locale
):
    await stock_jam(world, jars=10)
    await weigh(world, "H1", 5000)
    page = await new_page(Role.CLERK)
    await page.goto("/orders/import")
    if locale != "zh_CN":  # the header offers only the other languages
        async with page.expect_navigation():
            await page.click(f"form.languages button[value='{locale}']")
        await page.goto("/orders/import")
    await page.set_input_files(
        "#file", files=[{"name": "淘宝.csv", "mimeType": "text/csv", "buffer": EXPORT}]
    )
    await next_step(page, page.locator("form[enctype] button.primary"))
    await expect(page.locator("#map_channel_order_no")).to_have_value("订单编号")  # recognised
    await next_step(page, page.locator("form[action$='/preview'] button.primary"))

    rows = page.get_by_test_id("preview-rows")
    await expect(rows.locator("[data-outcome=create]")).to_have_attribute("data-rows", "2,3")
    await expect(rows.locator("[data-outcome=refused]")).to_contain_text("wine")
    assert await scroll_width(page) <= 360
    await one_line(page, ".import-list .code")
    await next_step(page, page.locator("form[action$='/confirm'] button.primary"))

    await expect(page.get_by_test_id("created")).to_have_text("1")
    refused = page.get_by_test_id("refused-rows").locator("[data-outcome=refused]")
    await expect(refused).to_have_attribute("data-rows", "4")
    await expect(refused).to_contain_text("2026120298765432100")
    await expect(page.get_by_test_id("created-orders")).to_contain_text("2026120212345678901")
    assert await scroll_width(page) <= 360
    await one_line(page, ".import-list .code")
