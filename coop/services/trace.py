"""Traces: a jar or a box back to the growers' lots, and a lot forward to batches, orders, buyers.

Every trace is a handful of set queries (joins and IN lists), never one query per order: a lot that
reached 1300 orders traces in three statements (scripts/bench/trace). Staff only; buyers' phones
and addresses for the order desk (admin, clerk) only (DESIGN: privacy).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import msgspec

from coop.domain.actors import STAFF, Actor, Role
from coop.domain.errors import InvalidInput, NotFound
from coop.domain.trace import EventKind, TraceEvent, TraceKey, in_order, parse_trace_key
from coop.services import clock
from coop.services.lookup import cooperative_of, household_of
from coop.tables import Batch, BatchInput, HarvestLot, OrderAllocation

ORDER_DESK = (Role.ADMIN, Role.CLERK)
CHUNK = 2000  # IN-list length per statement: far below SQLite's and asyncpg's parameter limits


class LotOrigin(msgspec.Struct, frozen=True, kw_only=True):
    """A harvest lot: who grew it, when it was weighed and by which clerk."""

    lot_id: int
    lot_code: str
    product_name: str
    household_id: int
    household_code: str
    household_name: str
    village_group: str
    weight_g: int
    weighed_at: datetime
    weighed_by: str
    status: str
    taken_g: int | None = None  # grams of it in the batch or box traced back


class BatchOrigin(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    code: str
    status: str
    product_name: str
    processor_code: str
    processor_name: str
    made_on: date | None
    finished_at: datetime | None
    fruit_g: int
    jars_filled: int | None
    jars_in_stock: int
    net_weight_g: int


class BackwardTrace(msgspec.Struct, frozen=True, kw_only=True):
    """A jar (batch, serial) or a box of fruit (lot or order) back to the growers' lots."""

    code: str
    serial: str | None
    batch: BatchOrigin | None
    lots: list[LotOrigin]


class InputLink(msgspec.Struct, frozen=True, kw_only=True):
    """Transformation: grams of a harvest lot into a batch."""

    lot_code: str
    batch_id: int
    batch_code: str
    weight_g: int


class Shipment(msgspec.Struct, frozen=True, kw_only=True):
    """Shipping: jars of a batch, or grams of a lot, on an order."""

    order_id: int
    lot_code: str
    jars: int | None
    weight_g: int | None
    product_name: str


class BuyerOrder(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    number: str
    channel: str
    status: str
    created_at: datetime
    buyer_name: str
    buyer_phone: str | None  # None: not for this role
    address: str | None
    jars: int
    weight_g: int
    lot_codes: list[str]


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
    actor.require(*STAFF)
    key = parse_trace_key(text)
    if key.is_batch:
        batch = await _batch_by_code(actor, key.code)
        inputs = await _batch_inputs([batch.id])
        taken = {row["lot_id"]: row["weight_g"] for row in inputs}
        lots = await _lots(actor, HarvestLot.id.is_in(list(taken)) if taken else None)
        return BackwardTrace(
            code=key.code,
            serial=key.serial,
            batch=batch,
            lots=[msgspec.structs.replace(lot, taken_g=taken[lot.lot_id]) for lot in lots],
        )
    lot = await _lot_by_code(actor, key)
    return BackwardTrace(code=key.code, serial=None, batch=None, lots=[lot])


async def backward_order(actor: Actor, order_id: int) -> BackwardTrace:
    """A box of fresh fruit (or jars) on an order back to the harvest lots and grams it took."""
    actor.require(*STAFF)
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
    for link in await _batch_inputs(batch_ids):
        taken.setdefault(link["lot_id"], link["weight_g"])
    lots = await _lots(actor, HarvestLot.id.is_in(list(taken))) if taken else []
    batches = await _batches(actor, Batch.id.is_in(batch_ids)) if batch_ids else []
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
    actor.require(*STAFF)
    batch_ids: list[int] = []
    if code:
        key = parse_trace_key(code)
        if key.is_batch:
            batch_ids = [(await _batch_by_code(actor, key.code)).id]
            lots: list[LotOrigin] = []
        else:
            lots = [await _lot_by_code(actor, key)]
    elif household_id is not None or start is not None or end is not None:
        lots = await _lots(actor, await _lot_filter(actor, household_id, start, end))
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


# --- inside ---------------------------------------------------------------------------------------


def chunks(ids: Iterable[int]) -> list[list[int]]:
    ordered = sorted(set(ids))
    return [ordered[i : i + CHUNK] for i in range(0, len(ordered), CHUNK)]


async def _forward(actor: Actor, lots: list[LotOrigin], batch_ids: list[int]) -> ForwardTrace:
    lot_ids = [lot.lot_id for lot in lots]
    links = []
    for part in chunks(lot_ids):
        links += await _inputs_of_lots(part)
    all_batches = sorted({*batch_ids, *(link["batch_id"] for link in links)})
    batches: list[BatchOrigin] = []
    for part in chunks(all_batches):
        batches += await _batches(actor, Batch.id.is_in(part))
    allocations = []
    for part in chunks(all_batches):
        allocations += await _allocations(actor, OrderAllocation.batch.is_in(part))
    for part in chunks(lot_ids):
        allocations += await _allocations(
            actor, OrderAllocation.harvest_lot.is_in(part) & OrderAllocation.batch.is_null()
        )
    shipments, orders = _orders(actor, allocations)
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


def _orders(actor: Actor, rows: list[dict[str, Any]]) -> tuple[list[Shipment], list[BuyerOrder]]:
    """Allocations folded into one entry per order; contact details for the order desk only."""
    desk = actor.role in ORDER_DESK
    shipments = []
    found: dict[int, dict[str, Any]] = {}
    for row in sorted(rows, key=lambda r: (r["order_id"], r["id"])):
        lot_code = row["batch_code"] or row["lot_code"]
        shipments.append(
            Shipment(
                order_id=row["order_id"],
                lot_code=lot_code,
                jars=row["jars"],
                weight_g=None if row["jars"] is not None else row["weight_g"],
                product_name=row["product_name"],
            )
        )
        order = found.setdefault(
            row["order_id"],
            {
                "id": row["order_id"],
                "number": row["channel_order_no"] or f"#{row['order_id']}",
                "channel": row["channel"],
                "status": row["status"],
                "created_at": row["created_at"],
                "buyer_name": row["buyer_name"],
                "buyer_phone": row["buyer_phone"] if desk else None,
                "address": row["address"] if desk else None,
                "jars": 0,
                "weight_g": 0,
                "lot_codes": [],
            },
        )
        order["jars"] += row["jars"] or 0
        order["weight_g"] += 0 if row["jars"] is not None else row["weight_g"] or 0
        if lot_code not in order["lot_codes"]:
            order["lot_codes"].append(lot_code)
    return shipments, [BuyerOrder(**order) for order in found.values()]


async def _allocations(actor: Actor, where: Any) -> list[dict[str, Any]]:
    """Allocation rows joined to their line, order and source codes in ONE statement."""
    line: Any = OrderAllocation.line
    order = line.order
    return await OrderAllocation.select(
        OrderAllocation.id,
        OrderAllocation.jars,
        OrderAllocation.weight_g,
        OrderAllocation.batch.code.as_alias("batch_code"),
        OrderAllocation.harvest_lot.code.as_alias("lot_code"),
        line.product.name_zh.as_alias("product_name"),
        order.id.as_alias("order_id"),
        order.channel.as_alias("channel"),
        order.channel_order_no.as_alias("channel_order_no"),
        order.status.as_alias("status"),
        order.created_at.as_alias("created_at"),
        order.buyer_name.as_alias("buyer_name"),
        order.buyer_phone.as_alias("buyer_phone"),
        order.address.as_alias("address"),
    ).where(where & (order.cooperative == actor.cooperative_id))


async def _inputs_of_lots(lot_ids: list[int]) -> list[dict[str, Any]]:
    return await BatchInput.select(
        BatchInput.batch.as_alias("batch_id"),
        BatchInput.batch.code.as_alias("batch_code"),
        BatchInput.harvest_lot.code.as_alias("lot_code"),
        BatchInput.weight_g,
    ).where(BatchInput.harvest_lot.is_in(lot_ids))


async def _batch_inputs(batch_ids: list[int]) -> list[dict[str, Any]]:
    if not batch_ids:
        return []
    return await BatchInput.select(
        BatchInput.harvest_lot.as_alias("lot_id"), BatchInput.weight_g
    ).where(BatchInput.batch.is_in(batch_ids))


async def _lot_filter(
    actor: Actor, household_id: int | None, start: date | None, end: date | None
) -> Any:
    where: Any = HarvestLot.status != "void"
    if household_id is not None:
        await household_of(actor, household_id)
        where = where & (HarvestLot.household == household_id)
    if start is not None:
        where = where & (HarvestLot.weighed_at >= _local_midnight(start))
    if end is not None:
        where = where & (HarvestLot.weighed_at < _local_midnight(end + timedelta(days=1)))
    return where


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=clock.LOCAL)


async def _lots(actor: Actor, where: Any) -> list[LotOrigin]:
    query = HarvestLot.select(
        HarvestLot.id.as_alias("lot_id"),
        HarvestLot.code.as_alias("lot_code"),
        HarvestLot.product.name_zh.as_alias("product_name"),
        HarvestLot.household.as_alias("household_id"),
        HarvestLot.household.code.as_alias("household_code"),
        HarvestLot.household.display_name.as_alias("household_name"),
        HarvestLot.household.village_group.as_alias("village_group"),
        HarvestLot.weight_g,
        HarvestLot.weighed_at,
        HarvestLot.weighed_by.name.as_alias("weighed_by"),
        HarvestLot.status,
    ).where(HarvestLot.cooperative == actor.cooperative_id)
    if where is not None:
        query = query.where(where)
    rows = await query.order_by(HarvestLot.weighed_at).order_by(HarvestLot.id)
    return [LotOrigin(**row) for row in rows]


async def _lot_by_code(actor: Actor, key: TraceKey) -> LotOrigin:
    found = await _lots(actor, HarvestLot.code == key.code)
    if not found:
        raise NotFound(
            "No harvest lot {lot} in this cooperative.", code="lot_not_found", lot=key.code
        )
    return found[0]


async def _batches(actor: Actor, where: Any) -> list[BatchOrigin]:
    rows = await (
        Batch.select(
            Batch.id,
            Batch.code,
            Batch.status,
            Batch.product.name_zh.as_alias("product_name"),
            Batch.household.code.as_alias("processor_code"),
            Batch.household.display_name.as_alias("processor_name"),
            Batch.made_on,
            Batch.finished_at,
            Batch.fruit_g,
            Batch.jars_filled,
            Batch.jars_in_stock,
            Batch.net_weight_g,
        )
        .where(where & (Batch.cooperative == actor.cooperative_id))
        .order_by(Batch.id)
    )
    return [BatchOrigin(**row) for row in rows]


async def _batch_by_code(actor: Actor, code: str) -> BatchOrigin:
    found = await _batches(actor, Batch.code == code)
    if not found:
        raise NotFound("No batch {batch} in this cooperative.", code="batch_not_found", batch=code)
    return found[0]
