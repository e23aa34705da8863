"""The weigh station with no signal, in Chromium at 360 x 740 with a real service worker."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Page, Route, expect

from coop.domain.actors import Role
from coop.services import households
from coop.tables import GrowerRecord, HarvestLot, LedgerEntry

pytestmark = pytest.mark.browser

DELIVERIES = [
    ("王建国", "12.5", 12500, 12500),
    ("阿依古丽", "8", 8000, 8000),
    ("李秀英", "3.25", 3250, 3250),
]


async def online_once(page: Page) -> None:
    """One online visit: the service worker keeps the shell, the households and the prices."""
    await page.goto("/weigh")
    await expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")


async def weigh(page: Page, name: str, kg: str, price: str | None = None) -> None:
    await page.fill("#q", name)
    await page.locator("#results a").filter(has_text=name).click()
    await page.fill("#weight", kg)
    if price is not None:
        await page.fill("#price", price)
    await page.get_by_role("button", name="保存过磅").click()
    receipt = page.get_by_test_id("receipt")
    await expect(receipt).to_contain_text("待上传")
    await expect(receipt).to_contain_text(name)
    await page.get_by_role("link", name="下一户").click()


async def record_three_offline(page: Page) -> None:
    await online_once(page)
    await page.context.set_offline(True)
    await page.goto("/weigh")  # no network: the cached shell opens
    await expect(page.locator("#station")).to_be_visible()
    await expect(page.locator("#net-note")).to_contain_text("没有信号")

    await page.fill("#q", "王建国")
    await page.locator("#results a").first.click()
    await expect(page.locator("#price")).to_have_value("10.00")  # today's posted price, cached
    await page.fill("#weight", "12.5")
    await page.fill("#price", "10.00")
    await expect(page.get_by_test_id("net-state")).to_have_text("未连接")  # no unconfirmed figure
    await expect(page.get_by_test_id("amount")).to_have_text("")
    await page.screenshot(path="/tmp/coop-offline-form-zh.png", full_page=True)
    await page.get_by_role("button", name="保存过磅").click()
    receipt = page.get_by_test_id("receipt")
    await expect(receipt).to_contain_text("待上传")
    await expect(receipt).to_contain_text("125.00")
    await expect(receipt).to_contain_text("12.5")
    await page.screenshot(path="/tmp/coop-offline-receipt-zh.png", full_page=True)
    await page.get_by_role("link", name="下一户").click()

    for name, kg, _, _ in DELIVERIES[1:]:
        await weigh(page, name, kg)
    await expect(page.get_by_test_id("waiting")).to_have_text("3")
    await expect(page.locator("#queue > li[data-state=waiting]")).to_have_count(3)
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360


async def lots_of(world) -> list[dict]:
    return await (
        HarvestLot.select(HarvestLot.id, HarvestLot.weight_g, HarvestLot.amount_fen)
        .where(HarvestLot.cooperative == world.cooperative_id)
        .order_by(HarvestLot.id)
    )


async def assert_exactly_the_three(world) -> None:
    lots = await lots_of(world)
    assert [lot["weight_g"] for lot in lots] == [grams for _, _, grams, _ in DELIVERIES]
    credits = await (
        LedgerEntry.select(LedgerEntry.source_id, LedgerEntry.amount_fen)
        .where(
            (LedgerEntry.cooperative == world.cooperative_id)
            & (LedgerEntry.source_type == "harvest_lot")
        )
        .order_by(LedgerEntry.id)
    )
    assert [(c["source_id"], c["amount_fen"]) for c in credits] == [
        (lot["id"], fen) for lot, (_, _, _, fen) in zip(lots, DELIVERIES, strict=True)
    ]


async def test_three_weigh_ins_typed_offline_are_sent_once_when_the_signal_returns(
    new_page, world, server
):
    page = await new_page(Role.CLERK)
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    await record_three_offline(page)
    assert await lots_of(world) == []  # nothing reached the server yet
    await page.context.clear_cookies(name="coop_csrf")  # the browser was closed meanwhile

    await page.context.set_offline(False)  # the signal returns: the queue goes by itself
    await expect(page.get_by_test_id("waiting")).to_have_text("0")
    sent = page.locator("#queue > li[data-state=sent]")
    await expect(sent).to_have_count(3)
    for i in range(3):
        await expect(sent.nth(i).get_by_test_id("lot-code")).to_have_text(re.compile(r"\S{6,}"))
    await assert_exactly_the_three(world)
    await page.screenshot(path="/tmp/coop-offline-sent-zh.png", full_page=True)

    await page.reload()  # sent entries stay listed with their lot codes; nothing is resent
    await expect(page.locator("#queue > li[data-state=sent]")).to_have_count(3)
    await assert_exactly_the_three(world)
    assert hosts == {urlsplit(server).netloc}  # nothing loads from another host


async def test_answers_lost_after_the_server_committed_still_end_with_exactly_three(
    new_page, world
):
    page = await new_page(Role.CLERK)
    await record_three_offline(page)
    lost: list[str] = []

    async def lose_the_first_answer(route: Route) -> None:
        key = route.request.headers["idempotency-key"]
        if key in lost:
            await route.continue_()
            return
        lost.append(key)
        answer = await route.fetch()  # the server commits the lot ...
        assert answer.status == 201
        await route.abort("connectionreset")  # ... and the phone never hears of it

    await page.route("**/weigh/queue", lose_the_first_answer)
    await page.context.set_offline(False)
    for _ in range(12):
        if await page.get_by_test_id("waiting").inner_text() == "0":
            break
        await page.wait_for_timeout(300)
        if await page.locator("#send-now").is_visible():
            await page.locator("#send-now").click()
    await expect(page.get_by_test_id("waiting")).to_have_text("0")
    await expect(page.locator("#queue > li[data-state=sent]")).to_have_count(3)
    assert len(lost) == 3  # every first answer was lost
    await assert_exactly_the_three(world)


async def test_a_refused_entry_stays_with_its_reason_and_the_others_are_sent(new_page, world):
    page = await new_page(Role.CLERK)
    await record_three_offline(page)
    # meanwhile the office deactivates 阿依古丽's household
    await households.set_household_active(world.actors[Role.ADMIN], world.households["H2"], False)

    await page.context.set_offline(False)
    await expect(page.get_by_test_id("waiting")).to_have_text("0")
    await expect(page.locator("#queue > li[data-state=sent]")).to_have_count(2)
    refused = page.locator("#queue > li[data-state=refused]")
    await expect(refused).to_have_count(1)
    await expect(refused).to_contain_text("阿依古丽")
    await expect(refused.get_by_test_id("reason")).to_contain_text("已停用")
    await page.screenshot(path="/tmp/coop-offline-refused-zh.png", full_page=True)

    await page.reload()  # still there after a reload, until the clerk deals with it
    await expect(page.locator("#queue > li[data-state=refused]")).to_have_count(1)
    weights = [lot["weight_g"] for lot in await lots_of(world)]
    assert weights == [12500, 3250]

    await page.locator("#queue > li[data-state=refused]").get_by_role("button").click()
    await expect(page.locator("#queue > li[data-state=refused]")).to_have_count(0)
    await expect(page.locator("#queue > li[data-state=sent]")).to_have_count(2)


async def test_in_uyghur_the_offline_station_runs_right_to_left_and_fits_the_phone(new_page, world):
    page = await new_page(Role.CLERK)
    await page.get_by_role("button", name="ئۇيغۇرچە").click()
    await online_once(page)
    await page.context.set_offline(True)
    await page.goto("/weigh")
    await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    await page.fill("#q", "H1")
    await page.press("#q", "Enter")  # a code typed in full opens its form
    await page.fill("#weight", "12.5")
    await expect(page.get_by_test_id("net-state")).to_have_text("ئۇلانمىدى")
    await page.screenshot(path="/tmp/coop-offline-form-ug.png", full_page=True)
    await page.get_by_role("button", name="تارازا خاتىرىسىنى ساقلاش").click()
    await expect(page.get_by_test_id("receipt")).to_contain_text("يوللاشنى كۈتۈۋاتىدۇ")
    await expect(page.get_by_test_id("waiting")).to_have_text("1")
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    await page.screenshot(path="/tmp/coop-offline-receipt-ug.png", full_page=True)


async def test_a_grower_records_her_harvest_offline_and_it_is_sent_once_later(new_page, world):
    page = await new_page(Role.MEMBER)
    await expect(page).to_have_url(re.compile(r"/me$"))
    await expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    await page.context.set_offline(True)
    await page.goto("/me")  # the page as last seen, from the cache
    await page.fill("#weight", "8.4")
    await page.get_by_role("button", name="登记", exact=True).click()
    waiting = page.locator("#queue > li[data-state=waiting]")
    await expect(waiting).to_have_count(1)
    await expect(waiting).to_contain_text("8.4")
    await expect(page.get_by_test_id("waiting")).to_have_text("1")
    await page.screenshot(path="/tmp/coop-offline-grower-zh.png", full_page=True)

    await page.context.set_offline(False)
    await expect(page.get_by_test_id("waiting")).to_have_text("0")
    await expect(page.locator("#queue > li[data-state=sent]")).to_have_count(1)
    records = await GrowerRecord.select(GrowerRecord.weight_g).where(
        GrowerRecord.household == world.households["H1"]
    )
    assert records == [{"weight_g": 8400}]
    await page.goto("/me")
    await expect(page.locator("[data-record]").first).to_contain_text("8.4")


async def test_saving_the_normal_weigh_form_as_the_signal_drops_keeps_the_entry(new_page, world):
    """The reported failure: 保存过磅 with the network off showed the browser's own error page and
    the typed weigh-in was gone."""
    page = await new_page(Role.CLERK)
    household = world.households["H1"]
    await page.goto(f"/weigh/{household}")  # the server's own form, opened online
    await expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")
    await page.fill("#weight", "12.5")
    await expect(page.get_by_test_id("amount")).to_contain_text("125.00")
    await page.context.set_offline(True)
    await page.get_by_role("button", name="保存过磅").click()
    await expect(page).to_have_url(re.compile(r"/weigh/offline#receipt="))
    receipt = page.get_by_test_id("receipt")
    await expect(receipt).to_contain_text("待上传")
    await expect(receipt).to_contain_text("125.00")
    await expect(receipt).to_contain_text("王建国")

    await page.context.set_offline(False)
    await expect(receipt).to_contain_text("已上传")
    await expect(page.locator("#r-lot")).to_have_text(re.compile(r"\S{6,}"))
    lots = await lots_of(world)
    assert [lot["weight_g"] for lot in lots] == [12500]
