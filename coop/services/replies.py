"""Replies: texts that came in, stored as the sending household's suggestion or question
(意见建议) for the work team, who mark each answered; unknown numbers are kept apart."""

from __future__ import annotations

from datetime import datetime

import msgspec

from coop.db import sql
from coop.domain.actors import Action, Actor
from coop.domain.errors import NotFound
from coop.domain.sms import national
from coop.services import clock
from coop.tables import Household, Reply

_REPLY = Reply._meta.tablename
_HOUSEHOLD = Household._meta.tablename


class ReplyView(msgspec.Struct, frozen=True):
    id: int
    household_id: int | None
    household_code: str | None
    household_name: str | None
    phone: str
    text: str
    received_at: datetime
    answered_at: datetime | None


async def _sender(number: str) -> dict | None:
    """The active household whose phone is this number (the first, if two share one)."""
    wanted = national(number)
    rows = await sql(f"SELECT id, cooperative, phone FROM {_HOUSEHOLD} WHERE active ORDER BY id")
    return next((row for row in rows if row["phone"] and national(row["phone"]) == wanted), None)


async def store(gateway_id: str, number: str, text: str, at: datetime) -> None:
    """Keep a text once (a file read twice is stored once), under its household when known."""
    household = await _sender(number)
    await sql(
        f"INSERT INTO {_REPLY} (cooperative, household, phone, text, gateway_id, received_at) "
        f"VALUES ({{}}, {{}}, {{}}, {{}}, {{}}, {{}}) ON CONFLICT (gateway_id) DO NOTHING",
        household["cooperative"] if household else None,
        household["id"] if household else None,
        national(number)[:40],
        text,
        gateway_id,
        at,
    )


async def replies(actor: Actor, known: bool = True) -> list[ReplyView]:
    """Newest first: the cooperative's households' texts, or (known=False) unknown numbers'."""
    actor.require(Action.MESSAGE_HOUSEHOLDS)
    query = Reply.select(
        Reply.id,
        Reply.household.as_alias("household_id"),
        Reply.household.code.as_alias("household_code"),
        Reply.household.display_name.as_alias("household_name"),
        Reply.phone,
        Reply.text,
        Reply.received_at,
        Reply.answered_at,
    )
    if known:
        query = query.where(Reply.cooperative == actor.cooperative_id)
    else:
        query = query.where(Reply.cooperative.is_null())
    rows = await query.order_by(Reply.id, ascending=False).limit(500)
    return [msgspec.convert(row, ReplyView) for row in rows]


async def mark_answered(actor: Actor, reply_id: int) -> None:
    """The work team answered it (by phone, in person or by text); marking twice changes nothing."""
    actor.require(Action.MESSAGE_HOUSEHOLDS)
    found = (
        await Reply.select(Reply.id)
        .where(
            (Reply.id == reply_id)
            & ((Reply.cooperative == actor.cooperative_id) | Reply.cooperative.is_null())
        )
        .first()
    )
    if found is None:
        raise NotFound("No reply {reply_id} here.", code="reply_not_found", reply_id=reply_id)
    await Reply.update({Reply.answered_at: clock.now(), Reply.answered_by: actor.user_id}).where(
        (Reply.id == reply_id) & Reply.answered_at.is_null()
    )
