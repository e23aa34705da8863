"""Recalls: a doubtful batch or lot leaves sale for good, its buyers are called, the recall closed.

Statuses move through coop.services.holds, as a hold's do. A drill changes no status: it times the
way from "this lot is doubtful" to the complete list of buyers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from coop.db import write
from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, InvalidInput, NotFound
from coop.domain.lots import LotStatus
from coop.domain.orders import OrderStatus
from coop.domain.processing import BatchStatus
from coop.domain.trace import (
    channel_of,
    check_closing_note,
    check_contact_note,
    check_reason,
    duration_ms,
    outcome_of,
)
from coop.services import clock, trace
from coop.services.audit import audit
from coop.services.fields import Id, Text12, Text80, Text300, Text500, Text1000
from coop.services.holds import batches_of, move_batches, move_lot, subject
from coop.services.trace_queries import BuyerOrder
from coop.tables import Recall, RecallContact


class NewRecall(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    lot_code: Text80
    reason: Text300
    drill: bool = False


class NewContact(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    order_id: Id
    channel: Text12
    outcome: Text12
    note: Text500 = ""


class Closing(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    note: Text1000


class ContactView(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    order_id: int
    contacted_at: datetime
    contacted_by: str
    channel: str
    outcome: str
    note: str


class RecallOrder(msgspec.Struct, frozen=True, kw_only=True):
    order: BuyerOrder
    contacts: list[ContactView]


class RecallView(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    lot_code: str
    reason: str
    opened_by: str
    opened_at: datetime
    closed_by: str | None
    closed_at: datetime | None
    closing_note: str
    drill: bool
    drill_started_at: datetime | None
    drill_completed_at: datetime | None
    drill_duration_ms: int | None
    orders: list[RecallOrder]


class RecallSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    lot_code: str
    reason: str
    opened_at: datetime
    closed_at: datetime | None
    drill: bool
    drill_duration_ms: int | None


# --- use cases ------------------------------------------------------------------------------------


async def open_recall(actor: Actor, fields: NewRecall) -> RecallView:
    """A recall takes the lot (and its batches) off sale for good; a drill only starts the clock."""
    actor.require(Action.TRACE)
    reason = check_reason(fields.reason)
    now = clock.now()
    async with write():
        kind, subject_id, code = await subject(actor, fields.lot_code)
        if not fields.drill:
            if kind == "batch":
                batches = [subject_id]
            else:
                await move_lot(
                    actor, subject_id, {LotStatus.OPEN, LotStatus.HELD}, LotStatus.RECALLED, reason
                )
                batches = await batches_of(subject_id)
            sellable = {BatchStatus.FINISHED, BatchStatus.HELD}
            await move_batches(actor, batches, sellable, BatchStatus.RECALLED, reason)
        rows = await Recall.insert(
            Recall(
                cooperative=actor.cooperative_id,
                batch=subject_id if kind == "batch" else None,
                harvest_lot=subject_id if kind == "lot" else None,
                reason=reason,
                opened_by=actor.user_id,
                opened_at=now,
                drill=fields.drill,
                drill_started_at=now if fields.drill else None,
            )
        ).returning(Recall.id)
        recall_id = rows[0]["id"]
        await audit(actor, "open_recall", "recall", recall_id, lot=code, drill=fields.drill)
    return await recall(actor, recall_id)


async def finish_drill(actor: Actor, recall_id: int) -> RecallView:
    """Stop a drill's clock once the complete forward list is in hand; it stops only once."""
    actor.require(Action.TRACE)
    async with write():
        row = await _own_recall(actor, recall_id)
        if not row["drill"]:
            raise Conflict("Recall {recall} is not a drill.", code="not_a_drill", recall=recall_id)
        if row["drill_completed_at"] is not None:
            raise Conflict(
                "The drill {recall} has already finished.", code="drill_finished", recall=recall_id
            )
        now = clock.now()
        took = duration_ms(row["drill_started_at"], now)
        await Recall.update({Recall.drill_completed_at: now, Recall.drill_duration_ms: took}).where(
            Recall.id == recall_id
        )
        await audit(actor, "finish_drill", "recall", recall_id, duration_ms=took)
    return await recall(actor, recall_id)


async def record_contact(actor: Actor, recall_id: int, fields: NewContact) -> RecallView:
    """Each attempt to reach a buyer, with its outcome; only an order the recall reached."""
    actor.require(Action.TRACE)
    channel = channel_of(fields.channel)
    outcome = outcome_of(fields.outcome)
    note = check_contact_note(fields.note)
    async with write():
        row = await _own_recall(actor, recall_id)
        _require_open(row)
        orders = await _affected(actor, row)
        if fields.order_id not in {order.id for order in orders}:
            raise InvalidInput(
                "Order {order_id} did not get anything from this lot.",
                code="order_not_affected",
                order_id=fields.order_id,
            )
        await RecallContact.insert(
            RecallContact(
                recall=recall_id,
                order=fields.order_id,
                contacted_at=clock.now(),
                contacted_by=actor.user_id,
                channel=channel.value,
                outcome=outcome.value,
                note=note,
            )
        )
    return await recall(actor, recall_id)


async def close_recall(actor: Actor, recall_id: int, fields: Closing) -> RecallView:
    """A recall ends with a note saying what was done; closed, it takes no more contacts."""
    actor.require(Action.TRACE)
    note = check_closing_note(fields.note)
    async with write():
        row = await _own_recall(actor, recall_id)
        _require_open(row)
        await Recall.update(
            {
                Recall.closed_by: actor.user_id,
                Recall.closed_at: clock.now(),
                Recall.closing_note: note,
            }
        ).where(Recall.id == recall_id)
        await audit(actor, "close_recall", "recall", recall_id, note=note)
    return await recall(actor, recall_id)


async def recall(actor: Actor, recall_id: int) -> RecallView:
    actor.require(Action.TRACE)
    row = await _own_recall(actor, recall_id)
    orders = await _affected(actor, row)
    contacts = (
        await RecallContact.select(
            RecallContact.id,
            RecallContact.order.as_alias("order_id"),
            RecallContact.contacted_at,
            RecallContact.contacted_by.name.as_alias("contacted_by"),
            RecallContact.channel,
            RecallContact.outcome,
            RecallContact.note,
        )
        .where(RecallContact.recall == recall_id)
        .order_by(RecallContact.id)
    )
    by_order: dict[int, list[ContactView]] = {}
    for contact in contacts:
        by_order.setdefault(contact["order_id"], []).append(ContactView(**contact))
    return RecallView(
        id=row["id"],
        lot_code=row["lot_code"],
        reason=row["reason"],
        opened_by=row["opened_by"],
        opened_at=row["opened_at"],
        closed_by=row["closed_by"],
        closed_at=row["closed_at"],
        closing_note=row["closing_note"],
        drill=row["drill"],
        drill_started_at=row["drill_started_at"],
        drill_completed_at=row["drill_completed_at"],
        drill_duration_ms=row["drill_duration_ms"],
        orders=[RecallOrder(order=o, contacts=by_order.get(o.id, [])) for o in orders],
    )


async def recalls(actor: Actor) -> list[RecallSummary]:
    actor.require(Action.TRACE)
    rows = (
        await _recall_query()
        .where(Recall.cooperative == actor.cooperative_id)
        .order_by(Recall.id, ascending=False)
    )
    return [
        RecallSummary(
            **{k: row[k] for k in RecallSummary.__struct_fields__ if k != "lot_code"},
            lot_code=row["batch_code"] or row["harvest_lot_code"],
        )
        for row in rows
    ]


# --- inside ---------------------------------------------------------------------------------------


def _recall_query():
    return Recall.select(
        Recall.id,
        Recall.batch.code.as_alias("batch_code"),
        Recall.harvest_lot.code.as_alias("harvest_lot_code"),
        Recall.batch.as_alias("batch_id"),
        Recall.harvest_lot.as_alias("lot_id"),
        Recall.reason,
        Recall.opened_by.name.as_alias("opened_by"),
        Recall.opened_at,
        Recall.closed_by.name.as_alias("closed_by"),
        Recall.closed_at,
        Recall.closing_note,
        Recall.drill,
        Recall.drill_started_at,
        Recall.drill_completed_at,
        Recall.drill_duration_ms,
    )


async def _own_recall(actor: Actor, recall_id: int) -> dict[str, Any]:
    row = (
        await _recall_query()
        .where((Recall.id == recall_id) & (Recall.cooperative == actor.cooperative_id))
        .first()
    )
    if row is None:
        raise NotFound(
            "No recall {recall} in this cooperative.", code="recall_not_found", recall=recall_id
        )
    row["lot_code"] = row["batch_code"] or row["harvest_lot_code"]
    return row


def _require_open(row: dict[str, Any]) -> None:
    if row["closed_at"] is not None:
        raise Conflict("Recall {recall} is closed.", code="recall_closed", recall=row["id"])


async def _affected(actor: Actor, row: dict[str, Any]) -> list[BuyerOrder]:
    """The orders that got something from the lot, except those cancelled before they left."""
    traced = await trace.forward(actor, row["lot_code"])
    return [order for order in traced.orders if order.status != OrderStatus.CANCELLED.value]
