"""Traces: a jar or a box back to the growers' lots, and a lot forward to batches, orders, buyers.

Staff only; the queries (and who sees buyers' contact details) are in coop.services.trace_queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

import msgspec

from coop.domain.actors import Action, Actor, Role
from coop.domain.errors import InvalidInput, NotFound
from coop.domain.trace import EventKind, TraceEvent, in_order, parse_trace_key
from coop.services import trace_queries as q
from coop.services.lookup import cooperative_of
from coop.services.trace_queries import BatchOrigin, BuyerOrder, InputLink, LotOrigin, Shipment
from coop.tables import Batch, HarvestLot, OrderAllocation


class BackwardTrace(msgspec.Struct, frozen=True, kw_only=True):
    """A jar (batch, serial) or a box of fruit (lot or order) back to the growers' lots."""

    code: str
    serial: str | None
    batch: BatchOrigin | None
    lots: list[LotOrigin]


class ForwardTrace(msgspec.Struct, frozen=True, kw_only=True):
    """Lots forward: the batches they went into, every order, every buyer."""

    lots: list[LotOrigin]
    batches: list[BatchOrigin]
    inputs: list[InputLink]
    shipments: list[Shipment]
    orders: list[BuyerOrder]


# --- use cases ------------------------------------------------------------------------------------


async def backward(actor: Actor, text: str) -> BackwardTrace:
    """A batch lot or a jar's serial URL to its batch and lots; a harvest lot code to itself."""
    actor.require(Action.TRACE)
    key = parse_trace_key(text)
    if key.is_batch:
        batch = await q.batch_by_code(actor, key.code)
        inputs = await q.batch_inputs([batch.id])
        taken = {row["lot_id"]: row["weight_g"] for row in inputs}
        lots = await q.lots(actor, HarvestLot.id.is_in(list(taken)) if taken else None)
        return BackwardTrace(
            code=key.code,
            serial=key.serial,
            batch=batch,
            lots=[msgspec.structs.replace(lot, taken_g=taken[lot.lot_id]) for lot in lots],
        )
    lot = await q.lot_by_code(actor, key)
    return BackwardTrace(code=key.code, serial=None, batch=None, lots=[lot])


async def backward_order(actor: Actor, order_id: int) -> BackwardTrace:
    """A box of fresh fruit (or jars) on an order back to the harvest lots and grams it took."""
    actor.require(Action.TRACE)
    line: Any = OrderAllocation.line
    rows = await OrderAllocation.select(
        OrderAllocation.harvest_lot.as_alias("lot_id"),
        OrderAllocation.batch.as_alias("batch_id"),
        OrderAllocation.weight_g,
    ).where((line.order == order_id) & (line.order.cooperative == actor.cooperative_id))
    if not rows:
        raise NotFound(
            "Order {order_id} took nothing from a lot or batch.",
            code="order_not_traceable",
            order_id=order_id,
        )
    taken: dict[int, int] = {}
    for row in rows:
        if row["lot_id"] is not None:
            taken[row["lot_id"]] = taken.get(row["lot_id"], 0) + (row["weight_g"] or 0)
    batch_ids = sorted({row["batch_id"] for row in rows if row["batch_id"] is not None})
    for link in await q.batch_inputs(batch_ids):
        taken.setdefault(link["lot_id"], link["weight_g"])
    lots = await q.lots(actor, HarvestLot.id.is_in(list(taken))) if taken else []
    batches = await q.batches(actor, Batch.id.is_in(batch_ids)) if batch_ids else []
    return BackwardTrace(
        code=str(order_id),
        serial=None,
        batch=batches[0] if len(batches) == 1 else None,
        lots=[msgspec.structs.replace(lot, taken_g=taken[lot.lot_id]) for lot in lots],
    )


async def forward(
    actor: Actor,
    code: str | None = None,
    household_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> ForwardTrace:
    """From a lot code (harvest or batch), a household, or days weighed, to every buyer."""
    actor.require(Action.TRACE)
    batch_ids: list[int] = []
    if code:
        key = parse_trace_key(code)
        if key.is_batch:
            batch_ids = [(await q.batch_by_code(actor, key.code)).id]
            lots: list[LotOrigin] = []
        else:
            lots = [await q.lot_by_code(actor, key)]
    elif household_id is not None or start is not None or end is not None:
        lots = await q.lots(actor, await q.lot_filter(actor, household_id, start, end))
    else:
        raise InvalidInput(
            "Give a lot code, a household or a range of days to trace.", code="trace_what"
        )
    return await _forward(actor, lots, batch_ids)


async def chain_events(actor: Actor, text: str) -> list[TraceEvent]:
    """Every tracking event in a lot's chain: one step back to the growers, forward to buyers."""
    key = parse_trace_key(text)
    traced = await forward(actor, key.code)
    lots = list(traced.lots)
    inputs = list(traced.inputs)
    if key.is_batch:
        back = await backward(actor, key.code)
        lots = back.lots
        inputs = [
            InputLink(
                lot_code=lot.lot_code,
                batch_id=traced.batches[0].id,
                batch_code=key.code,
                weight_g=lot.taken_g or 0,
            )
            for lot in back.lots
        ] + inputs
    place = (await cooperative_of(actor))["village"] or ""
    coop_name = (await cooperative_of(actor))["name"]
    return tracking_events(lots, traced, inputs, place, coop_name)


def tracking_events(
    lots: Sequence[LotOrigin],
    traced: ForwardTrace,
    inputs: Sequence[InputLink],
    village: str,
    cooperative: str,
) -> list[TraceEvent]:
    """Harvest, transformation and shipping events with their Key Data Elements, by date."""
    batches = {batch.id: batch for batch in traced.batches}
    orders = {order.id: order for order in traced.orders}
    events = [
        TraceEvent(
            kind=EventKind.HARVEST,
            at=lot.weighed_at,
            lot_code=lot.lot_code,
            product=lot.product_name,
            quantity=lot.weight_g,
            unit="g",
            location=" ".join(p for p in (village, lot.village_group) if p),
            reference_type="过磅收购单 weigh-in receipt",
            reference_no=lot.lot_code,
            source=f"{lot.household_code} {lot.household_name}",
            destination=cooperative,
        )
        for lot in lots
    ]
    for link in inputs:
        batch = batches.get(link.batch_id)
        if batch is None:
            continue
        events.append(
            TraceEvent(
                kind=EventKind.TRANSFORMATION,
                at=batch.finished_at or datetime.combine(batch.made_on or date.min, time()),
                lot_code=batch.code,
                product=batch.product_name,
                quantity=link.weight_g,
                unit="g",
                location=f"{cooperative} {batch.processor_code} {batch.processor_name}",
                reference_type="加工批次 batch",
                reference_no=batch.code,
                source=link.lot_code,
                destination=batch.code,
            )
        )
    for shipment in traced.shipments:
        order = orders[shipment.order_id]
        events.append(
            TraceEvent(
                kind=EventKind.SHIPPING,
                at=order.created_at,
                lot_code=shipment.lot_code,
                product=shipment.product_name,
                quantity=shipment.jars if shipment.jars is not None else shipment.weight_g or 0,
                unit="jar" if shipment.jars is not None else "g",
                location=cooperative,
                reference_type="订单 order",
                reference_no=order.number,
                source=shipment.lot_code,
                destination=order.buyer_name,
            )
        )
    return in_order(events)


async def reader_for(text: str) -> Actor:
    """The CLI's reader: the order desk of the cooperative that owns this lot code."""
    key = parse_trace_key(text)
    table: Any = Batch if key.is_batch else HarvestLot
    row = await table.select(table.cooperative).where(table.code == key.code).first()
    if row is None:
        raise NotFound("No lot {lot} in this database.", code="lot_not_found", lot=key.code)
    return Actor(0, row["cooperative"], Role.ADMIN, "coop trace")


async def _forward(actor: Actor, lots: list[LotOrigin], batch_ids: list[int]) -> ForwardTrace:
    lot_ids = [lot.lot_id for lot in lots]
    links = []
    for part in q.chunks(lot_ids):
        links += await q.inputs_of_lots(part)
    all_batches = sorted({*batch_ids, *(link["batch_id"] for link in links)})
    batches: list[BatchOrigin] = []
    for part in q.chunks(all_batches):
        batches += await q.batches(actor, Batch.id.is_in(part))
    allocations = []
    for part in q.chunks(all_batches):
        allocations += await q.allocations(actor, OrderAllocation.batch.is_in(part))
    for part in q.chunks(lot_ids):
        allocations += await q.allocations(
            actor, OrderAllocation.harvest_lot.is_in(part) & OrderAllocation.batch.is_null()
        )
    shipments, orders = q.buyer_orders(actor, allocations)
    return ForwardTrace(
        lots=lots,
        batches=batches,
        inputs=[
            InputLink(
                lot_code=link["lot_code"],
                batch_id=link["batch_id"],
                batch_code=link["batch_code"],
                weight_g=link["weight_g"],
            )
            for link in links
        ],
        shipments=shipments,
        orders=orders,
    )
