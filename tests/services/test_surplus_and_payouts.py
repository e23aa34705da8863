"""Surplus return and payouts: exact sums, posted once, never above the balance, both databases."""

import asyncio
from datetime import date

import pytest
from support_ledger import weigh_in

from coop.domain.actors import Role
from coop.domain.errors import Conflict, Forbidden, InvalidInput
from coop.services import members, payouts, surplus
from coop.tables import Household, LedgerEntry, SurplusReturn

TERMS = surplus.Terms(season=2026, surplus_fen=100001, reserve_percent=0, volume_share_percent=100)


async def three_members_with_equal_volumes(world) -> None:
    for code in ("H1", "H2", "P1"):
        await weigh_in(world, code, 10_000, 1000, date(2026, 7, 1))


async def surplus_entries(world) -> list[dict]:
    return await LedgerEntry.select(LedgerEntry.household, LedgerEntry.amount_fen).where(
        (LedgerEntry.cooperative == world.cooperative_id) & (LedgerEntry.kind == "surplus_return")
    )


async def test_1000_01_yuan_across_three_equal_members_sums_exactly_to_100001_fen(world):
    await three_members_with_equal_volumes(world)
    preview = await surplus.preview(world.actors[Role.WORK_TEAM], TERMS)
    assert preview.status == "preview"
    assert sum(r.total_fen for r in preview.returns) == preview.returned_fen == 100001
    assert sorted(r.total_fen for r in preview.returns) == [33333, 33334, 33334]
    assert await surplus_entries(world) == []  # a preview writes nothing


async def test_confirming_twice_posts_once_and_returns_the_same_result(world):
    await three_members_with_equal_volumes(world)
    admin = world.actors[Role.ADMIN]
    first = await surplus.confirm(admin, TERMS)
    second = await surplus.confirm(admin, TERMS)
    assert first == second
    assert first.status == "posted"
    entries = await surplus_entries(world)
    assert sum(e["amount_fen"] for e in entries) == 100001
    assert len(entries) == 3
    with pytest.raises(Conflict):
        await surplus.confirm(admin, surplus.Terms(2026, 50000, 0, 100))


async def test_two_concurrent_confirmations_post_once(world):
    await three_members_with_equal_volumes(world)
    admin = world.actors[Role.ADMIN]
    first, second = await asyncio.gather(
        surplus.confirm(admin, TERMS), surplus.confirm(admin, TERMS)
    )
    assert first == second
    assert sum(e["amount_fen"] for e in await surplus_entries(world)) == 100001
    assert await SurplusReturn.count().where(SurplusReturn.cooperative == world.cooperative_id) == 1


async def test_59_percent_by_volume_is_refused_and_nothing_is_posted(world):
    await three_members_with_equal_volumes(world)
    with pytest.raises(InvalidInput) as refused:
        await surplus.confirm(world.actors[Role.ADMIN], surplus.Terms(2026, 100001, 0, 59))
    assert refused.value.code == "volume_share_below_legal_minimum"
    assert await surplus_entries(world) == []


async def test_the_rest_is_returned_by_capital_and_reserve_shares_and_non_members_get_nothing(
    world,
):
    await three_members_with_equal_volumes(world)
    await Household.update({Household.is_member: False}).where(
        Household.id == world.households["P1"]
    )
    admin = world.actors[Role.ADMIN]
    await members.record_share(admin, world.households["H1"], 2026, "capital", 30000, "入股")
    await members.record_share(admin, world.households["H2"], 2026, "reserve", 10000)
    with pytest.raises(InvalidInput):
        await members.record_share(admin, world.households["P1"], 2026, "capital", 100)
    posted = await surplus.confirm(admin, surplus.Terms(2026, 100000, 10, 60))
    by_code = {r.household_code: r for r in posted.returns}
    assert set(by_code) == {"H1", "H2"}
    assert posted.reserve_fen == 10000
    assert by_code["H1"].by_volume_fen == by_code["H2"].by_volume_fen == 27000  # 60% of 90000 / 2
    assert (by_code["H1"].by_shares_fen, by_code["H2"].by_shares_fen) == (27000, 9000)
    assert posted.reserve_fen + sum(r.total_fen for r in posted.returns) == 100000
    accounts = await members.accounts(world.actors[Role.MEMBER], 2026)
    assert [(a.household_code, a.capital_fen, a.volume_fen) for a in accounts] == [
        ("H1", 30000, 10000)
    ]


async def test_only_admins_post_payouts_and_never_above_the_balance(world):
    await weigh_in(world, "H1", 10_000, 1000, date(2026, 7, 1))  # owed 100.00
    household = world.households["H1"]
    for role in (Role.WORK_TEAM, Role.CLERK, Role.MEMBER):
        with pytest.raises(Forbidden):
            await payouts.record_payout(world.actors[role], household, 100, "cash")
    admin = world.actors[Role.ADMIN]
    with pytest.raises(Conflict) as refused:
        await payouts.record_payout(admin, household, 10001, "cash")
    assert refused.value.code == "payout_above_balance"
    paid = await payouts.record_payout(admin, household, 6000, "wechat", "4200001234")
    assert (paid.amount_fen, paid.method, paid.reference) == (6000, "wechat", "4200001234")
    assert (await payouts.balance(world.actors[Role.MEMBER], household)).balance_fen == 4000


async def test_two_concurrent_payouts_of_60_percent_of_the_balance_one_succeeds(world):
    await weigh_in(world, "H1", 10_000, 1000, date(2026, 7, 1))  # owed 100.00
    admin, household = world.actors[Role.ADMIN], world.households["H1"]
    results = await asyncio.gather(
        payouts.record_payout(admin, household, 6000, "cash"),
        payouts.record_payout(admin, household, 6000, "cash"),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["AboveBalance", "PayoutView"]
    assert (await payouts.balance(admin, household)).balance_fen == 4000


async def test_a_member_cannot_withdraw_more_capital_than_it_paid_in(world):
    admin, h1 = world.actors[Role.ADMIN], world.households["H1"]
    await members.record_share(admin, h1, 2026, "capital", 30000)
    with pytest.raises(Conflict) as refused:
        await members.record_share(admin, h1, 2026, "capital", -30001)
    assert refused.value.code == "share_overdrawn"
    await members.record_share(admin, h1, 2026, "capital", -30000)
    with pytest.raises(Conflict):  # reserve-fund shares are held apart from capital
        await members.record_share(admin, h1, 2026, "reserve", -1)
    assert [a.capital_fen for a in await members.accounts(admin, 2026) if a.household_id == h1] == [
        0
    ]


async def test_a_share_resent_with_its_key_is_recorded_once(world):
    admin, h1 = world.actors[Role.ADMIN], world.households["H1"]
    first = await members.record_share(admin, h1, 2026, "capital", 30000, "入股", "form-1")
    again = await members.record_share(admin, h1, 2026, "capital", 30000, "入股", "form-1")
    assert first == again
    assert len(await members.shares(admin, h1)) == 1
