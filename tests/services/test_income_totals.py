"""The totals the database keeps (income_total, income_day) always equal the ledger's own sums."""

from collections import defaultdict
from datetime import date

from support_ledger import processing_fee, weigh_in

from coop.domain.actors import Role
from coop.services import income_queries as q
from coop.services import payouts
from coop.services.income import fetch
from coop.services.weighin_corrections import correct_weighin
from coop.tables import LedgerEntry


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

    days = {
        as_row["day"]: int(as_row["fen"])
        for as_row in await fetch(q.village_days(world.cooperative_id, 2026))
    }
    assert sum(days.values()) == 29000 + 20000
