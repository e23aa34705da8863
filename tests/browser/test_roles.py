"""Each role's own pages at 360 x 740 in Chromium, on SQLite and on PostgreSQL: the work team's
start page and menu, a refusal inside the app, a hold confirmed, the yield before finishing."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect
from support_trace_chain import build_chain, cook, weigh

from browser.conftest import open_menu, scroll_width
from coop.domain.actors import Role
from coop.services import batches, certifications
from coop.services.batch_views import InputLine, NewBatch
from coop.tables import Batch, Product

pytestmark = pytest.mark.browser


async def no_sideways_scroll(page: Page) -> None:
    assert await scroll_width(page) <= 360, page.url


async def test_the_work_team_lands_on_the_income_review_and_sees_no_weigh_or_correct_actions(
    new_page, world
):
    lot = await weigh(world, "H1", 12_500)
    batch = await cook(world, [(lot.lot_code, 4_000)], jars=5)
    page = await new_page(Role.WORK_TEAM)
    await expect(page).to_have_url(re.compile(r"/income$"))
    nav = page.locator("nav.nav")
    await open_menu(page)
    await expect(nav.get_by_role("link", name="增收情况")).to_have_attribute("aria-current", "page")
    await expect(nav.get_by_role("link", name="过磅收购")).to_have_count(0)
    await no_sideways_scroll(page)

    await page.goto(f"/batches/{batch.id}")
    await expect(page.locator("h1")).to_contain_text(batch.code)
    await expect(page.get_by_role("link", name="更正")).to_have_count(0)
    await expect(page.get_by_role("link", name="打印标签")).to_have_count(0)
    await page.goto(f"/receipts/{lot.id}")
    await expect(page.get_by_role("link", name="下一户")).to_have_count(0)

    await page.goto(f"/weigh/lots/{lot.id}/correct")  # an old bookmark: refused before typing
    await expect(page.locator("h1")).to_have_text("无权访问")
    await open_menu(page)
    await expect(nav.get_by_role("link", name="增收情况")).to_be_visible()
    await page.get_by_role("link", name="返回首页").click()
    await expect(page).to_have_url(re.compile(r"/income$"))
    await no_sideways_scroll(page)


async def test_a_hold_asks_why_says_what_it_stopped_and_then_offers_only_release(new_page, world):
    chain = await build_chain(world)
    page = await new_page(Role.CLERK)
    await page.goto(f"/trace/backward?q={chain.two.code}")
    await expect(page.get_by_role("button", name="恢复销售")).to_have_count(0)
    await page.get_by_role("button", name="暂停销售").click()  # no reason: the browser asks
    await expect(page).to_have_url(re.compile(r"/trace/backward"))
    await page.fill("#hold-reason", "胀罐")
    await page.get_by_role("button", name="暂停销售").click()
    done = page.get_by_test_id("hold-done")
    await expect(done).to_contain_text(f"加工批次 {chain.two.code} 已暂停销售")
    await expect(done).to_contain_text("库存中的 17 瓶暂不出售")
    await expect(page.get_by_role("button", name="暂停销售")).to_have_count(0)
    await expect(page.get_by_role("button", name="恢复销售")).to_be_visible()
    await no_sideways_scroll(page)


async def test_the_processor_sees_the_yield_warning_while_typing_before_finishing(new_page, world):
    await Product.update(
        {
            Product.input_product: world.fruit_id,
            Product.processing_fee_fen_per_kg: 500,
            Product.yield_min_per_mille: 700,
            Product.yield_max_per_mille: 950,
            Product.net_weight_g: 250,
        }
    ).where(Product.id == world.jam_id)
    await certifications.certify(world.actors[Role.ADMIN], world.households["P1"], "合格")
    processor = world.actors[Role.PROCESSOR]
    lot = await weigh(world, "H1", 8_000)
    draft = await batches.start_batch(processor, NewBatch(product_id=world.jam_id))
    await batches.put_input(processor, draft.id, InputLine(lot.lot_code, 5_000))

    page = await new_page(Role.PROCESSOR)
    await page.goto(f"/batches/{draft.id}")
    await page.fill("#sugar", "1")
    await page.locator("#jars").press_sequentially("8")
    warning = page.get_by_test_id("yield-warning")
    await expect(warning).to_contain_text("超出预期范围")
    await expect(warning).to_contain_text("17–22")
    assert await Batch.select(Batch.status).where(Batch.id == draft.id).first() == {
        "status": "draft"
    }
    await no_sideways_scroll(page)
    await page.screenshot(path="/tmp/coop-yield-warning-zh.png", full_page=True)

    await page.fill("#jars", "20")
    await expect(page.get_by_test_id("yield-ok")).to_contain_text("83.3%")
    await expect(warning).to_have_count(0)
