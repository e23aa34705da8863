"""Recalls of a batch or a lot, and each attempt to reach a buyer."""

from __future__ import annotations

from piccolo.columns import BigInt, Boolean, ForeignKey, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coop.tables.accounts import User
from coop.tables.cooperative import Cooperative
from coop.tables.lots import HarvestLot
from coop.tables.orders import Order
from coop.tables.processing import Batch


class Recall(Table):
    """A hold turned recall (or a drill) of a batch or a harvest lot, closed with a note."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False, index=True)
    batch = ForeignKey(Batch, null=True, default=None, index=True)
    harvest_lot = ForeignKey(HarvestLot, null=True, default=None, index=True)
    reason = Varchar(length=300)
    opened_by = ForeignKey(User, null=False)
    opened_at = Timestamptz(default=TimestamptzNow())
    closed_by = ForeignKey(User, null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    closing_note = Varchar(length=1000, default="")
    drill = Boolean(default=False)  # an exercise: nothing is held, the clock runs
    drill_started_at = Timestamptz(null=True, default=None)
    drill_completed_at = Timestamptz(null=True, default=None)
    drill_duration_ms = BigInt(null=True, default=None)


class RecallContact(Table):
    """One attempt to reach a buyer of a recalled lot: how, and what came of it."""

    id: Serial
    recall = ForeignKey(Recall, null=False, index=True)
    order = ForeignKey(Order, null=False, index=True)
    contacted_at = Timestamptz(default=TimestamptzNow())
    contacted_by = ForeignKey(User, null=False)
    channel = Varchar(length=12)  # coop.domain.trace.ContactChannel
    outcome = Varchar(length=12)  # coop.domain.trace.ContactOutcome
    note = Varchar(length=500, default="")
