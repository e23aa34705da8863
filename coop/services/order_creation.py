"""Recording an order from any channel: its lines priced, its stock taken, its total checked.

Only the order desk records orders. Revenue from orders is the cooperative's: no household
ledger entry is written here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, InvalidInput, NotFound
from coop.domain.orders import (
    RETURNS_STOCK,
    LineKind,
    OrderField,
    OrderStatus,
    channel_of,
    check_fen,
    check_total,
    fruit_line_total,
    jar_line_total,
)
from coop.domain.processing import BatchStatus
from coop.services import certificates, clock, freshness, idempotency, order_stock
from coop.services.lookup import product_of
from coop.services.order_queries import order
from coop.services.order_views import NewLine, NewOrder, OrderView, Picks
from coop.tables import Batch, Order, OrderEvent, OrderLine


async def create_order(
    actor: Actor, fields: NewOrder, idempotency_key: str | None = None
) -> OrderView:
    """Record an order and take its stock in one transaction; a short line refuses it all."""
    actor.require(Action.TAKE_ORDERS)
    check_order_fields(fields)

    async def create() -> int:
        return await create_in_transaction(actor, fields)

    payload = msgspec.to_builtins(fields)
    order_id = await idempotency.once(actor, "order", idempotency_key, payload, create)
    return await order(actor, order_id)


def check_order_fields(fields: NewOrder) -> None:
    """What can be checked before the database: channel, lengths, money in whole fen."""
    channel_of(fields.channel)
    for text, most in (
        (fields.channel_order_no, 60),
        (fields.buyer_name, 80),
        (fields.buyer_phone, 20),
        (fields.address, 300),
        (fields.buyer_note, 200),
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
        buyer_note=fields.buyer_note.strip(),
        shipping_fen=fields.shipping_fen,
        discount_fen=fields.discount_fen,
        total_fen=fields.total_fen,
        processing_batch=batch["id"] if batch else None,
        created_by=actor.user_id,
        created_at=at or clock.now(),
    )
    await row.save()
    with freshness.selling_at(at):  # fresh fruit is judged on the order's own day
        totals = [await _add_line(actor, row.id, line, batch) for line in fields.lines]
    if batch is not None:
        totals.append(await _add_fee_line(row.id, batch))
    check_total(fields.total_fen, totals, fields.shipping_fen, fields.discount_fen)
    await record_event(actor, row.id, "", OrderStatus.PENDING.value, "", "", "")
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
        await fill_line(actor, saved.id, product, line.jars, line.weight_g, picks)
    return total


async def fill_line(
    actor: Actor,
    line_id: int,
    product: dict[str, Any],
    jars: int | None,
    weight_g: int | None,
    picks: Picks,
) -> None:
    """Take a line's stock: jars or grams, from the picked batches or lots or earliest first."""
    if jars is not None:
        chosen = [(pick.batch_id, pick.jars) for pick in picks.batches]
        await order_stock.fill_jars(actor, line_id, product, jars, chosen)
    else:
        assert weight_g is not None
        lots = [(pick.lot_code, pick.weight_g) for pick in picks.lots]
        await order_stock.fill_grams(actor, line_id, product, weight_g, lots)
        await certificates.issue_for_line(actor, line_id, product)  # a sale of fresh fruit


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


async def record_event(
    actor: Actor,
    order_id: int,
    from_status: str,
    to_status: str,
    reason: str,
    carrier: str,
    tracking: str,
) -> None:
    """An order's history: every change of status, who made it and when."""
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
