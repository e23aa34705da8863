"""The outbox: a text message is a row written in the transaction that causes it, once per cause.

Sending happens later and elsewhere (coop.services.sending). The row's unique (cause_type,
cause_key, household) index makes a second write for the same cause a no-op, so a retried request
or a second worker never queues a message twice. Opted-out households and households without a
phone number get no row at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from coop.db import sql
from coop.domain.sms import Kind, national, segments
from coop.services import clock
from coop.services.message_texts import sms_locale
from coop.tables import Household, HouseholdMessaging, OutMessage

_OUT = OutMessage._meta.tablename
_HOUSEHOLD = Household._meta.tablename
_CHOICES = HouseholdMessaging._meta.tablename
_MARKS9 = ", ".join(["{}"] * 9)


@dataclass(frozen=True)
class Recipient:
    household_id: int
    cooperative_id: int
    phone: str
    locale: str


async def recipients(household_ids: Iterable[int]) -> list[Recipient]:
    """The households among these that get messages: active, with a phone, not opted out."""
    ids = sorted(set(household_ids))
    if not ids:
        return []
    marks = ", ".join("{}" for _ in ids)
    rows = await sql(
        f"SELECT h.id, h.cooperative, h.phone, h.active, m.locale, m.opted_out "
        f"FROM {_HOUSEHOLD} h LEFT JOIN {_CHOICES} m ON m.household = h.id "
        f"WHERE h.id IN ({marks}) ORDER BY h.id",
        *ids,
    )
    return [
        Recipient(row["id"], row["cooperative"], national(row["phone"]), sms_locale(row["locale"]))
        for row in rows
        if row["active"] and not row["opted_out"] and row["phone"].strip()
    ]


async def group_recipients(cooperative_id: int, village_group: str = "") -> list[Recipient]:
    """Every household of the cooperative (or of one village group) that gets messages."""
    query = f"SELECT id FROM {_HOUSEHOLD} WHERE cooperative = {{}}"
    args: list[object] = [cooperative_id]
    if village_group:
        query += " AND village_group = {}"
        args.append(village_group)
    return await recipients(row["id"] for row in await sql(query, *args))


async def enqueue(
    recipient: Recipient, kind: Kind, cause_type: str, cause_key: str, text: str
) -> bool:
    """Inside the causing transaction: queue one message; False when this cause already has it."""
    at = clock.now()
    rows = await sql(
        f"INSERT INTO {_OUT} (cooperative, household, phone, text, locale, kind, cause_type, "
        f"cause_key, segments, state, attempts, next_attempt_at, error, created_at) "
        f"VALUES ({_MARKS9}, 'queued', 0, {{}}, '', {{}}) "
        f"ON CONFLICT (cause_type, cause_key, household) DO NOTHING RETURNING id",
        recipient.cooperative_id,
        recipient.household_id,
        recipient.phone,
        text,
        recipient.locale,
        kind.value,
        cause_type,
        cause_key,
        segments(text),
        at,
        at,
    )
    return bool(rows)


async def enqueue_each(
    household_ids: Iterable[int],
    kind: Kind,
    cause_type: str,
    cause_key: str,
    text_for: Callable[[Recipient], str],
) -> int:
    """Queue one message per household that gets messages; returns how many were queued."""
    queued = 0
    for recipient in await recipients(household_ids):
        queued += await enqueue(recipient, kind, cause_type, cause_key, text_for(recipient))
    return queued
