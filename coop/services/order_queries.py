"""Reading orders: one with its lines, allocations and history, lists, and a batch's orders.

The order desk and the work team read orders; only the order desk sees buyers' phone numbers and
addresses; processors and members see none.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import msgspec

from coop.domain.actors import Action, Actor
from coop.domain.china_time import checked_day, china_midnight
from coop.domain.errors import NotFound
from coop.domain.orders import channel_of, status_of
from coop.services.order_views import BatchOrder, OrderSummary, OrderView
from coop.tables import Batch, Order, OrderAllocation, OrderEvent, OrderLine

LIST_LIMIT = 500


async def order(actor: Actor, order_id: int) -> OrderView:
    """An order with its lines, the batches and lots that fill them, and its history."""
    actor.require(Action.READ_ORDERS)
    row = (
        await _order_query()
        .where((Order.id == order_id) & (Order.cooperative == actor.cooperative_id))
        .first()
    )
    if row is None:
        raise _no_order(order_id)
    lines = (
        await OrderLine.select(
            OrderLine.id,
            OrderLine.product.as_alias("product_id"),
            OrderLine.product.name_zh.as_alias("product_name"),
            OrderLine.product.name_ug.as_alias("product_name_ug"),
            OrderLine.product.name_en.as_alias("product_name_en"),
            OrderLine.kind,
            OrderLine.jars,
            OrderLine.weight_g,
            OrderLine.unit_price_fen,
            OrderLine.line_total_fen,
        )
        .where(OrderLine.order == order_id)
        .order_by(OrderLine.id)
    )
    allocations = (
        await OrderAllocation.select(
            OrderAllocation.line.as_alias("line_id"),
            OrderAllocation.batch.as_alias("batch_id"),
            OrderAllocation.batch.code.as_alias("batch_code"),
            OrderAllocation.batch.best_before.as_alias("best_before"),
            OrderAllocation.harvest_lot.as_alias("harvest_lot_id"),
            OrderAllocation.harvest_lot.code.as_alias("lot_code"),
            OrderAllocation.jars,
            OrderAllocation.weight_g,
            OrderAllocation.stock_taken,
        )
        .where(OrderAllocation.line.order == order_id)
        .order_by(OrderAllocation.id)
    )
    events = (
        await OrderEvent.select(
            OrderEvent.from_status,
            OrderEvent.to_status,
            OrderEvent.reason,
            OrderEvent.carrier,
            OrderEvent.tracking,
            OrderEvent.changed_by,
            OrderEvent.changed_by.name.as_alias("changed_by_name"),
            OrderEvent.changed_at,
        )
        .where(OrderEvent.order == order_id)
        .order_by(OrderEvent.id)
    )
    for line in lines:
        line["allocations"] = [a for a in allocations if a["line_id"] == line["id"]]
    view = {**_private(actor, row), "lines": lines, "events": events}
    return msgspec.convert(view, OrderView, strict=False)


async def orders(
    actor: Actor,
    status: str | None = None,
    channel: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[OrderSummary]:
    """Newest first, filtered by status, channel and the (local) days they were created."""
    actor.require(Action.READ_ORDERS)
    query = Order.select(*_summary_columns()).where(Order.cooperative == actor.cooperative_id)
    if status is not None:
        query = query.where(Order.status == status_of(status).value)
    if channel is not None:
        query = query.where(Order.channel == channel_of(channel).value)
    if date_from is not None:
        query = query.where(Order.created_at >= china_midnight(checked_day(date_from)))
    if date_to is not None:
        day_after = checked_day(date_to) + timedelta(days=1)
        query = query.where(Order.created_at < china_midnight(day_after))
    rows = await query.order_by(Order.id, ascending=False).limit(LIST_LIMIT)
    return [msgspec.convert(row, OrderSummary, strict=False) for row in rows]


async def orders_for_batch(actor: Actor, batch_id: int) -> list[BatchOrder]:
    """Every order that took jars of this batch, or was made from it: who to call in a recall."""
    actor.require(Action.READ_ORDERS)
    batch = await Batch.select(Batch.id).where(
        (Batch.id == batch_id) & (Batch.cooperative == actor.cooperative_id)
    )
    if not batch:
        raise NotFound(
            "No batch {batch_id} in this cooperative.", code="batch_not_found", batch_id=batch_id
        )
    taken = await OrderAllocation.select(
        OrderAllocation.line.order.as_alias("order_id"), OrderAllocation.jars
    ).where(OrderAllocation.batch == batch_id)
    jars: dict[int, int] = {}
    for row in taken:
        jars[row["order_id"]] = jars.get(row["order_id"], 0) + (row["jars"] or 0)
    made = await Order.select(
        Order.id, Order.processing_batch.jars_filled.as_alias("jars_filled")
    ).where(Order.processing_batch == batch_id)
    for row in made:  # custom processing: every jar of the batch is the buyer's
        jars[row["id"]] = jars.get(row["id"], 0) + (row["jars_filled"] or 0)
    if not jars:
        return []
    rows = await _order_query().where(Order.id.is_in(list(jars))).order_by(Order.id)
    return [
        msgspec.convert({**_private(actor, row), "jars": jars[row["id"]]}, BatchOrder, strict=False)
        for row in rows
    ]


async def own_order(actor: Actor, order_id: int) -> dict[str, Any]:
    row = (
        await Order.select()
        .where((Order.id == order_id) & (Order.cooperative == actor.cooperative_id))
        .first()
    )
    if row is None:
        raise _no_order(order_id)
    return row


def _no_order(order_id: int) -> NotFound:
    return NotFound(
        "No order {order_id} in this cooperative.", code="order_not_found", order_id=order_id
    )


def _summary_columns() -> tuple[Any, ...]:
    return (
        Order.id,
        Order.channel,
        Order.channel_order_no,
        Order.buyer_name,
        Order.status,
        Order.total_fen,
        Order.carrier,
        Order.tracking,
        Order.created_at,
    )


def _order_query():
    return Order.select(
        *_summary_columns(),
        Order.buyer_phone,
        Order.address,
        Order.buyer_note,
        Order.shipping_fen,
        Order.discount_fen,
        Order.processing_batch.as_alias("processing_batch_id"),
        Order.created_by,
    )


def _private(actor: Actor, row: dict[str, Any]) -> dict[str, Any]:
    """Buyers' phone numbers, addresses and notes are for the order desk only (privacy)."""
    if actor.may(Action.TAKE_ORDERS):
        return row
    return {**row, "buyer_phone": None, "address": None, "buyer_note": None}
