"""The issue's browser stories at 360 x 740 in Chromium, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from browser.conftest import open_menu, scroll_width, sign_in
from coop.domain.actors import Role
from coop.tables import HarvestLot

pytestmark = pytest.mark.browser

ARABIC = re.compile(r"[\u0600-\u06FF]")


async def no_sideways_scroll(page: Page) -> None:
    assert await scroll_width(page) <= 360, page.url


async def test_a_clerk_weighs_12_5_kg_sees_125_yuan_corrects_to_12_kg_and_the_statement_shows_120(
    new_page, world
):
    page = await new_page(Role.CLERK)
    await expect(page).to_have_url(re.compile(r"/weigh$"))
    await no_sideways_scroll(page)

    await page.fill("#q", "王建国")  # found as you type (htmx)
    household = world.households["H1"]
    result = page.locator(f'#results a[href="/weigh/{household}"]')
    await expect(result).to_be_visible()
    await result.click()
    await expect(page).to_have_url(re.compile(rf"/weigh/{household}$"))

    await expect(page.locator("#price")).to_have_value("10.00")  # the posted price
    await page.fill("#weight", "12.5")
    await page.fill("#price", "10.00")
    await expect(page.get_by_test_id("amount")).to_contain_text("125.00")
    await no_sideways_scroll(page)
    await page.screenshot(path="/tmp/coop-weigh-zh.png", full_page=True)

    await page.get_by_role("button", name="保存过磅").click()
    await expect(page).to_have_url(re.compile(r"/receipts/\d+\?saved=1$"))
    await expect(page.locator(".receipt")).to_contain_text("125.00")
    await expect(page.locator(".receipt")).to_contain_text("12.5")
    await no_sideways_scroll(page)

    await page.goto("/weigh")
    await page.get_by_role("link", name="更正").first.click()
    await page.fill("#reason", "秤没归零")
    await page.fill("#weight", "12.0")
    await page.get_by_role("button", name="保存更正").click()
    await expect(page).to_have_url(re.compile(r"/weigh\?done="))

    await page.goto(f"/households/{household}/statement")
    await expect(page.get_by_test_id("income")).to_contain_text("120.00")
    entries = page.locator("[data-testid=entries] > li")
    await expect(entries).to_have_count(3)
    kinds = [await entries.nth(i).get_attribute("data-kind") for i in range(3)]
    assert kinds == ["fruit_purchase", "reversal", "fruit_purchase"]
    await expect(entries.nth(0)).to_contain_text("125.00")
    await expect(entries.nth(1)).to_contain_text("-125.00")
    await expect(entries.nth(1)).to_contain_text("秤没归零")
    await expect(entries.nth(2)).to_contain_text("120.00")
    await no_sideways_scroll(page)
    await page.screenshot(path="/tmp/coop-statement-zh.png", full_page=True)


async def test_a_grower_records_8_4_kg_a_clerk_confirms_8_2_kg_and_the_grower_sees_it(
    new_page, world
):
    grower = await new_page(Role.MEMBER)
    await expect(grower).to_have_url(re.compile(r"/me$"))
    await grower.fill("#weight", "8.4")
    await grower.get_by_role("button", name="登记", exact=True).click()
    await expect(grower).to_have_url(re.compile(r"/me\?saved=1$"))
    record = grower.locator("[data-record]").first
    await expect(record).to_contain_text("8.4")
    await expect(record).to_contain_text("待过磅确认")

    clerk = await new_page(Role.CLERK)
    pending = clerk.locator("li[id^=record-]").filter(has_text="王建国")
    await expect(pending).to_have_count(1)
    await pending.locator("input[name=weight]").fill("8.2")
    await pending.locator("input[name=reason]").fill("带了筐，扣皮")
    await pending.get_by_role("button", name="按此重量确认").click()
    await expect(clerk).to_have_url(re.compile(r"/weigh\?done="))
    await expect(clerk.locator("li[id^=record-]")).to_have_count(0)

    await grower.goto("/me")
    record = grower.locator("[data-record]").first
    await expect(record).to_contain_text("已确认")
    await expect(record).to_contain_text("8.2")
    await expect(record).to_contain_text("带了筐")
    await no_sideways_scroll(grower)


async def test_in_uyghur_pages_run_right_to_left_in_arabic_script_and_never_scroll_sideways(
    new_page, world
):
    page = await new_page(Role.CLERK)
    await page.get_by_role("button", name="ئۇيغۇرچە").click()
    await expect(page.locator("html")).to_have_attribute("dir", "rtl")
    await expect(page.locator("html")).to_have_attribute("lang", "ug")
    household = world.households["H1"]

    await page.goto(f"/weigh/{household}")
    await page.fill("#weight", "12.5")
    await expect(page.get_by_test_id("amount")).to_contain_text("125.00")
    await page.get_by_role("button", name="تارازا خاتىرىسىنى ساقلاش").click()
    await expect(page).to_have_url(re.compile(r"/receipts/\d+"))
    receipt = page.url

    visited = ["/weigh", f"/weigh/{household}", receipt, f"/households/{household}/statement"]
    for path in visited:
        await page.goto(path)
        assert await page.get_attribute("html", "dir") == "rtl", path
        assert await page.get_attribute("html", "lang") == "ug", path
        heading = await page.locator("h1").first.inner_text()
        nav = await page.locator(".nav").text_content() or ""
        assert ARABIC.search(heading) or ARABIC.search(nav), path
        assert not re.search(r"[\u4e00-\u9fff]", nav), "the navigation is still Chinese"
        await no_sideways_scroll(page)
        name = path.strip("/").replace("/", "-").split("?")[0] or "home"
        await page.screenshot(path=f"/tmp/coop-ug-{name.split(':')[-1][-30:]}.png", full_page=True)
    await assert_arabic_font(page)

    grower = await new_page(Role.MEMBER)
    await grower.get_by_role("button", name="ئۇيغۇرچە").click()
    for path in ("/me", f"/households/{household}/statement"):
        await grower.goto(path)
        assert await grower.get_attribute("html", "dir") == "rtl"
        await no_sideways_scroll(grower)
    await grower.screenshot(path="/tmp/coop-ug-grower.png", full_page=True)

    admin = await new_page(Role.ADMIN)
    await admin.get_by_role("button", name="ئۇيغۇرچە").click()
    for path in ("/households", "/households/new", f"/households/{household}/edit"):
        await admin.goto(path)
        assert await admin.get_attribute("html", "dir") == "rtl", path
        assert ARABIC.search(await admin.locator("h1").inner_text()), path
        await no_sideways_scroll(admin)
    await admin.screenshot(path="/tmp/coop-ug-household-edit.png", full_page=True)

    # signed out, the sign-in page stays in Uyghur (the language cookie)
    await open_menu(admin)
    await admin.get_by_role("button", name="چىقىش").click()
    await expect(admin).to_have_url(re.compile(r"/sign-in"))
    assert await admin.get_attribute("html", "dir") == "rtl"
    await expect(admin.locator("h1")).to_have_text("كىرىش")
    await no_sideways_scroll(admin)


async def assert_arabic_font(page: Page) -> None:
    """Chromium shapes Uyghur with a named Arabic-script font, not a DejaVu fallback."""
    await open_menu(page)  # the menu's links drawn (on a phone they are folded away)
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("DOM.enable")
    await cdp.send("CSS.enable")
    root = await cdp.send("DOM.getDocument")
    node = await cdp.send(
        "DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": ".nav a"}
    )
    fonts = await cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    families = {font["familyName"] for font in fonts["fonts"]}
    assert families & {"Noto Naskh Arabic", "UKIJ Tuz", "Noto Sans Arabic"}, families
    assert not any("DejaVu" in family for family in families), families


async def test_a_form_without_its_csrf_token_is_refused(new_page, world):
    page = await new_page(Role.CLERK)
    household = world.households["H1"]
    await page.goto(f"/weigh/{household}")
    await page.fill("#weight", "12.5")
    await page.evaluate("document.querySelector('main form [name=_csrf_token]').remove()")
    async with page.expect_response(lambda r: r.request.method == "POST") as posted:
        await page.get_by_role("button", name="保存过磅").click()
    assert (await posted.value).status == 403
    await expect(page.locator("h1")).to_have_text("无权访问")
    await expect(page.locator("main")).to_contain_text("表单已失效")
    assert await HarvestLot.count().where(HarvestLot.household == household) == 0


async def test_a_member_gets_a_clear_refusal_for_another_households_statement(new_page, world):
    page = await new_page(Role.MEMBER)
    response = await page.goto(f"/households/{world.households['H2']}/statement")
    assert response is not None and response.status == 403
    await expect(page.locator("main")).to_contain_text("您只能查看自己家的记录")
    await no_sideways_scroll(page)


async def test_a_clerk_cannot_open_household_management(new_page, world):
    page = await new_page(Role.CLERK)
    response = await page.goto("/households")
    assert response is not None and response.status == 403
    await expect(page.locator("h1")).to_have_text("无权访问")


async def test_signing_in_with_a_wrong_password_says_so(new_page, world):
    page = await new_page()
    await sign_in(page, world.phones[Role.CLERK], "wrong password")
    await expect(page.get_by_role("alert")).to_contain_text("手机号或密码错误")
    await no_sideways_scroll(page)


def pdf_pages(pdf: bytes) -> list[tuple[float, float]]:
    """Each page's size in points, read from the PDF's MediaBox entries."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(float(width), float(height)) for width, height in boxes]


async def test_a_receipt_prints_on_one_80_mm_roll_page_or_one_a4_page(new_page, world):
    page = await new_page(Role.CLERK)
    household = world.households["H1"]
    await page.goto(f"/weigh/{household}")
    await page.fill("#weight", "12.5")
    await page.get_by_role("button", name="保存过磅").click()
    await expect(page).to_have_url(re.compile(r"/receipts/\d+"))
    receipt = page.url.split("?")[0]
    for paper, width_mm in (("80mm", 80), ("a4", 210)):
        await page.goto(f"{receipt}?paper={paper}")
        for text in ("125.00", "12.5", "王建国", "H1", "收购批号", "过磅员"):
            await expect(page.locator(".receipt")).to_contain_text(text)
        pages = pdf_pages(await page.pdf(prefer_css_page_size=True))
        assert len(pages) == 1, (paper, pages)
        assert abs(pages[0][0] * 25.4 / 72 - width_mm) < 1, (paper, pages)


async def test_without_javascript_the_clerk_finds_previews_and_saves_a_weigh_in(new_page, world):
    page = await new_page(Role.CLERK, javascript=False)
    await page.fill("#q", "H1")
    await page.get_by_role("button", name="查找").click()  # one match: its weigh form opens
    await expect(page).to_have_url(re.compile(rf"/weigh/{world.households['H1']}$"))
    await page.fill("#weight", "25斤")
    await page.get_by_role("button", name="计算金额").click()
    await expect(page.get_by_test_id("amount")).to_contain_text("125.00")
    await page.get_by_role("button", name="保存过磅").click()
    await expect(page).to_have_url(re.compile(r"/receipts/\d+\?saved=1$"))
    await expect(page.locator(".receipt")).to_contain_text("125.00")
