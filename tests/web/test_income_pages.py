"""Income pages through httpx on SQLite and PostgreSQL: whose review, who pays, languages."""

from __future__ import annotations

from datetime import date

import pytest
from support_ledger import processing_fee, weigh_in

from coop.domain.actors import Role
from coop.services import payouts
from web.conftest import csrf_of, post_form


async def hand_checked_season(world) -> None:
    """H1: 60 kg at 10.00 yuan/kg and 200.00 yuan of processing fees, 800.00 yuan owed."""
    await weigh_in(world, "H1", 30_000, 1000, date(2026, 7, 1))
    await processing_fee(world, "H1", 20000, date(2026, 7, 4))
    await weigh_in(world, "H1", 30_000, 1000, date(2026, 7, 8))


async def test_a_member_sees_its_own_review_and_is_refused_another_households(visitor, world):
    await hand_checked_season(world)
    member = await visitor(Role.MEMBER)  # linked to H1
    home = await member.get("/me")
    assert f'href="/income/households/{world.households["H1"]}">我的增收情况</a>' in home.text
    own = await member.get(f"/income/households/{world.households['H1']}?season=2026")
    assert own.status_code == 200, own.text[-800:]
    assert "800.00" in own.text and "+60.0%" in own.text and "2026-07-08" in own.text
    assert "<svg" in own.text and "size: A4" in own.text  # printable on A4
    other = await member.get(f"/income/households/{world.households['H2']}?season=2026")
    assert other.status_code == 403
    assert "无权访问" in other.text and "800.00" not in other.text
    assert (await member.get("/income?season=2026")).status_code == 403
    assert (await member.get("/income/export.xlsx?season=2026")).status_code == 403


async def test_the_work_team_sees_the_village_and_balances_but_cannot_pay(visitor, world):
    await hand_checked_season(world)
    team = await visitor(Role.WORK_TEAM)
    review = await team.get("/income?season=2026")
    assert review.status_code == 200
    assert "800.00" in review.text and review.text.count("<svg") == 3
    assert f'href="/income/households/{world.households["H1"]}?season=2026"' in review.text
    listing = await team.get("/payouts")
    assert listing.status_code == 200
    assert "800.00" in listing.text and 'action="/payouts"' not in listing.text
    forced = await team.post(
        "/payouts",
        data={
            "_csrf_token": csrf_of(listing),
            "household_id": str(world.households["H1"]),
            "amount": "1",
            "method": "cash",
        },
    )
    assert forced.status_code == 403
    assert await payouts.balance_of(world.households["H1"]) == 80000


async def test_a_payout_above_the_balance_is_refused_with_the_reason_and_nothing_paid(
    visitor, world
):
    await hand_checked_season(world)
    admin = await visitor(Role.ADMIN)
    h1 = str(world.households["H1"])
    above = await post_form(
        admin, "/payouts", "/payouts", {"household_id": h1, "amount": "800.01", "method": "cash"}
    )
    assert above.status_code == 409
    assert "付款 800.01 元超过应付余额 800.00 元。" in above.text
    assert await payouts.balance_of(world.households["H1"]) == 80000
    paid = await post_form(
        admin,
        "/payouts",
        "/payouts",
        {"household_id": h1, "amount": "￥500元", "method": "wechat", "reference": "4200009"},
    )
    assert paid.status_code == 303 and paid.headers["location"] == "/payouts?done=H1"
    assert await payouts.balance_of(world.households["H1"]) == 30000
    shown = await admin.get("/payouts?done=H1")
    assert "4200009" in shown.text and "300.00" in shown.text


async def test_the_review_downloads_as_csv_with_a_row_per_household(visitor, world):
    await hand_checked_season(world)
    team = await visitor(Role.WORK_TEAM)
    csv = await team.get("/income/export.csv?season=2026")
    assert csv.status_code == 200
    assert 'filename="income-2026.csv"' in csv.headers["content-disposition"]
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["H1", "H2", "P1"]


@pytest.mark.parametrize("locale", ["zh_CN", "ug", "en"])
async def test_the_income_pages_render_in_each_language(visitor, world, locale):
    await hand_checked_season(world)
    words = {"zh_CN": "增收情况", "ug": "كىرىم ئەھۋالى", "en": "Income review"}[locale]  # the nav
    client = await visitor(Role.ADMIN)
    chosen = await post_form(client, "/payouts", "/language", {"locale": locale})
    assert chosen.status_code == 303
    for path in (
        "/income?season=2026",
        f"/income/households/{world.households['H1']}?season=2026",
        "/payouts",
        "/members?season=2026",
        "/surplus?season=2026",
        "/income/summary?season=2026",
    ):
        page = await client.get(path)
        assert page.status_code == 200, (path, page.text[-800:])
        assert words in page.text, path
        if locale == "ug":
            assert 'dir="rtl"' in page.text
