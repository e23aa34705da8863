"""Orders: channels, the status an order moves through, and money that must add up."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from coop.domain.errors import Conflict, InvalidInput
from coop.domain.money import MAX_FEN, amount_fen, format_yuan
from coop.domain.processing import MAX_JARS
from coop.domain.weight import MAX_WEIGHT_G


class Channel(StrEnum):
    """Where an order came from; each channel numbers its own orders."""

    SHOP = "shop"  # the online shop
    WECHAT = "wechat"
    PHONE = "phone"
    ON_SITE = "on_site"  # the picking garden
    WHOLESALE = "wholesale"


class OrderStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    PACKED = "packed"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class OrderField(StrEnum):
    """An order's fields as a shop's export maps them, and as messages name them."""

    CHANNEL_ORDER_NO = "channel_order_no"
    PRODUCT_CODE = "product_code"
    PRODUCT_NAME = "product_name"
    QUANTITY = "quantity"
    UNIT_PRICE = "unit_price"
    LINE_TOTAL = "line_total"
    TOTAL = "total"
    BUYER_NAME = "buyer_name"
    BUYER_PHONE = "buyer_phone"
    ADDRESS = "address"
    BUYER_NOTE = "buyer_note"
    SHIPPING = "shipping"
    DISCOUNT = "discount"


class LineKind(StrEnum):
    GOODS = "goods"  # jars from batches or fresh fruit from harvest lots
    PROCESSING_FEE = "processing_fee"  # custom processing: the buyer's fruit made into jam


_S = OrderStatus
# pending → paid → packed → shipped → delivered; cancel before shipping, refund after payment.
NEXT: dict[OrderStatus, frozenset[OrderStatus]] = {
    _S.PENDING: frozenset({_S.PAID, _S.CANCELLED}),
    _S.PAID: frozenset({_S.PACKED, _S.CANCELLED, _S.REFUNDED}),
    _S.PACKED: frozenset({_S.SHIPPED, _S.CANCELLED, _S.REFUNDED}),
    _S.SHIPPED: frozenset({_S.DELIVERED, _S.REFUNDED}),
    _S.DELIVERED: frozenset({_S.REFUNDED}),
    _S.CANCELLED: frozenset(),
    _S.REFUNDED: frozenset(),
}
RETURNS_STOCK = frozenset({_S.CANCELLED, _S.REFUNDED})
NEEDS_REASON = RETURNS_STOCK
ALLOCATION_EDITABLE = frozenset({_S.PENDING, _S.PAID})  # packing fixes which jars go out


def channel_of(text: str) -> Channel:
    if text not in set(Channel):
        raise InvalidInput(
            "There is no order channel {channel}; use one of: {choices}.",
            code="invalid_channel",
            channel=text,
            choices=tuple(Channel),
        )
    return Channel(text)


def status_of(text: str) -> OrderStatus:
    if text not in set(OrderStatus):
        raise InvalidInput(
            "There is no order status {status}; use one of: {choices}.",
            code="invalid_order_status",
            status=text,
            choices=tuple(OrderStatus),
        )
    return OrderStatus(text)


def check_transition(current: OrderStatus, wanted: OrderStatus, reason: str = "") -> None:
    """Refuse a move the status machine does not allow, saying why and what to do instead."""
    if wanted in NEXT[current]:
        if wanted in NEEDS_REASON and not reason.strip():
            raise InvalidInput(
                "Say why the order is “{status}”.", code="reason_required", status=wanted
            )
        return
    if wanted == _S.CANCELLED and current in (_S.SHIPPED, _S.DELIVERED):
        raise Conflict(
            "A shipped order cannot be cancelled; refund it instead.", code="order_shipped"
        )
    if wanted == _S.REFUNDED and current == _S.PENDING:
        raise Conflict(
            "An unpaid order cannot be refunded; cancel it instead.", code="order_not_paid"
        )
    if current in (_S.CANCELLED, _S.REFUNDED):
        raise Conflict(
            "The order is already “{current}”; it cannot change any more.",
            code="order_closed",
            current=current,
        )
    raise Conflict(
        "An order that is “{current}” cannot become “{wanted}”.",
        code="illegal_transition",
        current=current,
        wanted=wanted,
    )


def check_shipping(carrier: str, tracking: str) -> tuple[str, str]:
    """A shipped order names its carrier and tracking number, so the buyer can follow it."""
    carrier, tracking = carrier.strip(), tracking.strip()
    if not carrier or not tracking:
        raise InvalidInput(
            "Name the carrier and the tracking number to ship an order.", code="tracking_required"
        )
    if len(carrier) > 40 or len(tracking) > 60:
        raise InvalidInput("The carrier or tracking number is too long.", code="too_long")
    return carrier, tracking


# --- money ----------------------------------------------------------------------------------------


def check_fen(amount: int, what: OrderField) -> int:
    """Money is a whole number of fen, zero or more."""
    if type(amount) is not int or not 0 <= amount <= MAX_FEN:
        raise InvalidInput(
            "{what} must be a whole number of fen, zero or more.",
            code="invalid_amount",
            what=what,
        )
    return amount


def check_jars(jars: int) -> int:
    if type(jars) is not int or not 0 < jars <= MAX_JARS:
        raise InvalidInput(
            "Order a whole number of jars from 1 to {most}.",
            code="invalid_jar_count",
            most=MAX_JARS,
        )
    return jars


def check_grams(weight_g: int) -> int:
    if type(weight_g) is not int or not 0 < weight_g <= MAX_WEIGHT_G:
        raise InvalidInput(
            "Order fresh fruit in whole grams, more than zero.", code="invalid_weight"
        )
    return weight_g


def jar_line_total(jars: int, price_fen_per_jar: int) -> int:
    """A jar line costs its quantity times the unit price."""
    return check_jars(jars) * check_fen(price_fen_per_jar, OrderField.UNIT_PRICE)


def fruit_line_total(weight_g: int, price_fen_per_kg: int) -> int:
    """Fresh fruit costs its weight times the price per kg, by THE rounding rule."""
    return amount_fen(check_grams(weight_g), check_fen(price_fen_per_kg, OrderField.UNIT_PRICE))


def order_total(line_totals: Iterable[int], shipping_fen: int, discount_fen: int) -> int:
    """What the buyer pays: the lines, plus shipping, minus the discount; never below zero."""
    total = sum(line_totals) + check_fen(shipping_fen, OrderField.SHIPPING)
    if check_fen(discount_fen, OrderField.DISCOUNT) > total:
        raise InvalidInput(
            "The discount is larger than the order; check it.", code="discount_too_large"
        )
    return total - discount_fen


def check_total(stated_fen: int, line_totals: Iterable[int], shipping: int, discount: int) -> int:
    """A stated total must equal lines + shipping − discount, or the order is refused."""
    expected = order_total(line_totals, shipping, discount)
    if check_fen(stated_fen, OrderField.TOTAL) != expected:
        raise InvalidInput(
            "Total {stated} yuan should be {expected} yuan: lines + shipping − discount.",
            code="total_mismatch",
            stated=format_yuan(stated_fen),
            expected=format_yuan(expected),
        )
    return expected


# --- allocation -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Stock that can fill a line: a finished batch's jars or a harvest lot's grams."""

    source_id: int
    code: str
    available: int
    best_before: date | None  # harvest lots: the day weighed stands in (oldest fruit first)


@dataclass(frozen=True)
class Allocation:
    source_id: int
    code: str
    quantity: int


def allocate(sources: Iterable[Source], wanted: int) -> tuple[list[Allocation], int]:
    """Earliest best-before first (it must sell first); returns the takes and what is short."""
    takes: list[Allocation] = []
    missing = wanted
    undated = date.max
    for source in sorted(sources, key=lambda s: (s.best_before or undated, s.source_id)):
        if missing <= 0:
            break
        take = min(source.available, missing)
        if take > 0:
            takes.append(Allocation(source.source_id, source.code, take))
            missing -= take
    return takes, max(missing, 0)


def check_allocation_sum(wanted: int, quantities: Iterable[int]) -> None:
    """Allocations chosen by hand must cover the line exactly, no more and no less."""
    given = sum(quantities)
    if given != wanted:
        raise InvalidInput(
            "The allocations add up to {given}, but the line orders {wanted}.",
            code="allocation_mismatch",
            given=given,
            wanted=wanted,
        )
