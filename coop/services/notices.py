"""Notices by text message: to a household paid, to processors whose batches stop, and the work
team's own notices to every household or a village group (previewed: how many, how many parts).

Each is queued in the transaction that causes it (coop.services.outbox).
"""

from __future__ import annotations

from collections import Counter

import msgspec

from coop.db import write
from coop.domain.actors import Action, Actor
from coop.domain.errors import InvalidInput
from coop.domain.processing import BatchStatus
from coop.domain.sms import MAX_NOTICE_CHARS, Kind, segments
from coop.services import clock
from coop.services import message_texts as texts
from coop.services.outbox import Recipient, enqueue, enqueue_each, group_recipients, recipients
from coop.tables import Batch, Cooperative, Notice, OutMessage


class Draft(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    text_zh: str
    text_ug: str = ""
    village_group: str = ""
    key: str = ""  # the previewed form's own key: sending the same form twice sends once


class Preview(msgspec.Struct, frozen=True):
    recipients: int
    chinese: int  # households reading Chinese
    uyghur: int
    segments_zh: int  # parts of one message
    segments_ug: int
    total_segments: int  # what the whole notice costs


async def cooperative_name(cooperative_id: int) -> str:
    row = await Cooperative.select(Cooperative.name).where(Cooperative.id == cooperative_id).first()
    return row["name"] if row else ""


async def payout(
    cooperative_id: int,
    household_id: int,
    payout_id: int,
    amount_fen: int,
    method: str,
    balance_fen: int,
) -> None:
    """Inside the payout's transaction: tell the household what it was paid and still is owed."""
    name = await cooperative_name(cooperative_id)
    await enqueue_each(
        [household_id],
        Kind.PAYOUT,
        "payout",
        str(payout_id),
        lambda r: texts.payout(r.locale, name, amount_fen, method, balance_fen),
    )


async def batches_stopped(actor: Actor, batch_ids: list[int], to: BatchStatus, reason: str) -> None:
    """Inside a hold's or recall's transaction: tell each processor whose batch it stopped."""
    if to not in (BatchStatus.HELD, BatchStatus.RECALLED) or not batch_ids:
        return
    name = await cooperative_name(actor.cooperative_id)
    rows = await Batch.select(Batch.id, Batch.code, Batch.household).where(
        Batch.id.is_in(batch_ids)
    )
    kind = Kind.HOLD if to == BatchStatus.HELD else Kind.RECALL
    say = texts.hold if to == BatchStatus.HELD else texts.recall
    at = clock.now().isoformat()
    for row in rows:
        code: str = row["code"]
        for person in await recipients([row["household"]]):
            text = say(person.locale, name, code, reason)
            await enqueue(person, kind, kind.value, f"{row['id']}@{at}", text)


def _checked(draft: Draft) -> Draft:
    text_zh, text_ug = draft.text_zh.strip(), draft.text_ug.strip()
    if not text_zh:
        raise InvalidInput("Write the notice in Chinese.", code="notice_empty")
    if max(len(text_zh), len(text_ug)) > MAX_NOTICE_CHARS:
        raise InvalidInput(
            "A notice is at most {limit} characters.",
            code="notice_too_long",
            limit=MAX_NOTICE_CHARS,
        )
    return Draft(text_zh, text_ug, draft.village_group.strip(), draft.key.strip()[:40])


def _text_for(name: str, draft: Draft, recipient: Recipient) -> str:
    if recipient.locale == "ug" and draft.text_ug:
        return texts.notice(name, draft.text_ug)
    return texts.notice(name, draft.text_zh)


async def preview(actor: Actor, draft: Draft) -> Preview:
    """How many households get the notice and how many parts it costs; nothing is written."""
    actor.require(Action.MESSAGE_HOUSEHOLDS)
    draft = _checked(draft)
    name = await cooperative_name(actor.cooperative_id)
    people = await group_recipients(actor.cooperative_id, draft.village_group)
    by_locale = Counter("ug" if r.locale == "ug" and draft.text_ug else "zh_CN" for r in people)
    zh = segments(texts.notice(name, draft.text_zh))
    ug = segments(texts.notice(name, draft.text_ug)) if draft.text_ug else zh
    return Preview(
        len(people),
        by_locale["zh_CN"],
        by_locale["ug"],
        zh,
        ug,
        sum(segments(_text_for(name, draft, r)) for r in people),
    )


async def send(actor: Actor, draft: Draft) -> int | None:
    """Record the notice and queue its messages in one transaction; returns the notice's id, or
    None when this previewed form (its key) was sent already."""
    actor.require(Action.MESSAGE_HOUSEHOLDS)
    draft = _checked(draft)
    name = await cooperative_name(actor.cooperative_id)
    async with write():
        if draft.key and await _sent_before(actor, draft.key):
            return None
        people = await group_recipients(actor.cooperative_id, draft.village_group)
        rows = await Notice.insert(
            Notice(
                cooperative=actor.cooperative_id,
                village_group=draft.village_group,
                text_zh=draft.text_zh,
                text_ug=draft.text_ug,
                recipients=len(people),
                created_by=actor.user_id,
                created_at=clock.now(),
            )
        ).returning(Notice.id)
        notice_id = int(rows[0]["id"])
        cause = f"key:{draft.key}" if draft.key else str(notice_id)
        for person in people:
            await enqueue(person, Kind.NOTICE, "notice", cause, _text_for(name, draft, person))
    return notice_id


async def _sent_before(actor: Actor, key: str) -> bool:
    found = await OutMessage.exists().where(
        (OutMessage.cooperative == actor.cooperative_id)
        & (OutMessage.cause_type == "notice")
        & (OutMessage.cause_key == f"key:{key}")
    )
    return bool(found)
