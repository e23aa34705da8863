"""Backdated ledger entries for the income tests: weigh-ins through the service, fees directly."""

from __future__ import annotations

from datetime import date, datetime

from coop.db import write
from coop.domain.actors import Role
from coop.services.clock import LOCAL
from coop.services.weighins import create_lot
from coop.tables import LedgerEntry


def on(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL)


async def weigh_in(world, household: str, weight_g: int, price_fen_per_kg: int, day: date) -> int:
    async with write():
        lot = await create_lot(
            world.actors[Role.CLERK],
            world.households[household],
            world.fruit_id,
            weight_g,
            price_fen_per_kg,
            at=on(day),
        )
    return lot.id


async def processing_fee(world, household: str, amount_fen: int, day: date) -> None:
    """What a processing batch posts (batches live on another branch): kind processing_fee."""
    async with write():
        await LedgerEntry.insert(
            LedgerEntry(
                cooperative=world.cooperative_id,
                household=world.households[household],
                season=day.year,
                kind="processing_fee",
                amount_fen=amount_fen,
                source_type="batch",
                source_id=1,
                created_by=world.actors[Role.ADMIN].user_id,
                created_at=on(day, 15),
            )
        )
