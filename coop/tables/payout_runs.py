"""Money out: advances and inputs on credit, and payout runs with their frozen lines."""

from __future__ import annotations

from piccolo.columns import BigInt, Boolean, Date, ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coop.tables.accounts import User
from coop.tables.cooperative import Cooperative, Household
from coop.tables.ledger import Payout


class Advance(Table):
    """A cash advance or inputs on credit: posted with a ledger debit of its own kind."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    household = ForeignKey(Household, null=False, index=True)
    kind = Varchar(length=20)  # advance, input_credit (the ledger entry's kind)
    item = Varchar(length=60, default="")
    quantity_milli = BigInt(null=True, default=None)  # thousandths of the item's unit
    unit_price_fen = BigInt(null=True, default=None)
    amount_fen = BigInt()
    created_by = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow())


class PayoutRun(Table):
    """One run for a period: draft, locked (lines frozen), posted (payouts written, once)."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    period_start = Date()
    period_end = Date()
    method = Varchar(length=10)  # bank, wechat
    status = Varchar(length=10, default="draft")
    created_by = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow())
    locked_at = Timestamptz(null=True, default=None)
    posted_at = Timestamptz(null=True, default=None)


class PayoutRunChange(Table):
    """The board excluded or capped a household in a draft run, and why: rows added, the latest
    per household counts."""

    id: Serial
    run = ForeignKey(PayoutRun, null=False, index=True)
    household = ForeignKey(Household, null=False)
    excluded = Boolean(default=False)
    cap_fen = BigInt(null=True, default=None)
    reason = Varchar(length=200, default="")
    created_by = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow())


class PayoutRunLine(Table):
    """A locked run's line: unique per run and household, its bill number unique everywhere."""

    id: Serial
    run = ForeignKey(PayoutRun, null=False, index=True)
    household = ForeignKey(Household, null=False)
    earned_fen = BigInt(default=0)
    deducted_fen = BigInt(default=0)
    owed_fen = BigInt(default=0)
    excluded = Boolean(default=False)
    cap_fen = BigInt(null=True, default=None)
    reason = Varchar(length=200, default="")
    pay_fen = BigInt(default=0)
    bill_no = Varchar(length=32, unique=True)
    payout = ForeignKey(Payout, null=True, default=None)
    paid_fen = BigInt(default=0)  # what confirming posted
    status = Varchar(length=10, default="pending")  # pending, paid, failed
    marked_by = ForeignKey(User, null=True, default=None)
    marked_at = Timestamptz(null=True, default=None)
