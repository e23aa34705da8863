"""The pages with tables and lists, on a 360 x 740 phone in Chinese and in Uyghur: a lot code or
a date is never broken over two lines, nothing runs off the side, and every link and button is
a tap target of at least 40 x 40 px."""

from __future__ import annotations

import pytest
from playwright.async_api import Page
from support_jam_stock import stock_jam

from browser.conftest import scroll_width
from coop.domain.actors import Role
from coop.services import grower_records, order_creation, weighins
from coop.services.order_views import NewLine, NewOrder

pytestmark = pytest.mark.browser

# Each code or date whose text lies on more than one line: broken where it should not be.
BROKEN = """() => [...document.querySelectorAll('main .code, main .when')].filter(e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    const tops = [...range.getClientRects()].map(r => r.top);
    return Math.max(...tops) - Math.min(...tops) > 0.8 * parseFloat(getComputedStyle(e).fontSize);
  }).map(e => e.textContent)"""

# Where a word may be broken between any two letters (Uyghur mid-word, a lot code in two).
ANYWHERE = """() => [...document.querySelectorAll('main *')].filter(e => {
    const style = getComputedStyle(e);
    return style.overflowWrap === 'anywhere' || style.wordBreak === 'break-all'
        || style.hyphens === 'auto';
  }).length"""

# A table's box that scrolls sideways on the phone (its cards should fit).
SCROLLING = """() => [...document.querySelectorAll('main .table-wrap')]
  .filter(e => e.scrollWidth > e.clientWidth + 1).length"""

# Visible links, buttons and fields smaller than a fingertip, with their size.
SMALL = """() => [...document.querySelectorAll(
    'main a, main button, main summary, main select, header a, header button, header summary')]
  .filter(e => e.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true}))
  .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect()])
  .filter(([_, r]) => r.height < 40 || r.width < 40)
  .map(([text, r]) => `${text} ${Math.round(r.width)}x${Math.round(r.height)}`)"""


@pytest.fixture
async def pages_of(world) -> dict[Role, list[str]]:
    """A season's worth of things to list: weigh-ins, a grower's record, jam, an order."""
    clerk = world.actors[Role.CLERK]
    batch = await stock_jam(world, jars=5)
    lot = await weighins.record_weighin(clerk, world.households["H1"], world.fruit_id, 12500)
    await grower_records.record_own_harvest(world.actors[Role.MEMBER], world.fruit_id, 4000)
    order = await order_creation.create_order(
        clerk,
        NewOrder(
            channel="shop",
            channel_order_no="TB20260801001",
            buyer_name="陈女士",
            lines=[NewLine(product_id=world.jam_id, jars=2)],
            total_fen=7000,
        ),
    )
    h1 = world.households["H1"]
    return {
        Role.MEMBER: ["/me", f"/households/{h1}/statement", f"/income/households/{h1}"],
        Role.CLERK: [
            f"/receipts/{lot.id}",
            f"/trace/forward?q={lot.lot_code}",
            f"/trace/backward?q={batch.code}",
            "/orders",
            f"/orders/{order.id}",
            "/certificates",
        ],
        Role.WORK_TEAM: ["/income", "/members", "/income/summary"],
    }


async def read_in(page: Page, locale: str) -> None:
    """Choose the language in the header (it offers only the ones not being read)."""
    if await page.get_attribute("html", "lang") != locale.replace("_", "-"):
        async with page.expect_navigation():
            await page.click(f".languages button[value={locale}]")


@pytest.mark.parametrize("locale", ["zh_CN", "ug"])
async def test_no_code_or_date_breaks_and_every_target_is_big_enough_on_a_phone(
    new_page, pages_of, locale
):
    problems = []
    for role, paths in pages_of.items():
        page = await new_page(role)
        await read_in(page, locale)
        for index, path in enumerate(paths):
            await page.goto(path)
            assert await page.locator("main").count() == 1, path
            broken = await page.evaluate(BROKEN)
            await page.evaluate(
                "document.querySelectorAll('details.menu').forEach(d => d.open = true)"
            )
            small = await page.evaluate(SMALL)  # the menu's links and sign-out too
            if broken:
                problems.append(f"{path}: broken over lines: {broken}")
            if await page.evaluate(ANYWHERE):
                problems.append(f"{path}: words may break between any two letters")
            if small:
                problems.append(f"{path}: smaller than 40 px: {small}")
            if await scroll_width(page) > 360 or await page.evaluate(SCROLLING):
                problems.append(f"{path}: runs off the side")
            shot = f"/tmp/coop-phone-{locale}-{role.value}-{index}.png"
            await page.screenshot(path=shot, full_page=True)
    assert not problems, "\n".join(problems)


async def test_a_phone_table_is_a_card_per_row_labelled_in_the_readers_language(
    new_page, pages_of, world
):
    page = await new_page(Role.MEMBER)
    await read_in(page, "ug")
    await page.goto(f"/income/households/{world.households['H1']}")
    first = page.locator("[data-testid=entries] tbody tr").first
    cells = first.locator("td")
    assert await cells.nth(1).get_attribute("data-label") == "تۈر"  # Entry, from the catalog
    label = await cells.nth(1).evaluate("e => getComputedStyle(e, '::before').content")
    assert "تۈر" in label
    card, cell = await first.bounding_box(), await cells.nth(2).bounding_box()
    assert card and cell and cell["width"] > 0.8 * card["width"]  # one value per line, not a column
    assert (
        await page.locator("[data-testid=entries] thead").evaluate(
            "e => e.getBoundingClientRect().height"
        )
        <= 1
    )  # the headings are read out, not shown


@pytest.mark.parametrize("locale", ["zh_CN", "ug"])
async def test_a_buyers_pages_have_big_enough_targets_and_a_way_on_from_a_wrong_code(
    new_page, world, locale
):
    lot = await weighins.record_weighin(
        world.actors[Role.CLERK], world.households["H1"], world.fruit_id, 5000
    )
    page = await new_page()
    for path in (f"/l/{lot.lot_code}", "/l/H26-ZZZZZZZZ"):
        await page.goto(f"{path}?lang={locale}")
        assert await page.evaluate(SMALL) == [], path
        assert await scroll_width(page) <= 360, path
    await page.fill("#code", lot.lot_code.lower())  # typed again from the label, by hand
    async with page.expect_navigation():
        await page.click("form.lookup button")
    assert page.url.endswith(f"/l/{lot.lot_code}")
    await page.screenshot(path=f"/tmp/coop-phone-{locale}-found-again.png", full_page=True)
