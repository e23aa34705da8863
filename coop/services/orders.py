"""Orders from every channel: created with their stock taken, moved through their statuses.

Roles: the order desk (admin, clerk) records, moves and imports orders and sees buyers' phone
numbers and addresses; the work team reads orders without those; processors and members see none.
Revenue from orders is the cooperative's: no household ledger entry is written here.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import msgspec

from coop.db import write
from coop.domain.actors import Actor, Role
from coop.domain.errors import Conflict, InvalidInput, NotFound
from coop.domain.orders import (
    ALLOCATION_EDITABLE,
    RETURNS_STOCK,
    LineKind,
    OrderField,
    OrderStatus,
    channel_of,
    check_fen,
    check_shipping,
    check_total,
    check_transition,
    fruit_line_total,
    jar_line_total,
    status_of,
)
from coop.domain.processing import BatchStatus
from coop.services import clock, idempotency, order_stock
from coop.services.audit import audit
from coop.services.lookup import product_of
from coop.tables import Batch, Order, OrderAllocation, OrderEvent, OrderLine

ORDER_DESK = (Role.ADMIN, Role.CLERK)
READERS = (*ORDER_DESK, Role.WORK_TEAM)
LIST_LIMIT = 500


# --- what callers send ----------------------------------------------------------------------------


class PickBatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    batch_id: int
    jars: int


class PickLot(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    lot_code: str
    weight_g: int


class Picks(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Which batches or lots fill a line; none means earliest best-before (oldest fruit) first."""

    batches: list[PickBatch] = []
    lots: list[PickLot] = []


class NewLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Jars of a jar product, or grams of fresh fruit; the product's price unless one is given."""

    product_id: int
    jars: int | None = None
    weight_g: int | None = None
    unit_price_fen: int | None = None  # per jar, or per kg
    line_total_fen: int | None = None  # when given, it must be what the line costs
    batches: list[PickBatch] = []
    lots: list[PickLot] = []


class NewOrder(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    channel: str
    lines: list[NewLine]
    total_fen: int
    channel_order_no: str = ""
    buyer_name: str = ""
    buyer_phone: str = ""
    address: str = ""
    shipping_fen: int = 0
    discount_fen: int = 0
    processing_batch_id: int | None = None  # custom processing: its fee becomes a line


class Transition(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    to: str
    reason: str = ""  # cancelled, refunded
    carrier: str = ""  # shipped
    tracking: str = ""  # shipped
    restock: bool = True  # refunded: false when the jars do not come back (broken, eaten)


# --- what callers get -----------------------------------------------------------------------------


class AllocationView(msgspec.Struct, frozen=True, kw_only=True):
    batch_id: int | None
    batch_code: str | None
    best_before: date | None
    harvest_lot_id: int | None
    lot_code: str | None
    jars: int | None
    weight_g: int | None
    stock_taken: bool


class LineView(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    product_id: int
    product_name: str
    kind: str
    jars: int | None
    weight_g: int | None
    unit_price_fen: int
    line_total_fen: int
    allocations: list[AllocationView]


class EventView(msgspec.Struct, frozen=True, kw_only=True):
    from_status: str
    to_status: str
    reason: str
    carrier: str
    tracking: str
    changed_by: int
    changed_by_name: str
    changed_at: datetime


class OrderSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    channel: str
    channel_order_no: str
    buyer_name: str
    status: str
    total_fen: int
    carrier: str
    tracking: str
    created_at: datetime


class OrderView(OrderSummary, frozen=True, kw_only=True):
    buyer_phone: str | None  # the order desk only
    address: str | None  # the order desk only
    shipping_fen: int
    discount_fen: int
    processing_batch_id: int | None
    created_by: int
    lines: list[LineView]
    events: list[EventView]


class BatchOrder(OrderSummary, frozen=True, kw_only=True):
    """An order that took jars (or the fruit) of a batch: the forward trace for a recall."""

    jars: int
    buyer_phone: str | None


# --- use cases ------------------------------------------------------------------------------------


async def create_order(
    actor: Actor, fields: NewOrder, idempotency_key: str | None = None
) -> OrderView:
    """Record an order and take its stock in one transaction; a short line refuses it all."""
    actor.require(*ORDER_DESK)
    check_order_fields(fields)

    async def create() -> int:
        return await create_in_transaction(actor, fields)

    payload = msgspec.to_builtins(fields)
    order_id = await idempotency.once(actor, "order", idempotency_key, payload, create)
    return await order(actor, order_id)


async def transition(actor: Actor, order_id: int, change: Transition) -> OrderView:
    """Move an order one step; cancelling (or refunding, unless told not to) returns stock once."""
    actor.require(*ORDER_DESK)
    wanted = status_of(change.to)
    reason = change.reason.strip()
    if len(reason) > 200:
        raise InvalidInput("Say why in at most 200 characters.", code="reason_too_long")
    carrier, tracking = ("", "")
    if wanted == OrderStatus.SHIPPED:
        carrier, tracking = check_shipping(change.carrier, change.tracking)
    async with write():
        row = await _own_order(actor, order_id)
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
            now_row = await _own_order(actor, order_id)
            check_transition(OrderStatus(now_row["status"]), wanted, reason)
            raise Conflict("The order changed meanwhile; reload it.", code="order_changed")
        restock = wanted == OrderStatus.CANCELLED or (wanted in RETURNS_STOCK and change.restock)
        if restock:
            await order_stock.release(lines)
        await _event(actor, order_id, current.value, wanted.value, reason, carrier, tracking)
        if wanted in RETURNS_STOCK:
            await audit(actor, f"order_{wanted.value}", "order", order_id, restocked=restock)
    return await order(actor, order_id)


async def repick(actor: Actor, order_id: int, line_id: int, picks: Picks) -> OrderView:
    """Choose other batches or lots for a line before it is packed; the old ones get it back."""
    actor.require(*ORDER_DESK)
    async with write():
        row = await _own_order(actor, order_id)
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
        await _fill(actor, line["id"], product, line["jars"], line["weight_g"], picks)
        await audit(actor, "repick_order_line", "order", order_id, line=line_id)
    return await order(actor, order_id)


async def order(actor: Actor, order_id: int) -> OrderView:
    """An order with its lines, the batches and lots that fill them, and its history."""
    actor.require(*READERS)
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
    actor.require(*READERS)
    query = Order.select(*_summary_columns()).where(Order.cooperative == actor.cooperative_id)
    if status is not None:
        query = query.where(Order.status == status_of(status).value)
    if channel is not None:
        query = query.where(Order.channel == channel_of(channel).value)
    if date_from is not None:
        query = query.where(Order.created_at >= _local_midnight(date_from))
    if date_to is not None:
        query = query.where(Order.created_at < _local_midnight(date_to, next_day=True))
    rows = await query.order_by(Order.id, ascending=False).limit(LIST_LIMIT)
    return [msgspec.convert(row, OrderSummary, strict=False) for row in rows]


async def orders_for_batch(actor: Actor, batch_id: int) -> list[BatchOrder]:
    """Every order that took jars of this batch, or was made from it: who to call in a recall."""
    actor.require(*READERS)
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


# --- inside a write transaction -------------------------------------------------------------------


def check_order_fields(fields: NewOrder) -> None:
    """What can be checked before the database: channel, lengths, money in whole fen."""
    channel_of(fields.channel)
    for text, most in (
        (fields.channel_order_no, 60),
        (fields.buyer_name, 80),
        (fields.buyer_phone, 20),
        (fields.address, 300),
    ):
        if len(text.strip()) > most:
            raise InvalidInput(
                "A buyer's detail or the order number is too long (at most {most} characters).",
                code="too_long",
                most=most,
            )
    if not fields.lines and fields.processing_batch_id is None:
        raise InvalidInput("An order needs at least one line.", code="no_lines")
    check_fen(fields.shipping_fen, OrderField.SHIPPING)
    check_fen(fields.discount_fen, OrderField.DISCOUNT)
    check_fen(fields.total_fen, OrderField.TOTAL)


async def create_in_transaction(actor: Actor, fields: NewOrder, at: datetime | None = None) -> int:
    """Insert the order, its lines and their allocations; check the total; record the event."""
    number = fields.channel_order_no.strip()
    if number and await _exists(actor, fields.channel, number):
        raise Conflict(
            "Order {number} from the channel “{channel}” is already recorded.",
            code="order_exists",
            number=number,
            channel=channel_of(fields.channel),
        )
    batch = await _custom_batch(actor, fields.processing_batch_id)
    row = Order(
        cooperative=actor.cooperative_id,
        channel=fields.channel,
        channel_order_no=number,
        buyer_name=fields.buyer_name.strip(),
        buyer_phone=fields.buyer_phone.strip(),
        address=fields.address.strip(),
        shipping_fen=fields.shipping_fen,
        discount_fen=fields.discount_fen,
        total_fen=fields.total_fen,
        processing_batch=batch["id"] if batch else None,
        created_by=actor.user_id,
        created_at=at or clock.now(),
    )
    await row.save()
    totals = [await _add_line(actor, row.id, line, batch) for line in fields.lines]
    if batch is not None:
        totals.append(await _add_fee_line(row.id, batch))
    check_total(fields.total_fen, totals, fields.shipping_fen, fields.discount_fen)
    await _event(actor, row.id, "", OrderStatus.PENDING.value, "", "", "")
    return int(row.id)


async def _add_line(
    actor: Actor, order_id: int, line: NewLine, batch: dict[str, Any] | None
) -> int:
    product = await product_of(actor, line.product_id)
    price = product["price_fen"] if line.unit_price_fen is None else line.unit_price_fen
    if product["unit"] == "jar":
        if line.weight_g is not None or line.jars is None or line.lots:
            raise InvalidInput(
                "{product} is sold by the jar: give the number of jars.",
                code="jars_required",
                product=product["name_zh"],
            )
        total = jar_line_total(line.jars, price)
    else:
        if line.jars is not None or line.weight_g is None or line.batches:
            raise InvalidInput(
                "{product} is sold by weight: give the grams.",
                code="grams_required",
                product=product["name_zh"],
            )
        total = fruit_line_total(line.weight_g, price)
    if line.line_total_fen is not None and line.line_total_fen != total:
        raise InvalidInput(
            "The line total for {product} should be {expected} fen, not {stated}.",
            code="line_total_mismatch",
            product=product["name_zh"],
            expected=total,
            stated=line.line_total_fen,
        )
    saved = OrderLine(
        order=order_id,
        product=product["id"],
        kind=LineKind.GOODS.value,
        jars=line.jars,
        weight_g=line.weight_g,
        unit_price_fen=price,
        line_total_fen=total,
    )
    await saved.save()
    if batch is not None and line.weight_g is not None:
        await order_stock.fill_from_batch(saved.id, batch, line.weight_g)
    else:
        picks = Picks(batches=line.batches, lots=line.lots)
        await _fill(actor, saved.id, product, line.jars, line.weight_g, picks)
    return total


async def _fill(
    actor: Actor,
    line_id: int,
    product: dict[str, Any],
    jars: int | None,
    weight_g: int | None,
    picks: Picks,
) -> None:
    if jars is not None:
        chosen = [(pick.batch_id, pick.jars) for pick in picks.batches]
        await order_stock.fill_jars(actor, line_id, product, jars, chosen)
    else:
        assert weight_g is not None
        lots = [(pick.lot_code, pick.weight_g) for pick in picks.lots]
        await order_stock.fill_grams(actor, line_id, product, weight_g, lots)


async def _add_fee_line(order_id: int, batch: dict[str, Any]) -> int:
    """Custom processing: the buyer pays the batch's fee, per kg of the fruit that went in."""
    await OrderLine.insert(
        OrderLine(
            order=order_id,
            product=batch["product"],
            kind=LineKind.PROCESSING_FEE.value,
            weight_g=batch["fruit_g"],
            unit_price_fen=batch["fee_rate_fen_per_kg"],
            line_total_fen=batch["buyer_charge_fen"],
        )
    )
    return int(batch["buyer_charge_fen"])


async def _custom_batch(actor: Actor, batch_id: int | None) -> dict[str, Any] | None:
    """A batch made for a buyer, finished, and not yet on another live order."""
    if batch_id is None:
        return None
    batch = (
        await Batch.select()
        .where((Batch.id == batch_id) & (Batch.cooperative == actor.cooperative_id))
        .first()
    )
    if batch is None:
        raise NotFound(
            "No batch {batch_id} in this cooperative.", code="batch_not_found", batch_id=batch_id
        )
    if not batch["buyer_name"] or batch["buyer_charge_fen"] is None:
        raise InvalidInput(
            "Batch {batch} was not made for a buyer, or is not finished yet.",
            code="not_custom_batch",
            batch=batch["code"],
        )
    if batch["status"] != BatchStatus.FINISHED.value:
        raise Conflict(
            "Batch {batch} is “{status}”: its jars cannot be sold or packed.",
            code="batch_not_for_sale",
            batch=batch["code"],
            status=BatchStatus(batch["status"]),
        )
    live = await Order.select(Order.id).where(
        (Order.processing_batch == batch_id) & Order.status.not_in([s.value for s in RETURNS_STOCK])
    )
    if live:
        raise Conflict(
            "Batch {batch} is already on order {order_id}.",
            code="batch_already_ordered",
            batch=batch["code"],
            order_id=live[0]["id"],
        )
    return batch


async def _exists(actor: Actor, channel: str, number: str) -> bool:
    found = await Order.select(Order.id).where(
        (Order.cooperative == actor.cooperative_id)
        & (Order.channel == channel)
        & (Order.channel_order_no == number)
    )
    return bool(found)


async def _own_order(actor: Actor, order_id: int) -> dict[str, Any]:
    row = (
        await Order.select()
        .where((Order.id == order_id) & (Order.cooperative == actor.cooperative_id))
        .first()
    )
    if row is None:
        raise _no_order(order_id)
    return row


async def _event(
    actor: Actor,
    order_id: int,
    from_status: str,
    to_status: str,
    reason: str,
    carrier: str,
    tracking: str,
) -> None:
    await OrderEvent.insert(
        OrderEvent(
            order=order_id,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
            carrier=carrier,
            tracking=tracking,
            changed_by=actor.user_id,
            changed_at=clock.now(),
        )
    )


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
        Order.shipping_fen,
        Order.discount_fen,
        Order.processing_batch.as_alias("processing_batch_id"),
        Order.created_by,
    )


def _private(actor: Actor, row: dict[str, Any]) -> dict[str, Any]:
    """Buyers' phone numbers and addresses are for the order desk only (DESIGN: privacy)."""
    if actor.role in ORDER_DESK:
        return row
    return {**row, "buyer_phone": None, "address": None}


def _local_midnight(day: date, next_day: bool = False) -> datetime:
    start = datetime.combine(day, time(0), tzinfo=clock.LOCAL)
    return start + timedelta(days=1) if next_day else start
