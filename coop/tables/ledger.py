"""Households' money: the append-only ledger, shares, surplus returns, payouts and the totals
database triggers keep."""

from __future__ import annotations

from piccolo.columns import BigInt, Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coop.tables.accounts import User
from coop.tables.cooperative import Cooperative, Household


class LedgerEntry(Table):
    """Append-only: never updated or deleted (database triggers refuse both)."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    household = ForeignKey(Household, null=False, index=True)
    season = Integer()
    kind = Varchar(length=20)
    amount_fen = BigInt()
    source_type = Varchar(length=20)
    source_id = Integer(index=True)
    reverses: ForeignKey = ForeignKey("self", null=True, default=None)
    reason = Varchar(length=200, default="")
    created_by = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow())


class MemberShare(Table):
    """Capital paid in and reserve-fund shares in members' accounts: rows added, never edited."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    household = ForeignKey(Household, null=False, index=True)
    season = Integer()
    kind = Varchar(length=10)  # capital, reserve
    amount_fen = BigInt()  # negative to record a withdrawal or a correction
    note = Varchar(length=200, default="")
    created_by = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow())


class SurplusReturn(Table):
    """A season's surplus return as the board confirmed it; unique per cooperative and season."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    season = Integer()
    surplus_fen = BigInt()
    reserve_percent = Integer()
    volume_share_percent = Integer()
    reserve_fen = BigInt()
    returned_fen = BigInt()
    status = Varchar(length=10, default="posted")  # previews write nothing: only "posted" is stored
    confirmed_by = ForeignKey(User, null=False)
    confirmed_at = Timestamptz(default=TimestamptzNow())


class Payout(Table):
    """The cooperative paid a household: recorded with a ledger debit of kind payout."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    household = ForeignKey(Household, null=False, index=True)
    amount_fen = BigInt()
    method = Varchar(length=10)  # cash, wechat, bank
    reference = Varchar(length=60, default="")
    created_by = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow())


class IncomeTotal(Table):
    """Ledger sums per household, season and kind (a reversal under the kind it reverses), and the
    fruit weighed in: kept by database triggers as entries and lots are added, never by code."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    household = ForeignKey(Household, null=False)  # unique (household, season, kind): raw migration
    season = Integer()
    kind = Varchar(length=20)
    amount_fen = BigInt()
    weight_g = BigInt(default=0)


class IncomeDay(Table):
    """Ledger sums per cooperative, season, day in China and kind: kept by a database trigger."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)  # unique (cooperative, season, day, kind)
    season = Integer()
    day = Date()
    kind = Varchar(length=20)
    amount_fen = BigInt()
