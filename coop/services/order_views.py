"""What the order services take and give: new orders, picks, transitions, and order views."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from coop.services.fields import (
    Count,
    Fen,
    Grams,
    Id,
    Reason,
    Text12,
    Text20,
    Text40,
    Text60,
    Text80,
    Text200,
    Text300,
)

# --- what callers send ----------------------------------------------------------------------------


class PickBatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    batch_id: Id
    jars: Count


class PickLot(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    lot_code: Text80
    weight_g: Grams


class Picks(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Which batches or lots fill a line; none means earliest best-before (oldest fruit) first."""

    batches: list[PickBatch] = []
    lots: list[PickLot] = []


class NewLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Jars of a jar product, or grams of fresh fruit; the product's price unless one is given."""

    product_id: Id
    jars: Count | None = None
    weight_g: Grams | None = None
    unit_price_fen: Fen | None = None  # per jar, or per kg
    line_total_fen: Fen | None = None  # when given, it must be what the line costs
    batches: list[PickBatch] = []
    lots: list[PickLot] = []


class NewOrder(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    channel: Text20
    lines: list[NewLine]
    total_fen: Fen
    channel_order_no: Text60 = ""
    buyer_name: Text80 = ""
    buyer_phone: Text20 = ""
    address: Text300 = ""
    buyer_note: Text200 = ""
    shipping_fen: Fen = 0
    discount_fen: Fen = 0
    processing_batch_id: Id | None = None  # custom processing: its fee becomes a line


class Transition(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    to: Text12
    reason: Reason = ""  # cancelled, refunded
    carrier: Text40 = ""  # shipped
    tracking: Text60 = ""  # shipped
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
    product_name_ug: str = ""
    product_name_en: str = ""
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
    buyer_note: str | None  # the order desk only
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
