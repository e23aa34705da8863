"""An order moves one step at a time; cancelling or refunding gives its stock back once.

Before it is packed, a line may be filled from other batches or lots (re-picking). Only the order
desk moves orders.
"""

from __future__ import annotations

from typing import Any

from coop.db import write
from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, InvalidInput, NotFound
from coop.domain.orders import (
    ALLOCATION_EDITABLE,
    RETURNS_STOCK,
    LineKind,
    OrderStatus,
    check_shipping,
    check_transition,
    status_of,
)
from coop.services import order_stock
from coop.services.audit import audit
from coop.services.lookup import product_of
from coop.services.order_creation import fill_line, record_event
from coop.services.order_queries import order, own_order
from coop.services.order_views import OrderView, Picks, Transition
from coop.tables import Order, OrderLine


async def transition(actor: Actor, order_id: int, change: Transition) -> OrderView:
    """Move an order one step; cancelling (or refunding, unless told not to) returns stock once."""
    actor.require(Action.TAKE_ORDERS)
    wanted = status_of(change.to)
    reason = change.reason.strip()
    if len(reason) > 200:
        raise InvalidInput("Say why in at most 200 characters.", code="reason_too_long")
    carrier, tracking = ("", "")
    if wanted == OrderStatus.SHIPPED:
        carrier, tracking = check_shipping(change.carrier, change.tracking)
    async with write():
        row = await own_order(actor, order_id)
        current = OrderStatus(row["status"])
        check_transition(current, wanted, reason)
        lines = await order_stock.lines_of(order_id)
        if wanted == OrderStatus.PACKED:
            await order_stock.require_sellable(lines)
        values: dict[Any, Any] = {Order.status: wanted.value}
        if wanted == OrderStatus.SHIPPED:
            values.update({Order.carrier: carrier, Order.tracking: tracking})
        moved = await (
            Order.update(values)
            .where((Order.id == order_id) & (Order.status == current.value))
            .returning(Order.id)
        )
        if not moved:  # a concurrent change came first: explain from where it left the order
            now_row = await own_order(actor, order_id)
            check_transition(OrderStatus(now_row["status"]), wanted, reason)
            raise Conflict("The order changed meanwhile; reload it.", code="order_changed")
        restock = wanted == OrderStatus.CANCELLED or (wanted in RETURNS_STOCK and change.restock)
        if restock:
            await order_stock.release(lines)
        await record_event(actor, order_id, current.value, wanted.value, reason, carrier, tracking)
        if wanted in RETURNS_STOCK:
            await audit(actor, f"order_{wanted.value}", "order", order_id, restocked=restock)
    return await order(actor, order_id)


async def repick(actor: Actor, order_id: int, line_id: int, picks: Picks) -> OrderView:
    """Choose other batches or lots for a line before it is packed; the old ones get it back."""
    actor.require(Action.TAKE_ORDERS)
    async with write():
        row = await own_order(actor, order_id)
        status = OrderStatus(row["status"])
        claimed = await (
            Order.update({Order.status: status.value})
            .where((Order.id == order_id) & (Order.status == status.value))
            .returning(Order.id)
        )
        if status not in ALLOCATION_EDITABLE or not claimed:
            raise Conflict(
                "Batches can be chosen only before the order is packed; it is “{status}”.",
                code="allocation_fixed",
                status=status,
            )
        line = await (
            OrderLine.select()
            .where((OrderLine.id == line_id) & (OrderLine.order == order_id))
            .first()
        )
        if line is None or line["kind"] != LineKind.GOODS.value or row["processing_batch"]:
            raise NotFound(
                "Order {order_id} has no line {line_id} filled from stock.",
                code="line_not_found",
                order_id=order_id,
                line_id=line_id,
            )
        await order_stock.forget([line_id])
        product = await product_of(actor, line["product"])
        await fill_line(actor, line["id"], product, line["jars"], line["weight_g"], picks)
        await audit(actor, "repick_order_line", "order", order_id, line=line_id)
    return await order(actor, order_id)
