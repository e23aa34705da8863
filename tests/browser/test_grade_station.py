"""Prices by grade at the weigh station, in Chromium at 360 x 740, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from coop.domain.actors import Role
from coop.services.grades import GradeFields, save_grade
from coop.tables import HarvestLot

pytestmark = pytest.mark.browser


async def post_grades(world) -> None:
    for code, name_en, price in (("特级", "Premium", 1600), ("一级", "Grade one", 1200)):
        fields = GradeFields(code=code, name_zh=code, name_en=name_en, price_fen_per_kg=price)
        await save_grade(world.actors[Role.ADMIN], world.fruit_id, fields)


async def lots_of(world) -> list[tuple[str, int, int]]:
    rows = await (
        HarvestLot.select(HarvestLot.grade, HarvestLot.price_fen_per_kg, HarvestLot.amount_fen)
        .where(HarvestLot.cooperative == world.cooperative_id)
        .order_by(HarvestLot.id)
    )
    return [(r["grade"], r["price_fen_per_kg"], r["amount_fen"]) for r in rows]


async def choose(page: Page, code: str) -> None:
    await page.locator(f'input[name="grade"][value="{code}"]').check()


async def test_the_station_offers_the_grades_with_prices_and_the_amount_uses_the_chosen_one(
    new_page, world
):
    await post_grades(world)
    page = await new_page(Role.CLERK)
    await page.goto(f"/weigh/{world.households['H1']}")
    await expect(page.locator("html")).to_have_attribute("data-station-ready", "1")
    grades = page.get_by_test_id("grades")
    await expect(grades.locator("label")).to_have_count(2)
    await expect(grades.locator("label").nth(0)).to_contain_text("特级")
    await expect(grades.locator("label").nth(0)).to_contain_text("16.00")
    await expect(grades.locator("label").nth(1)).to_contain_text("12.00")
    await expect(page.locator("#price")).to_have_count(0)

    await page.fill("#weight", "10")
    await expect(page.locator("#preview")).to_contain_text("请选择等级")  # none chosen yet
    await choose(page, "一级")
    await expect(page.get_by_test_id("amount")).to_contain_text("120.00")
    await choose(page, "特级")
    await expect(page.get_by_test_id("amount")).to_contain_text("160.00")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    await page.screenshot(path="/tmp/coop-grades-zh.png", full_page=True)

    await page.get_by_role("button", name="保存过磅").click()
    await expect(page).to_have_url(re.compile(r"/receipts/\d+\?saved=1$"))
    await expect(page.locator(".receipt")).to_contain_text("160.00")
    await expect(page.get_by_test_id("grade")).to_have_text("特级")
    assert await lots_of(world) == [("特级", 1600, 16000)]


async def test_the_offline_station_offers_the_cached_grades_and_queues_the_chosen_one(
    new_page, world
):
    await post_grades(world)
    page = await new_page(Role.CLERK)
    await page.goto("/weigh")
    await expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    await page.context.set_offline(True)
    await page.goto("/weigh")  # the cached shell
    await page.fill("#q", "王建国")
    await page.locator("#results a").first.click()
    grades = page.get_by_test_id("grades")
    await expect(grades.locator("label").nth(1)).to_contain_text("12.00")
    await expect(page.locator("#price")).to_be_hidden()

    await page.fill("#weight", "2.5")
    await page.get_by_role("button", name="保存过磅").click()
    await expect(page.locator("#form-error")).to_contain_text("等级")  # none chosen: not queued
    await choose(page, "一级")
    await expect(page.get_by_test_id("net-state")).to_have_text("未连接")  # no amount offline
    await expect(page.locator("#preview")).to_contain_text("12.00 元/公斤")
    await page.get_by_role("button", name="保存过磅").click()
    receipt = page.get_by_test_id("receipt")
    await expect(receipt).to_contain_text("待上传")
    await expect(receipt).to_contain_text("30.00")
    await expect(receipt).to_contain_text("一级")

    await page.context.set_offline(False)
    await expect(page.get_by_test_id("waiting")).to_have_text("0")
    assert await lots_of(world) == [("一级", 1200, 3000)]
