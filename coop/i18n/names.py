"""What each code is called: statuses, channels, roles, ledger entry kinds and fields are stored and
sent as English
codes and shown to people by these names (msgids), on pages and in error messages alike, so one
thing is called one way in each language.

An error passes the code itself (the enum member) as a parameter; translate() shows its name. A
tuple of codes is a list of choices, shown with each code, as an API client must send it.
"""

from __future__ import annotations

from enum import StrEnum

import msgspec

from coop.domain.actors import Role
from coop.domain.certificates import Basis
from coop.domain.lots import LotStatus
from coop.domain.orders import Channel, OrderField, OrderStatus
from coop.domain.payout_runs import LineStatus, RunStatus
from coop.domain.payouts import PayoutMethod
from coop.domain.processing import BatchStatus
from coop.domain.sms import Kind as MessageKind
from coop.domain.statement import EntryKind
from coop.domain.surplus import ShareKind

NAMES: dict[type[StrEnum], dict[str, str]] = {
    OrderStatus: {
        OrderStatus.PENDING: "Awaiting payment",
        OrderStatus.PAID: "Paid",
        OrderStatus.PACKED: "Packed",
        OrderStatus.SHIPPED: "Shipped",
        OrderStatus.DELIVERED: "Delivered",
        OrderStatus.CANCELLED: "Cancelled",
        OrderStatus.REFUNDED: "Refunded",
    },
    Channel: {
        Channel.SHOP: "Online shop",
        Channel.WECHAT: "WeChat",
        Channel.PHONE: "Phone order",
        Channel.ON_SITE: "Picking garden",
        Channel.WHOLESALE: "Wholesale",
    },
    OrderField: {
        OrderField.CHANNEL_ORDER_NO: "Channel's order number",
        OrderField.PRODUCT_CODE: "Product code",
        OrderField.PRODUCT_NAME: "Product name",
        OrderField.QUANTITY: "Quantity",
        OrderField.UNIT_PRICE: "Unit price",
        OrderField.LINE_TOTAL: "Line total",
        OrderField.TOTAL: "Total",
        OrderField.BUYER_NAME: "Buyer",
        OrderField.BUYER_PHONE: "Phone number",
        OrderField.ADDRESS: "Address",
        OrderField.BUYER_NOTE: "Buyer's note",
        OrderField.SHIPPING: "Shipping",
        OrderField.DISCOUNT: "Discount",
    },
    BatchStatus: {
        BatchStatus.DRAFT: "Being made",
        BatchStatus.FINISHED: "Finished",
        BatchStatus.CORRECTED: "Corrected",
        BatchStatus.HELD: "Sale paused",
        BatchStatus.RECALLED: "Recalled",
    },
    LotStatus: {
        LotStatus.OPEN: "Valid",
        LotStatus.HELD: "On hold",
        LotStatus.RECALLED: "Recalled",
        LotStatus.VOID: "Corrected",
    },
    PayoutMethod: {
        PayoutMethod.CASH: "Cash",
        PayoutMethod.WECHAT: "WeChat Pay",
        PayoutMethod.BANK: "Bank transfer",
    },
    RunStatus: {
        RunStatus.DRAFT: "Draft",
        RunStatus.LOCKED: "Locked",
        RunStatus.POSTED: "Posted",
    },
    LineStatus: {
        LineStatus.PENDING: "Not yet reported",
        LineStatus.PAID: "Paid",
        LineStatus.FAILED: "Transfer failed",
    },
    ShareKind: {
        ShareKind.CAPITAL: "Capital contributed",
        ShareKind.RESERVE: "Reserve-fund share",
    },
    EntryKind: {
        EntryKind.FRUIT_PURCHASE: "Fruit purchase",
        EntryKind.PROCESSING_FEE: "Processing fee",
        EntryKind.SURPLUS_RETURN: "Surplus return",
        EntryKind.PAYOUT: "Payout",
        EntryKind.ADJUSTMENT: "Adjustment",
        EntryKind.REVERSAL: "Reversal",
        EntryKind.ADVANCE: "Cash advance",
        EntryKind.INPUT_CREDIT: "Inputs on credit",
    },
    MessageKind: {
        MessageKind.RECEIPT: "Daily receipt",
        MessageKind.PAYOUT: "Payout notice",
        MessageKind.HOLD: "Hold notice",
        MessageKind.RECALL: "Recall notice",
        MessageKind.NOTICE: "Work team notice",
    },
    Role: {
        Role.ADMIN: "Administrator",
        Role.CLERK: "Clerk",
        Role.PROCESSOR: "Processor",
        Role.WORK_TEAM: "Work team",
        Role.MEMBER: "Member",
    },
    Basis: {
        Basis.SELF_CONTROL: "Internal quality control",
        Basis.TEST_RESULT: "Passed a test",
    },
}
CHOICE = "{code} ({name})"  # one of several choices: what to send, and what it is called
CHOICES_JOINED_BY = ", "


def name_of(value: object) -> str | None:
    """The msgid naming this code, or None for anything that is not a named code."""
    if not isinstance(value, StrEnum):
        return None
    return NAMES.get(type(value), {}).get(value)


def name_in(locale: str, zh: str, ug: str = "", en: str = "") -> str:
    """A name kept in the three languages (a product's), in this locale's; Chinese when the
    locale's is missing."""
    return {"ug": ug, "en": en}.get(locale, "") or zh


class Names(msgspec.Struct, frozen=True):
    zh: str
    ug: str = ""
    en: str = ""

    def of(self, locale: str) -> str:
        return name_in(locale, self.zh, self.ug, self.en)
