"""The work team's income story in Chromium at 360 x 740: its review, its chart, its XLSX."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from playwright.async_api import expect

from browser.conftest import menu_link, scroll_width
from coop.domain.actors import Role
from coop.domain.seasons import season_of
from coop.services import weighins
from coop.services.clock import today
from coop.services.lookup import cooperative_of

pytestmark = pytest.mark.browser


@pytest.fixture
async def harvest(world) -> int:
    """Today, H1 brings 6 kg and H2 4 kg through the weigh-in service; the season they fall in."""
    clerk = world.actors[Role.CLERK]
    for code, grams in (("H1", 6000), ("H2", 4000)):
        await weighins.record_weighin(clerk, world.households[code], world.fruit_id, grams)
    cooperative = await cooperative_of(clerk)
    return season_of(today(), cooperative["season_start_month"])


async def test_the_work_team_sees_a_drawn_chart_and_downloads_the_review_as_xlsx(
    new_page, world, harvest
):
    page = await new_page(Role.WORK_TEAM)
    await (await menu_link(page, "增收情况")).click()
    await expect(page).to_have_url(re.compile(r"/income$"))
    await expect(page.locator("h1")).to_contain_text(str(harvest))

    cumulative = page.locator("[data-testid=chart-cumulative] svg")
    await expect(cumulative).to_be_visible()
    await expect(cumulative.locator("circle.point")).to_have_count(1)  # one day with income
    gains = page.locator("[data-testid=chart-gains] svg rect.bar")
    await expect(gains).to_have_count(3)  # H1, H2, P1
    weekly = page.locator("[data-testid=chart-weekly] svg rect.bar")
    await expect(weekly).to_have_count(1)  # this week's 100.00 yuan: 6 kg + 4 kg at 10.00
    await expect(weekly.locator("title")).to_contain_text("100.00")
    box = await weekly.bounding_box()
    assert box is not None and box["height"] > 50  # drawn from the data, not an empty bar
    rows = page.locator("[data-testid=households] tbody tr")
    await expect(rows).to_have_count(3)
    assert await scroll_width(page) <= 360
    await page.screenshot(path="/tmp/coop-income-review-zh.png", full_page=True)

    async with page.expect_download() as waiting:
        await page.get_by_role("link", name="下载 XLSX").click()
    download = await waiting.value
    assert download.suggested_filename == f"income-{harvest}.xlsx"
    path = await download.path()
    sheet = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][:3] == ("户号", "户名", "社员")
    assert [row[0] for row in table[1:]] == ["H1", "H2", "P1"]
    income_fen = {row[0]: row[7] for row in table[1:]}
    assert income_fen["H1"] > income_fen["H2"] > 0 and income_fen["P1"] == 0


async def test_the_board_records_capital_previews_the_surplus_return_and_posts_it_once(
    new_page, world, harvest
):
    page = await new_page(Role.ADMIN)
    await page.goto(f"/income?season={harvest}")
    await page.get_by_role("link", name="成员账户").click()
    await page.get_by_text("登记出资额或公积金份额").click()
    await page.select_option("#household_id", label="王建国 (H1)")
    await page.fill("#amount", "300")
    await page.fill("#note", "入股")
    await page.get_by_role("button", name="登记", exact=True).click()
    await expect(page.get_by_role("status")).to_have_text("已登记。")
    h1 = page.locator("[data-testid=members] tr[data-household=H1]")
    await expect(h1).to_contain_text("300.00")
    await expect(h1).to_contain_text("60.00")  # 6 kg at 10.00 yuan this season
    assert await scroll_width(page) <= 360

    await page.get_by_role("link", name="盈余返还").click()
    await page.fill("#surplus", "100")
    await page.fill("#reserve_percent", "10")
    await page.fill("#volume_share_percent", "59")
    await page.get_by_role("button", name="预览").click()
    await expect(page.get_by_role("alert")).to_contain_text("59%太少")
    await page.fill("#volume_share_percent", "60")
    await page.get_by_role("button", name="预览").click()
    await expect(page.locator("h2").filter(has_text="预览")).to_be_visible()
    # 90.00 to return: 54.00 by volume (H1 6 kg, H2 4 kg), 36.00 by shares (H1 alone holds any)
    returns = page.locator("[data-testid=returns] tbody tr")
    await expect(returns).to_have_count(2)  # P1 sold nothing and holds nothing
    await expect(page.locator("[data-testid=returns] tr[data-household=H1]")).to_contain_text(
        "68.40"
    )
    await expect(page.locator("[data-testid=returned]")).to_contain_text("90.00")
    assert await scroll_width(page) <= 360
    await page.screenshot(path="/tmp/coop-surplus-preview-zh.png", full_page=True)

    await page.get_by_role("button", name="确认并入账").click()
    await expect(page.locator("[data-testid=posted]")).to_be_visible()
    await expect(page.get_by_role("button", name="确认并入账")).to_have_count(0)
    await page.goto(f"/income/households/{world.households['H1']}?season={harvest}")
    entries = page.locator("[data-testid=entries] tbody tr").filter(has_text="盈余返还")
    await expect(entries).to_have_count(2)  # by volume and by shares, posted once


async def test_the_work_ledger_summary_prints_on_one_a4_page(new_page, world, harvest):
    page = await new_page(Role.WORK_TEAM)
    await page.goto(f"/income?season={harvest}")
    await page.get_by_role("link", name="工作台账（打印）").first.click()
    await expect(page.locator("[data-testid=summary-households] tbody tr")).to_have_count(3)
    await expect(page.locator("[data-testid=chart-cumulative] svg circle.point")).to_have_count(1)
    await page.emulate_media(media="print")
    await expect(page.locator(".subnav")).to_be_hidden()
    pdf = await page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1  # one A4 sheet for the work ledger
