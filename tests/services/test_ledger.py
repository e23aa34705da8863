"""The ledger's one writer: many entries at once all land, and a reversal undoes exactly one."""

from datetime import date

from support_ledger import on, weigh_in

from coop.db import write
from coop.domain.actors import Role
from coop.domain.statement import EntryKind
from coop.services import ledger
from coop.services.payouts import balance_of
from coop.tables import LedgerEntry


async def test_posting_more_entries_than_one_insert_holds_posts_every_one(world):
    """A surplus return of a large cooperative: every member's part is in the ledger."""
    admin = world.actors[Role.ADMIN]
    household = world.households["H1"]
    parts = [
        ledger.Entry(
            household=household,
            season=2026,
            kind=EntryKind.SURPLUS_RETURN,
            amount_fen=n,
            source_type="ledger_test",
            source_id=7,
        )
        for n in range(1, ledger.ROWS_PER_INSERT * 2 + 2)
    ]
    async with write():
        ids = await ledger.post(admin, *parts, at=on(date(2026, 12, 1)))
    rows = await LedgerEntry.select().where(
        (LedgerEntry.cooperative == world.cooperative_id)
        & (LedgerEntry.source_type == "ledger_test")
    )
    assert len(ids) == len(set(ids)) == len(rows) == len(parts)
    assert sum(row["amount_fen"] for row in rows) == sum(range(1, len(parts) + 1))
    assert {(row["created_by"], row["cooperative"]) for row in rows} == {
        (admin.user_id, world.cooperative_id)
    }
    assert await balance_of(household) == sum(range(1, len(parts) + 1))


async def test_a_reversal_undoes_one_entry_and_points_at_it(world):
    lot_id = await weigh_in(world, "H2", 10_000, 1200, date(2026, 7, 1))
    household = world.households["H2"]
    credit = await ledger.posted_for("harvest_lot", lot_id, EntryKind.FRUIT_PURCHASE)
    assert await balance_of(household) == 12_000
    async with write():
        undo_id = await ledger.reverse(world.actors[Role.CLERK], credit["id"], "秤没归零")
    undo = await LedgerEntry.select().where(LedgerEntry.id == undo_id).first()
    assert undo is not None
    assert (undo["kind"], undo["amount_fen"], undo["reverses"]) == (
        "reversal",
        -12_000,
        credit["id"],
    )
    same = ("household", "season", "source_type", "source_id")
    assert [undo[name] for name in same] == [credit[name] for name in same]
    assert undo["reason"] == "秤没归零"
    assert await balance_of(household) == 0
