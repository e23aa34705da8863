"""Stock, changed only here: fruit left in harvest lots (grams) and jars on hand in batches.

Each take is one conditional UPDATE (SET x = x - n WHERE id = … AND x >= n AND the status is the
sellable one), so concurrent requests never take stock below zero on either database
(ARCHITECTURE.md: stock). Giving back adds to the same row, whatever its status. Call these
inside a write transaction.
"""

from __future__ import annotations

from typing import Any

from coop.domain.errors import Conflict, InvalidInput, OutOfStock
from coop.domain.lots import LotStatus
from coop.domain.processing import BatchStatus
from coop.domain.weight import format_kg
from coop.tables import Batch, HarvestLot

SELLABLE_LOT = LotStatus.OPEN.value
SELLABLE_BATCH = BatchStatus.FINISHED.value


# --- fruit in harvest lots ------------------------------------------------------------------------


async def take_grams(lot_id: int, weight_g: int) -> bool:
    """An open lot gives this much fruit if it has it; False (and nothing taken) otherwise."""
    taken = await (
        HarvestLot.update({HarvestLot.remaining_g: HarvestLot.remaining_g - weight_g})
        .where(
            (HarvestLot.id == lot_id)
            & (HarvestLot.status == SELLABLE_LOT)
            & (HarvestLot.remaining_g >= weight_g)
        )
        .returning(HarvestLot.id)
    )
    return bool(taken)


async def take_fruit(lot_id: int, lot_code: str, weight_g: int) -> None:
    """Take fruit from a lot (to a batch or an order), or refuse saying why the lot cannot."""
    if await take_grams(lot_id, weight_g):
        return
    lot = await HarvestLot.select().where(HarvestLot.id == lot_id).first()
    assert lot is not None, lot_code
    require_fruit(lot, weight_g)
    raise AssertionError(f"lot {lot_code} refused {weight_g} g for no known reason")


def require_fruit(lot: dict[str, Any], weight_g: int) -> None:
    """Refuse, naming the lot, fruit it cannot give: held, recalled, void, used up or short."""
    if lot["status"] in (LotStatus.HELD, LotStatus.RECALLED):  # coop.services.recalls
        raise Conflict(
            "Lot {lot} is “{status}”: its fruit cannot be used or sold.",
            code="lot_not_for_sale",
            lot=lot["code"],
            status=LotStatus(lot["status"]),
        )
    if lot["status"] != LotStatus.OPEN:
        raise Conflict(
            "Lot {lot} was corrected away; use the lot that replaced it.",
            code="lot_void",
            lot=lot["code"],
        )
    if lot["remaining_g"] <= 0:
        raise OutOfStock("Lot {lot} is used up.", code="lot_exhausted", lot=lot["code"])
    if lot["remaining_g"] < weight_g:
        raise OutOfStock(
            "Lot {lot} has only {remaining} kg left; {wanted} kg asked.",
            code="lot_short",
            lot=lot["code"],
            remaining=format_kg(lot["remaining_g"]),
            wanted=format_kg(weight_g),
        )


async def add_fruit(lot_id: int, weight_g: int) -> None:
    """Fruit back into its lot (a batch corrected, an order cancelled), whatever its status."""
    await HarvestLot.update({HarvestLot.remaining_g: HarvestLot.remaining_g + weight_g}).where(
        HarvestLot.id == lot_id
    )


async def take_whole_lot(lot_id: int) -> bool:
    """A weigh-in is corrected away only while none of its fruit is used: all of it, or nothing."""
    taken = await (
        HarvestLot.update({HarvestLot.remaining_g: 0})
        .where(
            (HarvestLot.id == lot_id)
            & (HarvestLot.status == SELLABLE_LOT)
            & (HarvestLot.remaining_g == HarvestLot.weight_g)
        )
        .returning(HarvestLot.id)
    )
    return bool(taken)


# --- jars in batches ------------------------------------------------------------------------------


async def take_jars(batch_id: int, jars: int) -> bool:
    """A finished batch gives this many jars if it has them; False (and nothing taken) otherwise."""
    if jars <= 0:
        raise InvalidInput("Take at least one jar.", code="invalid_jar_count")
    taken = await (
        Batch.update({Batch.jars_in_stock: Batch.jars_in_stock - jars})
        .where(
            (Batch.id == batch_id)
            & (Batch.status == SELLABLE_BATCH)
            & (Batch.jars_in_stock >= jars)
        )
        .returning(Batch.id)
    )
    return bool(taken)


async def add_jars(batch_id: int, jars: int) -> None:
    """Jars into a batch's stock: those just filled, or those an order gives back (any status)."""
    await Batch.update({Batch.jars_in_stock: Batch.jars_in_stock + jars}).where(
        Batch.id == batch_id
    )


async def take_every_jar(batch_id: int) -> bool:
    """A finished batch is corrected away only while all its jars are on hand: all, or nothing."""
    taken = await (
        Batch.update({Batch.jars_in_stock: 0})
        .where(
            (Batch.id == batch_id)
            & (Batch.status == SELLABLE_BATCH)
            & (Batch.jars_in_stock == Batch.jars_filled)
        )
        .returning(Batch.id)
    )
    return bool(taken)
