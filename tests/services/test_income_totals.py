"""The totals the database keeps (income_total, income_day) always equal the ledger's own sums."""

from collections import defaultdict
from datetime import date

from support_ledger import on, processing_fee, weigh_in
from support_old_schema import migrated_up_to, old_world

from coop import db
from coop.db import dialect, insert
from coop.domain.actors import Role
from coop.domain.lots import LotKind, new_lot_code
from coop.services import income_queries as q
from coop.services import payouts
from coop.services.income import fetch
from coop.services.income_views import as_day
from coop.services.weighin_corrections import correct_weighin
from coop.tables import HarvestLot, LedgerEntry


def summed(rows: list[dict]) -> dict[tuple, tuple[int, int]]:
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        key = (row["season"], row["household"], row["kind"])
        totals[key][0] += int(row["fen"])
        totals[key][1] += int(row["weight_g"])
    return {key: (fen, weight) for key, (fen, weight) in totals.items() if fen or weight}


async def test_totals_follow_weigh_ins_corrections_fees_and_payouts(world):
    await weigh_in(world, "H1", 12_500, 1000, date(2025, 8, 1))
    lot = await weigh_in(world, "H1", 30_000, 1000, date(2026, 7, 1))
    voided = await weigh_in(world, "H2", 8_000, 1100, date(2026, 7, 2))
    await correct_weighin(world.actors[Role.CLERK], lot, 29_000, "秤没归零")
    await correct_weighin(world.actors[Role.CLERK], voided, None, "重复录入", void=True)
    await processing_fee(world, "P1", 20000, date(2026, 7, 3))
    await payouts.record_payout(world.actors[Role.ADMIN], world.households["H1"], 5000, "cash")

    seasons = (2025, 2026)
    kept = summed(
        await LedgerEntry.raw(
            "SELECT season, household, kind, amount_fen AS fen, weight_g FROM income_total"
            " WHERE cooperative = {}",
            world.cooperative_id,
        )
    )
    assert kept == summed(await fetch(q.village_totals_from_ledger(world.cooperative_id, seasons)))
    h1, h2 = world.households["H1"], world.households["H2"]
    assert kept[(2026, h1, "fruit_purchase")] == (29000, 29_000)  # the reversal counts against it
    assert (2026, h2, "fruit_purchase") not in kept  # voided: no income, no weight
    assert kept[(2026, h1, "payout")] == (-5000, 0)

    days = day_sums(await fetch(q.village_days(world.cooperative_id, 2026)))
    assert sum(days.values()) == 29000 + 20000
    by_household = [
        day_sums(await fetch(q.household_days(household, 2026, dialect())))
        for household in world.households.values()
    ]
    assert days == {day: sum(h.get(day, 0) for h in by_household) for day in days}
    assert days[date(2026, 7, 1)] == 29000  # the corrected lot on the day it was delivered


def day_sums(rows: list[dict]) -> dict[date, int]:
    totals: dict[date, int] = defaultdict(int)
    for row in rows:
        totals[as_day(row["day"])] += int(row["fen"])
    return {day: fen for day, fen in totals.items() if fen}


BEFORE_COUNTED_DAYS = "2026-12-02T19:18:30:000000"  # the last migration before days were counted


async def test_the_upgrade_recounts_each_day_with_corrections_on_the_day_they_correct(
    database_url, engine, tmp_path
):
    async with migrated_up_to(BEFORE_COUNTED_DAYS, database_url, engine, tmp_path) as old:
        world = await old_world()
        clerk, h1 = world.actors[Role.CLERK], world.households["H1"]
        july_1, july_2 = on(date(2026, 7, 1)), on(date(2026, 7, 2))

        async def lot(amount_fen: int, at, replaces: int | None = None) -> int:
            code = new_lot_code(LotKind.HARVEST, 2026)
            return await insert(
                HarvestLot, cooperative=world.cooperative_id, code=code, household=h1,
                product=world.fruit_id, season=2026, weight_g=amount_fen, remaining_g=amount_fen,
                grade="", price_fen_per_kg=1000, amount_fen=amount_fen, status="open",
                replaces=replaces, weighed_by=clerk.user_id, weighed_at=at,
                picked_on=date(2026, 7, 1),
            )  # fmt: skip

        async def entry(kind: str, fen: int, lot_id: int, at, reverses: int | None = None) -> int:
            return await insert(
                LedgerEntry, cooperative=world.cooperative_id, household=h1, season=2026,
                kind=kind, amount_fen=fen, source_type="harvest_lot", source_id=lot_id,
                reverses=reverses, reason="", created_by=clerk.user_id, created_at=at,
            )  # fmt: skip

        mistyped = await lot(1_500_000, july_1)
        credit = await entry("fruit_purchase", 1_500_000, mistyped, july_1)
        await entry("reversal", -1_500_000, mistyped, july_2, reverses=credit)
        await entry("fruit_purchase", 15000, await lot(15000, july_2, mistyped), july_2)
        days = q.village_days(world.cooperative_id, 2026)
        assert day_sums(await fetch(days)) == {
            date(2026, 7, 1): 1_500_000,
            date(2026, 7, 2): -1_485_000,
        }

        await db.migrate(old)

        assert day_sums(await fetch(days)) == {date(2026, 7, 1): 15000}
