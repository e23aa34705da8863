"""Text messages: the outbox, replies that came back, the work team's notices and who gets what."""

from __future__ import annotations

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coop.tables.accounts import User
from coop.tables.cooperative import Cooperative, Household


class MessageSettings(Table):
    """A cooperative's hour (in China) for the daily receipts; one row per cooperative."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False, unique=True)
    receipt_hour = Integer(default=20)
    last_receipt_day = Date(null=True, default=None)  # the last day whose receipts were written


class HouseholdMessaging(Table):
    """A household's language for messages and whether it opted out; no row: Chinese, opted in."""

    id: Serial
    household = ForeignKey(Household, null=False, unique=True)
    locale = Varchar(length=10, default="zh_CN")  # zh_CN or ug
    opted_out = Boolean(default=False)


class OutMessage(Table):
    """One text to one phone, written in the transaction that causes it; unique per cause (raw
    migration: cause_type, cause_key, household), so a cause never sends twice."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False, index=True)
    household = ForeignKey(Household, null=False, index=True)
    phone = Varchar(length=20)
    text = Text()
    locale = Varchar(length=10, default="zh_CN")
    kind = Varchar(length=12)  # coop.domain.sms.Kind
    cause_type = Varchar(length=20)
    cause_key = Varchar(length=60)
    segments = Integer(default=1)
    state = Varchar(length=10, default="queued")  # coop.domain.sms.State
    attempts = Integer(default=0)
    next_attempt_at = Timestamptz(default=TimestamptzNow())
    gateway_id = Varchar(length=200, null=True, default=None)
    error = Varchar(length=200, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)
    settled_at = Timestamptz(null=True, default=None)  # delivered or failed


class Notice(Table):
    """A notice the work team sent to every household or one village group."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False, index=True)
    village_group = Varchar(length=80, default="")  # "" = every household
    text_zh = Text()
    text_ug = Text(default="")
    recipients = Integer(default=0)
    created_by = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow())


class Reply(Table):
    """A text that came in: a household's suggestion or question (意见建议), or a stranger's."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=True, default=None, index=True)  # None: unknown
    household = ForeignKey(Household, null=True, default=None)
    phone = Varchar(length=40)
    text = Text()
    gateway_id = Varchar(length=200, unique=True)
    received_at = Timestamptz(default=TimestamptzNow())
    answered_by = ForeignKey(User, null=True, default=None)
    answered_at = Timestamptz(null=True, default=None)
