"""Income review with hand-checked figures, on SQLite and on PostgreSQL."""

from datetime import date

import pytest
from support_ledger import on, processing_fee, weigh_in

from coop.db import write
from coop.domain.actors import Role
from coop.domain.errors import Forbidden
from coop.services import clock, income, ledger
from coop.services.weighin_corrections import correct_weighin
from coop.tables import LedgerEntry


async def test_60_kg_at_10_yuan_and_40_kg_processed_at_5_yuan_on_500_yuan_is_800_and_60_percent(
    world,
):
    await weigh_in(world, "H1", 30_000, 1000, date(2026, 7, 1))  # 300.00
    await processing_fee(world, "H1", 40 * 500, date(2026, 7, 4))  # 200.00: 500.00, not yet past
    await weigh_in(world, "H1", 30_000, 1000, date(2026, 7, 8))  # 800.00
    review = await income.household_review(
        world.actors[Role.WORK_TEAM], world.households["H1"], 2026
    )
    assert review.this_season.fruit_sales_fen == 60000
    assert review.this_season.processing_fees_fen == 20000
    assert review.this_season.income_fen == 80000  # 800.00 yuan
    assert review.baseline_income_fen == 50000
    assert (review.gain_fen, review.gain_percent) == (30000, "+60.0%")
    assert review.last_year_basis == "baseline"
    assert review.caught_up_on == date(2026, 7, 8)
    assert review.this_season.fruit_weight_g == 60_000
    assert [(d.day, d.cumulative_fen) for d in review.days] == [
        (date(2026, 7, 1), 30000),
        (date(2026, 7, 4), 50000),
        (date(2026, 7, 8), 80000),
    ]
    assert review.balance_fen == 80000


async def test_the_gain_over_last_season_splits_into_more_fruit_better_price_and_fees(world):
    await weigh_in(world, "H2", 50_000, 800, date(2025, 7, 2))  # 50 kg at 8.00 = 400.00
    lot = await weigh_in(world, "H2", 70_000, 1000, date(2026, 7, 2))
    await correct_weighin(world.actors[Role.CLERK], lot, 60_000, "秤没归零")  # reversed: 60 kg
    await processing_fee(world, "H2", 20000, date(2026, 7, 3))
    review = await income.household_review(world.actors[Role.ADMIN], world.households["H2"], 2026)
    assert review.previous_season.income_fen == 40000
    assert review.this_season.fruit_sales_fen == 60000  # the reversal counts against fruit sales
    assert review.this_season.fruit_weight_g == 60_000
    assert review.last_year_basis == "previous_season"
    assert (review.gain_fen, review.gain_percent) == (40000, "+100.0%")
    sources = review.gain_sources
    assert (sources.more_fruit_fen, sources.better_price_fen) == (8000, 12000)
    assert sources.processing_fees_fen == 20000
    assert review.gain_vs_baseline_fen == 30000


async def test_the_village_review_counts_households_past_their_baseline(world):
    await weigh_in(world, "H1", 60_000, 1000, date(2026, 7, 1))  # 600 > 500
    await weigh_in(world, "H2", 40_000, 1000, date(2026, 7, 1))  # 400 < 500
    review = await income.village_review(world.actors[Role.WORK_TEAM], 2026)
    assert review.this_season.income_fen == 100000
    assert (review.households_count, review.households_past_baseline) == (3, 1)
    assert review.income_quartiles is not None
    assert review.income_quartiles.median_fen == 40000  # 0, 400, 600: the 2nd of 3
    assert [row.household_code for row in review.households] == ["H1", "H2", "P1"]
    assert review.caught_up_on is None  # 1000.00 has not passed the baselines' 1500.00
    assert review.days[-1].cumulative_fen == 100000


async def test_a_member_sees_only_its_own_household_review(world):
    member = world.actors[Role.MEMBER]
    own = await income.household_review(member, world.households["H1"], 2026)
    assert own.household_code == "H1"
    with pytest.raises(Forbidden):
        await income.household_review(member, world.households["H2"], 2026)
    with pytest.raises(Forbidden):
        await income.village_review(member, 2026)
    with pytest.raises(Forbidden):
        await income.village_review(world.actors[Role.CLERK], 2026)


async def test_a_mistyped_weigh_in_corrected_the_next_day_leaves_no_caught_up_date(
    world, monkeypatch
):
    """H2 had no fruit last season: its baseline 500.00 is the total to catch up with; the
    village's is H1's 1000.00 of last season."""
    await weigh_in(world, "H1", 100_000, 1000, date(2025, 7, 1))  # the village's 1000.00
    mistyped = await weigh_in(world, "H2", 1_500_000, 1000, date(2026, 7, 1))  # 1500 kg, not 15
    next_day = on(date(2026, 7, 2))
    monkeypatch.setattr(clock, "now", lambda: next_day)
    await correct_weighin(world.actors[Role.CLERK], mistyped, 15_000, "多打了两个零")
    team, h2 = world.actors[Role.WORK_TEAM], world.households["H2"]

    household = await income.household_review(team, h2, 2026)
    village = await income.village_review(team, 2026)
    assert household.this_season.income_fen == village.this_season.income_fen == 15000
    assert household.caught_up_on is None and village.caught_up_on is None
    assert [(d.day, d.cumulative_fen) for d in household.days] == [(date(2026, 7, 1), 15000)]
    assert [(d.day, d.cumulative_fen) for d in village.days] == [(date(2026, 7, 1), 15000)]

    await weigh_in(world, "H2", 40_000, 1000, date(2026, 7, 10))  # 550.00: past its 500.00
    await weigh_in(world, "H1", 50_000, 1000, date(2026, 7, 12))  # village 1050.00: past 1000.00
    household = await income.household_review(team, h2, 2026)
    village = await income.village_review(team, 2026)
    assert household.caught_up_on == date(2026, 7, 10)
    assert village.caught_up_on == date(2026, 7, 12)


async def test_a_reversed_processing_fee_counts_on_the_fees_day(world, monkeypatch):
    await processing_fee(world, "H1", 60000, date(2026, 7, 3))  # 600.00 > the baseline 500.00
    fee = await LedgerEntry.select(LedgerEntry.id).where(
        LedgerEntry.household == world.households["H1"]
    )
    async with write():
        await ledger.reverse(
            world.actors[Role.ADMIN], fee[0]["id"], "算错", at=on(date(2026, 7, 9))
        )
    review = await income.household_review(world.actors[Role.ADMIN], world.households["H1"], 2026)
    assert review.caught_up_on is None
    assert [(d.day, d.income_fen) for d in review.days] == [(date(2026, 7, 3), 0)]
