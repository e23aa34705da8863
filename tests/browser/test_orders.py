"""The order desk in Chromium, on SQLite and on PostgreSQL: from pending to delivered, the slip."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect
from support_jam_stock import jars_left, stock_jam

from browser.conftest import menu_link, scroll_width
from browser.test_weigh_station import pdf_pages
from coop.domain.actors import Role

pytestmark = pytest.mark.browser


async def step(page: Page, button: str, **fields: str) -> None:
    """Fill the form of one transition button and press it; the order page comes back."""
    form = page.locator("form.transition").filter(has=page.get_by_role("button", name=button))
    for name, value in fields.items():
        await form.locator(f"[name={name}]").fill(value)
    async with page.expect_navigation():
        await form.get_by_role("button", name=button).click()


async def test_a_clerk_takes_an_order_from_pending_to_delivered_and_prints_the_packing_slip(
    new_page, world
):
    batch = await stock_jam(world, jars=10)
    page = await new_page(Role.CLERK)
    await (await menu_link(page, "订单台")).click()
    await expect(page).to_have_url(re.compile(r"/orders$"))
    await page.get_by_role("link", name="新订单").click()

    await page.select_option("#channel", "wechat")
    await page.fill("#channel_order_no", "WX-0815")
    await page.fill("#buyer_name", "陈女士")
    await page.fill("#buyer_phone", "13600000000")
    await page.fill("#address", "伊宁市解放路 8 号")
    await page.select_option("#product_0", str(world.jam_id))
    await page.fill("#quantity_0", "2")
    await page.fill("#shipping", "8")
    await expect(page.get_by_test_id("total")).to_contain_text("78.00")  # shown as you type
    await page.fill("#total", "80")  # what the channel says was paid, if it disagrees
    await expect(page.get_by_test_id("total-error")).to_contain_text("应为 78.00 元")
    await page.fill("#total", "")
    await expect(page.get_by_test_id("total-error")).to_have_count(0)
    assert await scroll_width(page) <= 360
    await page.screenshot(path="/tmp/coop-order-new.png", full_page=True)
    await page.get_by_role("button", name="保存订单").click()
    await expect(page).to_have_url(re.compile(r"/orders/\d+\?saved=1$"))
    order_url = page.url.split("?")[0]
    await expect(page.get_by_test_id("order-total")).to_contain_text("78.00")
    await expect(page.get_by_test_id("lines")).to_contain_text(batch.code)
    await expect(page.get_by_test_id("growers")).to_contain_text("王建国")
    assert await jars_left(batch.id) == 8

    await step(page, "确认已付款")
    await step(page, "打包完成")
    await expect(page.get_by_role("button", name="取消订单")).to_be_visible()  # not yet shipped
    await step(page, "发货", carrier="顺丰速运", tracking="SF1234567890")
    await expect(page.get_by_role("button", name="取消订单")).to_have_count(0)
    await expect(page.locator("main")).to_contain_text("已发货的订单不能取消")
    await step(page, "确认送达")
    await expect(page.locator("h1")).to_contain_text("已送达")
    history = page.get_by_test_id("events").locator("li")
    await expect(history).to_have_count(5)
    steps = [await history.nth(i).get_attribute("data-to") for i in range(5)]
    assert steps == ["pending", "paid", "packed", "shipped", "delivered"]
    await expect(history.nth(3)).to_contain_text("SF1234567890")
    await expect(history.nth(4)).to_contain_text(world.actors[Role.CLERK].name)
    assert await scroll_width(page) <= 360
    await page.screenshot(path="/tmp/coop-order-detail.png", full_page=True)

    await page.get_by_role("link", name="装箱单").click()
    await expect(page).to_have_url(re.compile(r"/orders/\d+/slip$"))
    slip = page.get_by_test_id("slip")
    shown = ("装箱单", "陈女士", "伊宁市解放路 8 号", "WX-0815", batch.code, "78.00", "顺丰速运")
    for text in shown:
        await expect(slip).to_contain_text(text)
    await page.screenshot(path="/tmp/coop-order-slip.png", full_page=True)
    for paper, width_mm in (("a4", 210), ("80mm", 80)):
        await page.goto(f"{order_url}/slip?paper={paper}")
        pages = pdf_pages(await page.pdf(prefer_css_page_size=True))
        assert len(pages) == 1, (paper, pages)
        assert abs(pages[0][0] * 25.4 / 72 - width_mm) < 1, (paper, pages)

    await page.goto(order_url)  # in Uyghur: right to left, statuses named, no sideways scroll
    await page.get_by_role("button", name="ئۇيغۇرچە").click()
    await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    await expect(page.locator("h1")).to_contain_text("يەتكۈزۈلدى")
    assert await scroll_width(page) <= 360
    await page.screenshot(path="/tmp/coop-order-detail-ug.png", full_page=True)


async def test_a_shipped_order_has_no_cancel_button_and_a_forced_cancel_is_refused(new_page, world):
    await stock_jam(world, jars=5)
    page = await new_page(Role.CLERK, javascript=False)  # the desk works without JavaScript
    await page.goto("/orders/new")
    await page.select_option("#product_0", str(world.jam_id))
    await page.fill("#quantity_0", "1")
    await page.get_by_role("button", name="计算总额").click()
    await expect(page.get_by_test_id("total")).to_contain_text("35.00")
    await page.get_by_role("button", name="保存订单").click()
    await expect(page).to_have_url(re.compile(r"/orders/\d+\?saved=1$"))
    await step(page, "确认已付款")
    await step(page, "打包完成")
    await step(page, "发货", carrier="邮政", tracking="EMS001")
    await expect(page.get_by_role("button", name="取消订单")).to_have_count(0)
    await expect(page.get_by_role("button", name="退款")).to_be_visible()

    # a hand-made form, as an old tab would send it: the service's refusal comes back as a page
    await page.evaluate(
        """() => {
          const form = document.querySelector('form.transition');
          form.querySelector('[name=to]').value = 'cancelled';
          const reason = document.createElement('input');
          reason.name = 'reason'; reason.value = '买家不要了';
          form.appendChild(reason);
        }"""
    )
    async with page.expect_response(lambda r: r.request.method == "POST") as posted:
        await page.locator("form.transition button").first.click()
    assert (await posted.value).status == 409
    await expect(page.locator("main")).to_contain_text("已发货的订单不能取消，请改为退款")
    await page.go_back()
    await page.reload()
    await expect(page.locator("h1")).to_contain_text("已发货")


async def test_the_import_wizard_maps_columns_previews_refused_rows_and_imports_once(
    new_page, world
):
    await stock_jam(world, jars=5)
    export = "单号,商品,数量,单价,实付\nTB1,jam,1,35,35\nTB2,jam,2,35,99\nTB3,cake,1,35,35\n"
    page = await new_page(Role.CLERK)
    await page.set_viewport_size({"width": 1280, "height": 800})  # the office PC
    for attempt in range(2):
        await page.goto("/orders/import")
        await page.set_input_files(
            "#file",
            files=[{"name": "export.csv", "mimeType": "text/csv", "buffer": export.encode()}],
        )
        await page.get_by_role("button", name="下一步").click()
        if attempt == 0:
            for field, header in (
                ("channel_order_no", "单号"),
                ("product_code", "商品"),
                ("quantity", "数量"),
                ("unit_price", "单价"),
                ("total", "实付"),
            ):
                await page.select_option(f"#map_{field}", header)
        else:  # the channel's mapping was saved: it comes back chosen
            await expect(page.locator("#map_product_code")).to_have_value("商品")
        await page.get_by_role("button", name="预览").click()
        rows = page.get_by_test_id("preview-rows").locator("[data-outcome]")
        await expect(rows).to_have_count(3)
        if attempt == 0:
            await expect(page.get_by_test_id("to-create")).to_have_text("1")
            await expect(rows.nth(1)).to_contain_text("99.00 元")  # in yuan, never in fen
            await expect(rows.nth(1)).to_contain_text("应为 70.00 元")
            await expect(rows.nth(2)).to_contain_text("cake")
            await page.screenshot(path="/tmp/coop-order-import-preview.png", full_page=True)
            await page.get_by_role("button", name="创建 1 个订单").click()
            await expect(page.get_by_test_id("created")).to_have_text("1")
        else:
            await expect(page.get_by_test_id("already")).to_have_text("1")
            await expect(page.get_by_test_id("to-create")).to_have_text("0")
            await expect(page.get_by_role("button", name=re.compile("创建"))).to_have_count(0)
    await page.goto("/orders?channel=shop")
    await expect(page.locator("[data-order]")).to_have_count(1)
    await page.screenshot(path="/tmp/coop-order-list.png", full_page=True)
