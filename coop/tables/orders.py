"""Buyers' orders: lines, what fills them (the forward trace), status events, import mappings."""

from __future__ import annotations

from piccolo.columns import JSON, BigInt, Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coop.tables.accounts import User
from coop.tables.cooperative import Cooperative, Product
from coop.tables.lots import HarvestLot
from coop.tables.processing import Batch


class Order(Table, tablename="coop_order"):
    """A buyer's order from one channel; its number is unique per channel (raw migration)."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    channel = Varchar(length=20)  # coop.domain.orders.Channel
    channel_order_no = Varchar(length=60, default="")  # the channel's own number; may be empty
    buyer_name = Varchar(length=80, default="")
    buyer_phone = Varchar(length=20, default="")  # private: order desk only
    address = Varchar(length=300, default="")  # private: order desk only
    buyer_note = Varchar(length=200, default="")  # the shop's 买家留言; private: order desk only
    shipping_fen = BigInt(default=0)
    discount_fen = BigInt(default=0)
    total_fen = BigInt()
    status = Varchar(length=12, default="pending", index=True)  # coop.domain.orders.OrderStatus
    carrier = Varchar(length=40, default="")
    tracking = Varchar(length=60, default="")
    processing_batch = ForeignKey(Batch, null=True, default=None)  # custom processing
    created_by = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)


class OrderLine(Table):
    """Jars (quantity x unit price) or fresh fruit (grams x price per kg), or a processing fee."""

    id: Serial
    order = ForeignKey(Order, null=False, index=True)
    product = ForeignKey(Product, null=False)
    kind = Varchar(length=20, default="goods")  # coop.domain.orders.LineKind
    jars = Integer(null=True, default=None)
    weight_g = Integer(null=True, default=None)
    unit_price_fen = BigInt()  # per jar, or per kg
    line_total_fen = BigInt()


class OrderAllocation(Table):
    """Which batch's jars or lot's grams fill a line: the forward trace from lot to buyer."""

    id: Serial
    line = ForeignKey(OrderLine, null=False, index=True)
    batch = ForeignKey(Batch, null=True, default=None, index=True)
    harvest_lot = ForeignKey(HarvestLot, null=True, default=None, index=True)
    jars = Integer(null=True, default=None)
    weight_g = Integer(null=True, default=None)
    stock_taken = Boolean(default=True)  # false once returned (or when a batch took the fruit)


class OrderEvent(Table):
    """Every status change of an order: from, to, why, who and when."""

    id: Serial
    order = ForeignKey(Order, null=False, index=True)
    from_status = Varchar(length=12, default="")
    to_status = Varchar(length=12)
    reason = Varchar(length=200, default="")
    carrier = Varchar(length=40, default="")
    tracking = Varchar(length=60, default="")
    changed_by = ForeignKey(User, null=False)
    changed_at = Timestamptz(default=TimestamptzNow())


class ImportMapping(Table):
    """A channel's export columns named for our fields; one per cooperative and channel."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    channel = Varchar(length=20)
    mapping = JSON(default="{}")
    updated_by = ForeignKey(User, null=False)
    updated_at = Timestamptz(default=TimestamptzNow())
