"""What the work team reads about text messages: a day's sending, failed numbers to fix at the
next visit, and each household's choices (language, opted out). Phones appear only here, for
staff; no public page reads these tables."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import msgspec

from coop.db import write
from coop.domain.actors import Action, Actor
from coop.domain.china_time import china_midnight
from coop.domain.errors import InvalidInput
from coop.domain.sms import State
from coop.services import sms_receipts
from coop.services.lookup import household_of
from coop.services.message_texts import SMS_LOCALES
from coop.tables import Household, HouseholdMessaging, OutMessage


class FailedNumber(msgspec.Struct, frozen=True):
    household_id: int
    household_code: str
    household_name: str
    phone: str
    kind: str
    error: str


class DaySending(msgspec.Struct, frozen=True):
    day: date
    receipt_hour: int
    queued: int
    sent: int
    delivered: int
    failed: int
    segments: int
    failed_numbers: list[FailedNumber]


class Choice(msgspec.Struct, frozen=True):
    household_id: int
    code: str
    name: str
    phone: str
    village_group: str
    locale: str
    opted_out: bool


async def day_sending(actor: Actor, day: date) -> DaySending:
    """Messages written on this day (in China), by state; failed ones with their numbers."""
    actor.require(Action.MESSAGE_HOUSEHOLDS)
    rows = (
        await OutMessage.select(
            OutMessage.household,
            OutMessage.household.code.as_alias("code"),
            OutMessage.household.display_name.as_alias("name"),
            OutMessage.phone,
            OutMessage.kind,
            OutMessage.state,
            OutMessage.segments,
            OutMessage.error,
        )
        .where(
            (OutMessage.cooperative == actor.cooperative_id)
            & (OutMessage.created_at >= china_midnight(day))
            & (OutMessage.created_at < china_midnight(day + timedelta(days=1)))
        )
        .order_by(OutMessage.id)
    )
    states = Counter(row["state"] for row in rows)
    failed = [
        FailedNumber(r["household"], r["code"], r["name"], r["phone"], r["kind"], r["error"])
        for r in rows
        if r["state"] == State.FAILED
    ]
    settings = await sms_receipts.settings_of(actor.cooperative_id)
    return DaySending(
        day,
        settings["receipt_hour"],
        states[State.QUEUED],
        states[State.SENT],
        states[State.DELIVERED],
        states[State.FAILED],
        sum(row["segments"] for row in rows),
        failed,
    )


async def set_receipt_hour(actor: Actor, hour: int) -> None:
    actor.require(Action.MESSAGE_HOUSEHOLDS)
    if not 0 <= hour <= 23:
        raise InvalidInput("The hour is a whole number from 0 to 23.", code="invalid_hour")
    async with write():
        await sms_receipts.set_hour(actor.cooperative_id, hour)


async def choices(actor: Actor) -> list[Choice]:
    """Every active household with its phone, its language for messages and whether it opted out."""
    actor.require(Action.MESSAGE_HOUSEHOLDS)
    households = (
        await Household.select(
            Household.id,
            Household.code,
            Household.display_name,
            Household.phone,
            Household.village_group,
        )
        .where((Household.cooperative == actor.cooperative_id) & Household.active.eq(True))
        .order_by(Household.code)
    )
    chosen = {
        row["household"]: row
        for row in await HouseholdMessaging.select().where(
            HouseholdMessaging.household.is_in([h["id"] for h in households] or [0])
        )
    }
    return [
        Choice(
            h["id"],
            h["code"],
            h["display_name"],
            h["phone"],
            h["village_group"],
            chosen.get(h["id"], {}).get("locale", "zh_CN"),
            bool(chosen.get(h["id"], {}).get("opted_out", False)),
        )
        for h in households
    ]


async def choose(actor: Actor, household_id: int, locale: str, opted_out: bool) -> None:
    """A household's language for messages (Chinese or Uyghur) and whether it gets any."""
    actor.require(Action.MESSAGE_HOUSEHOLDS)
    if locale not in SMS_LOCALES:
        raise InvalidInput("Messages are sent in Chinese or Uyghur.", code="invalid_sms_language")
    await household_of(actor, household_id)
    async with write():
        updated = (
            await HouseholdMessaging.update(
                {HouseholdMessaging.locale: locale, HouseholdMessaging.opted_out: opted_out}
            )
            .where(HouseholdMessaging.household == household_id)
            .returning(HouseholdMessaging.id)
        )
        if not updated:
            await HouseholdMessaging.insert(
                HouseholdMessaging(household=household_id, locale=locale, opted_out=opted_out)
            )


async def village_groups(actor: Actor) -> list[str]:
    """The village groups a notice can go to."""
    actor.require(Action.MESSAGE_HOUSEHOLDS)
    rows = await Household.select(Household.village_group).where(
        (Household.cooperative == actor.cooperative_id) & Household.active.eq(True)
    )
    return sorted({row["village_group"] for row in rows if row["village_group"]})
