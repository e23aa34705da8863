"""Stock for order lines: jars from finished batches, grams from harvest lots, never below zero.

Stock is taken when an order is created (every channel: a shop order, a phone call, a sale at the
picking garden), so an order that exists can always be packed; each take is one conditional
UPDATE (coop.services.stock), so concurrent orders on either database never oversell. Cancelling
or refunding returns each allocation once: the allocation row is released by its own conditional
UPDATE first. Call these inside a write transaction.
"""

from __future__ import annotations

from typing import Any

from coop.domain.actors import Actor
from coop.domain.errors import Conflict, InvalidInput, NotFound, OutOfStock
from coop.domain.lots import normalise_lot_code
from coop.domain.orders import check_allocation_sum
from coop.domain.processing import BatchStatus
from coop.domain.weight import format_kg
from coop.services import freshness, order_allocation, stock
from coop.tables import Batch, BatchInput, HarvestLot, OrderAllocation, OrderLine


async def fill_jars(
    actor: Actor, line_id: int, product: dict[str, Any], jars: int, picks: list[tuple[int, int]]
) -> None:
    """Jars for a line: the batches picked by hand, or earliest best-before first."""
    if picks:
        check_allocation_sum(jars, (n for _, n in picks))
        for batch_id, n in picks:
            await _take_from_batch(actor, batch_id, product, n)
            await _record(line_id, batch_id=batch_id, jars=n)
        return
    for take in await order_allocation.earliest_jars(actor, product, jars):
        await _record(line_id, batch_id=take.source_id, jars=take.quantity)


async def fill_grams(
    actor: Actor, line_id: int, product: dict[str, Any], weight_g: int, picks: list[tuple[str, int]]
) -> None:
    """Fresh fruit for a line: the harvest lots picked by hand, or the oldest fruit first."""
    if picks:
        check_allocation_sum(weight_g, (g for _, g in picks))
        for code, grams in picks:
            lot = await _lot(actor, code, product)
            await stock.take_fruit(lot["id"], lot["code"], grams)
            await _record(line_id, lot_id=lot["id"], weight_g=grams)
        return
    for take in await order_allocation.earliest_grams(actor, product, weight_g):
        await _record(line_id, lot_id=take.source_id, weight_g=take.quantity)


async def fill_from_batch(line_id: int, batch: dict[str, Any], weight_g: int) -> None:
    """Custom processing: the buyer's fruit is the batch's fruit, which the batch already took."""
    if weight_g > batch["fruit_g"]:
        raise InvalidInput(
            "Batch {batch} was made from {made} kg of fruit; the order cannot sell {wanted} kg.",
            code="more_than_batch",
            batch=batch["code"],
            made=format_kg(batch["fruit_g"]),
            wanted=format_kg(weight_g),
        )
    inputs = await (
        BatchInput.select(BatchInput.harvest_lot, BatchInput.weight_g)
        .where(BatchInput.batch == batch["id"])
        .order_by(BatchInput.id)
    )
    missing = weight_g
    for row in inputs:
        grams = min(row["weight_g"], missing)
        if grams > 0:
            await _record(
                line_id,
                batch_id=batch["id"],
                lot_id=row["harvest_lot"],
                weight_g=grams,
                taken=False,
            )
            missing -= grams


async def release(line_ids: list[int]) -> None:
    """Give back what these lines took, each allocation at most once (cancel, refund, re-pick)."""
    if not line_ids:
        return
    rows = await OrderAllocation.select().where(
        OrderAllocation.line.is_in(line_ids) & OrderAllocation.stock_taken.eq(True)
    )
    for row in rows:
        released = await (
            OrderAllocation.update({OrderAllocation.stock_taken: False})
            .where((OrderAllocation.id == row["id"]) & OrderAllocation.stock_taken.eq(True))
            .returning(OrderAllocation.id)
        )
        if not released:
            continue
        if row["batch"] is not None and row["jars"]:
            await stock.add_jars(row["batch"], row["jars"])
        elif row["harvest_lot"] is not None and row["weight_g"]:
            await stock.add_fruit(row["harvest_lot"], row["weight_g"])


async def forget(line_ids: list[int]) -> None:
    """Drop released allocations of lines being re-picked (the events keep the history)."""
    await release(line_ids)
    await OrderAllocation.delete().where(OrderAllocation.line.is_in(line_ids))


async def require_sellable(line_ids: list[int]) -> None:
    """A held or recalled batch cannot be packed: re-pick the line from another batch."""
    if not line_ids:
        return
    rows = await OrderAllocation.select(
        OrderAllocation.batch.code.as_alias("code"),
        OrderAllocation.batch.status.as_alias("status"),
    ).where(
        OrderAllocation.line.is_in(line_ids)
        & OrderAllocation.stock_taken.eq(True)
        & OrderAllocation.batch.is_not_null()
    )
    for row in rows:
        if row["status"] != BatchStatus.FINISHED.value:
            raise _not_for_sale(row["code"], row["status"])


# --- inside -------------------------------------------------------------------------------------


async def _take_from_batch(actor: Actor, batch_id: int, product: dict[str, Any], jars: int) -> None:
    """A batch picked by hand gives its jars if it is finished, for sale and holds enough."""
    batch = await (
        Batch.select()
        .where((Batch.id == batch_id) & (Batch.cooperative == actor.cooperative_id))
        .first()
    )
    if batch is None:
        raise NotFound(
            "No batch {batch_id} in this cooperative.", code="batch_not_found", batch_id=batch_id
        )
    if batch["product"] != product["id"] or batch["buyer_name"]:
        raise InvalidInput(
            "Batch {batch} does not hold {product} for sale.",
            code="wrong_batch",
            batch=batch["code"],
            product=product["name_zh"],
        )
    if await stock.take_jars(batch_id, jars):
        return
    current = await Batch.select(Batch.status, Batch.jars_in_stock).where(Batch.id == batch_id)
    status, left = current[0]["status"], current[0]["jars_in_stock"]
    if status != BatchStatus.FINISHED.value:
        raise _not_for_sale(batch["code"], status)
    raise OutOfStock(
        "Out of stock: batch {batch} has only {left} jars left; {wanted} ordered.",
        code="out_of_stock",
        batch=batch["code"],
        left=left,
        wanted=jars,
    )


async def _lot(actor: Actor, code: str, product: dict[str, Any]) -> dict[str, Any]:
    lot = await (
        HarvestLot.select()
        .where(
            (HarvestLot.code == normalise_lot_code(code))
            & (HarvestLot.cooperative == actor.cooperative_id)
        )
        .first()
    )
    if lot is None:
        raise NotFound("No harvest lot {lot} in this cooperative.", code="lot_not_found", lot=code)
    if lot["product"] != product["id"]:
        raise InvalidInput(
            "Lot {lot} does not hold {product}.",
            code="wrong_produce",
            lot=lot["code"],
            product=product["name_zh"],
        )
    await freshness.require_sellable(actor, lot, product)
    return lot


async def _record(
    line_id: int,
    *,
    batch_id: int | None = None,
    lot_id: int | None = None,
    jars: int | None = None,
    weight_g: int | None = None,
    taken: bool = True,
) -> None:
    await OrderAllocation.insert(
        OrderAllocation(
            line=line_id,
            batch=batch_id,
            harvest_lot=lot_id,
            jars=jars,
            weight_g=weight_g,
            stock_taken=taken,
        )
    )


def _not_for_sale(code: str, status: str) -> Conflict:
    if status in (BatchStatus.HELD.value, BatchStatus.RECALLED.value):
        return Conflict(
            "Batch {batch} is “{status}”: its jars cannot be sold or packed.",
            code="batch_not_for_sale",
            batch=code,
            status=BatchStatus(status),
        )
    return Conflict(
        "Batch {batch} is not finished, so it has no jars to sell.",
        code="batch_not_finished",
        batch=code,
    )


async def lines_of(order_id: int) -> list[int]:
    rows = await OrderLine.select(OrderLine.id).where(OrderLine.order == order_id)
    return [row["id"] for row in rows]
