"""Each role through httpx on SQLite and PostgreSQL: its start page, its menu, only the actions it
may take, refusal pages that keep the menu and what was typed, holds shown by a lot's state."""

from __future__ import annotations

import re

import pytest
from support_trace_chain import build_chain, cook, weigh

from coop.domain.actors import Role
from coop.tables import Batch, HarvestLot, Order
from web.conftest import csrf_of, post_form, sign_in

START = {
    Role.ADMIN: "/overview",
    Role.CLERK: "/weigh",
    Role.WORK_TEAM: "/income",
    Role.PROCESSOR: "/batches",
    Role.MEMBER: "/me",
}
NAV = re.compile(r'<nav class="nav">(.*?)</nav>', re.S)


def menu_links(html: str) -> list[str]:
    found = NAV.search(html)
    return re.findall(r'href="([^"]+)"', found.group(1)) if found else []


@pytest.mark.parametrize("role", list(Role))
async def test_each_role_lands_on_its_own_main_page_after_signing_in_and_at_the_root(
    visitor, world, role
):
    client = await visitor()
    signed = await sign_in(client, world.phones[role])
    assert signed.headers["location"] == START[role]
    assert (await client.get("/")).headers["location"] == START[role]
    home = await client.get(START[role])
    assert home.status_code == 200, home.text
    assert re.search(rf'href="{START[role]}" aria-current="page"', home.text)


async def test_the_work_team_sees_no_weigh_or_correct_actions_and_lands_on_the_income_review(
    visitor, world
):
    lot = await weigh(world, "H1", 12_500)
    batch = await cook(world, [(lot.lot_code, 4_000)], jars=5)
    team = await visitor()
    signed = await sign_in(team, world.phones[Role.WORK_TEAM])
    assert signed.headers["location"] == "/income"
    landing = await team.get("/income")
    assert "增收情况" in landing.text
    menu = menu_links(landing.text)
    assert "/income" in menu and "/trace" in menu and "/weigh" not in menu
    pages = [
        *menu,
        f"/receipts/{lot.id}",
        f"/batches/{batch.id}",
        f"/trace/forward?q={lot.lot_code}",
    ]
    for path in pages:
        page = await team.get(path)
        assert page.status_code == 200, path
        assert not re.search(r'(href|action)="/weigh', page.text), path
        assert not re.search(r'(href|action)="[^"]*/correct"|>\s*更正\s*<', page.text), path
        assert "下一户" not in page.text, path  # the receipt's "next household"
    for path in ("/weigh", f"/weigh/{world.households['H1']}", f"/weigh/lots/{lot.id}/correct"):
        refused = await team.get(path)
        assert refused.status_code == 403, path
        assert "/income" in menu_links(refused.text), path  # still inside the app, with its menu


async def test_the_clerk_still_weighs_and_corrects(visitor, world):
    lot = await weigh(world, "H1", 12_500)
    clerk = await visitor(Role.CLERK)
    station = await clerk.get("/weigh")
    assert f'href="/weigh/lots/{lot.id}/correct"' in station.text
    assert "/weigh" in menu_links(station.text) and "/income" not in menu_links(station.text)
    assert (await clerk.get(f"/weigh/lots/{lot.id}/correct")).status_code == 200


async def test_a_refusal_page_keeps_the_menu_a_way_back_and_what_was_typed(visitor, world):
    lot = await weigh(world, "H1", 12_500)
    member = await visitor(Role.MEMBER)
    refused = await member.get("/trace", headers={"referer": "http://testserver/me"})
    assert refused.status_code == 403
    assert "/me" in menu_links(refused.text)
    assert 'href="/me"' in refused.text.split("</nav>", 1)[1]  # "Back" to where it came from
    assert "返回首页" in refused.text

    team = await visitor(Role.WORK_TEAM)
    token = csrf_of(await team.get("/income"))
    typed = {"weight": "13.5", "reason": "秤没归零，重称", "key": "k-1", "_csrf_token": token}
    posted = await team.post(f"/weigh/lots/{lot.id}/correct", data=typed)
    assert posted.status_code == 403
    assert "/income" in menu_links(posted.text)
    shown = posted.text.split('data-testid="typed"', 1)[1].split("</div>", 1)[0]
    assert "13.5" in shown and "秤没归零，重称" in shown
    assert token not in shown and "k-1" not in shown  # what was typed, not the form's tokens
    row = await HarvestLot.select(HarvestLot.status).where(HarvestLot.id == lot.id).first()
    assert row == {"status": "open"}


def forms(html: str) -> set[str]:
    return set(re.findall(r'action="(/trace/(?:hold|release|recalls))"', html))


async def test_hold_and_release_show_by_state_and_a_hold_says_what_it_stopped(visitor, world):
    chain = await build_chain(world)
    clerk = await visitor(Role.CLERK)
    page = f"/trace/forward?q={chain.lot}"
    before = await clerk.get(page)
    assert forms(before.text) == {"/trace/hold", "/trace/recalls"}
    assert 'name="reason" required' in before.text

    no_reason = await post_form(clerk, page, "/trace/hold", {"lot_code": chain.lot, "reason": ""})
    assert no_reason.status_code == 422
    assert (
        await HarvestLot.count().where(
            (HarvestLot.status == "held") & (HarvestLot.cooperative == world.cooperative_id)
        )
        == 0
    )

    held = await post_form(clerk, page, "/trace/hold", {"lot_code": chain.lot, "reason": "霉变"})
    assert held.status_code == 303
    after = await clerk.get(held.headers["location"])
    text = re.sub(r"\s+", " ", after.text)
    assert f"收购批号 {chain.lot} 已暂停销售" in text
    assert "用它加工的 2 个批次一并暂停，库存共 43 瓶" in text  # 28 + 20 jars, 2 + 3 sold
    assert "有 3 个尚未装箱的订单用到了它" in text  # two of jars, a box of its fruit
    assert forms(after.text) == {"/trace/release", "/trace/recalls"}

    released = await post_form(clerk, page, "/trace/release", {"lot_code": chain.lot})
    assert released.status_code == 303
    again = await clerk.get(released.headers["location"])
    assert f"{chain.lot} 已恢复销售" in again.text
    assert forms(again.text) == {"/trace/hold", "/trace/recalls"}
    assert (
        await Batch.count().where(
            (Batch.status == "held") & (Batch.cooperative == world.cooperative_id)
        )
        == 0
    )


async def test_a_held_batch_offers_release_only_and_a_corrected_one_nothing(visitor, world):
    chain = await build_chain(world)
    clerk = await visitor(Role.CLERK)
    code = chain.two.code
    held = await post_form(
        clerk, f"/trace/backward?q={code}", "/trace/hold", {"lot_code": code, "reason": "胀罐"}
    )
    text = re.sub(r"\s+", " ", (await clerk.get(held.headers["location"])).text)
    assert f"加工批次 {code} 已暂停销售" in text and "库存中的 17 瓶暂不出售" in text
    back = await clerk.get(f"/trace/backward?q={code}")
    assert forms(back.text) == {"/trace/release", "/trace/recalls"}
    await Batch.update({Batch.status: "corrected"}).where(Batch.id == chain.three.id)
    corrected = await clerk.get(f"/trace/backward?q={chain.three.code}")
    assert forms(corrected.text) == set()
    assert "当前状态下既不能暂停也不能恢复销售" in corrected.text


async def test_the_admin_overview_counts_todays_weighing_and_waiting_work(visitor, world):
    chain = await build_chain(world)
    await Order.update({Order.status: "paid"}).where(Order.id == min(chain.traced_orders))
    await HarvestLot.update({HarvestLot.status: "held"}).where(HarvestLot.code == chain.other)
    admin = await visitor(Role.ADMIN)
    page = await admin.get("/overview")
    assert page.status_code == 200
    tile = re.compile(r'data-testid="([a-z-]+)">\s*<span class="label">[^<]*</span>\s*'
                      r'<span class="value"><bdi class="num">(\d+)</bdi>')  # fmt: skip
    counts = dict(tile.findall(page.text))
    assert counts["weighins-today"] == "3" and counts["orders-to-pack"] == "1"
    assert counts["on-hold"] == "1" and counts["batches-making"] == "0"
    assert '<bdi class="num">15</bdi>&nbsp;公斤' in page.text  # 10 + 3 + 2 kg weighed today
    assert 'href="/orders?status=paid"' in page.text
    assert (await (await visitor(Role.CLERK)).get("/overview")).status_code == 403
