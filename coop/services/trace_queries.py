"""The set queries traces are made of: lots, batches, inputs and allocations, by IN lists.

Every trace is a handful of these statements (joins and IN lists), never one query per order: a
lot that reached 1300 orders traces in three statements (scripts/bench/trace). Buyers' phones and
addresses reach the order desk only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import msgspec

from coop.domain.actors import Action, Actor
from coop.domain.china_time import checked_day, china_midnight
from coop.domain.errors import NotFound
from coop.domain.lots import LotStatus
from coop.domain.trace import TraceKey
from coop.services.lookup import household_of
from coop.tables import Batch, BatchInput, HarvestLot, OrderAllocation

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
    product_name_ug: str = ""
    product_name_en: str = ""
    processor_code: str
    processor_name: str
    made_on: date | None
    finished_at: datetime | None
    fruit_g: int
    jars_filled: int | None
    jars_in_stock: int
    net_weight_g: int


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


def chunks(ids: Iterable[int]) -> list[list[int]]:
    ordered = sorted(set(ids))
    return [ordered[i : i + CHUNK] for i in range(0, len(ordered), CHUNK)]


def buyer_orders(
    actor: Actor, rows: list[dict[str, Any]]
) -> tuple[list[Shipment], list[BuyerOrder]]:
    """Allocations folded into one entry per order; contact details for the order desk only."""
    desk = actor.may(Action.TAKE_ORDERS)
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


async def allocations(actor: Actor, where: Any) -> list[dict[str, Any]]:
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


async def inputs_of_lots(lot_ids: list[int]) -> list[dict[str, Any]]:
    return await BatchInput.select(
        BatchInput.batch.as_alias("batch_id"),
        BatchInput.batch.code.as_alias("batch_code"),
        BatchInput.harvest_lot.code.as_alias("lot_code"),
        BatchInput.weight_g,
    ).where(BatchInput.harvest_lot.is_in(lot_ids))


async def batch_inputs(batch_ids: list[int]) -> list[dict[str, Any]]:
    if not batch_ids:
        return []
    return await BatchInput.select(
        BatchInput.harvest_lot.as_alias("lot_id"), BatchInput.weight_g
    ).where(BatchInput.batch.is_in(batch_ids))


async def lot_filter(
    actor: Actor, household_id: int | None, start: date | None, end: date | None
) -> Any:
    where: Any = HarvestLot.status != LotStatus.VOID.value
    if household_id is not None:
        await household_of(actor, household_id)
        where = where & (HarvestLot.household == household_id)
    if start is not None:
        where = where & (HarvestLot.weighed_at >= china_midnight(checked_day(start)))
    if end is not None:
        day_after = checked_day(end) + timedelta(days=1)
        where = where & (HarvestLot.weighed_at < china_midnight(day_after))
    return where


async def lots(actor: Actor, where: Any) -> list[LotOrigin]:
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


async def lot_by_code(actor: Actor, key: TraceKey) -> LotOrigin:
    found = await lots(actor, HarvestLot.code == key.code)
    if not found:
        raise NotFound(
            "No harvest lot {lot} in this cooperative.", code="lot_not_found", lot=key.code
        )
    return found[0]


async def batches(actor: Actor, where: Any) -> list[BatchOrigin]:
    rows = await (
        Batch.select(
            Batch.id,
            Batch.code,
            Batch.status,
            Batch.product.name_zh.as_alias("product_name"),
            Batch.product.name_ug.as_alias("product_name_ug"),
            Batch.product.name_en.as_alias("product_name_en"),
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


async def batch_by_code(actor: Actor, code: str) -> BatchOrigin:
    found = await batches(actor, Batch.code == code)
    if not found:
        raise NotFound("No batch {batch} in this cooperative.", code="batch_not_found", batch=code)
    return found[0]
