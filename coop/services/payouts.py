"""Payouts and balances owed: the cooperative pays a household, never more than it owes.

Only admins post payouts: the clerk weighs and the work team reviews, and neither handles the
cooperative's money (separation of duties). Staff and the household itself see balances.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from coop.db import lock_rows
from coop.domain.actors import Action, Actor
from coop.domain.china_time import china_day
from coop.domain.errors import Forbidden
from coop.domain.payouts import check_payout
from coop.domain.seasons import season_of
from coop.domain.statement import EntryKind
from coop.services import clock, idempotency, ledger, notices
from coop.services import income_queries as q
from coop.services.audit import audit
from coop.services.income import fetch
from coop.services.lookup import cooperative_of, household_of
from coop.tables import Household, Payout


class PayoutView(msgspec.Struct, frozen=True):
    id: int
    household_id: int
    household_code: str
    household_name: str
    amount_fen: int
    method: str
    reference: str
    created_at: datetime
    created_by: str


class Balance(msgspec.Struct, frozen=True):
    household_id: int
    household_code: str
    household_name: str
    is_member: bool
    balance_fen: int


async def lock_household(household_id: int) -> None:
    """Inside a write transaction: two payouts to one household queue."""
    await lock_rows(Household.select(Household.id).where(Household.id == household_id))


async def balance_of(household_id: int) -> int:
    return int((await fetch(q.balance(household_id)))[0]["fen"])


async def record_payout(
    actor: Actor,
    household_id: int,
    amount_fen: int,
    method: str,
    reference: str = "",
    idempotency_key: str | None = None,
) -> PayoutView:
    """A payout is a ledger debit; the balance is read and the debit written under one lock."""
    actor.require(Action.PAY)
    reference = reference.strip()

    async def create() -> int:
        await household_of(actor, household_id)
        return await post_payout(actor, household_id, amount_fen, method, reference)

    payload = [household_id, amount_fen, method, reference]
    payout_id = await idempotency.once(actor, "payout", idempotency_key, payload, create)
    return (await payouts(actor, payout_id=payout_id))[0]


async def post_payout(
    actor: Actor, household_id: int, amount_fen: int, method: str, reference: str
) -> int:
    """Inside a write transaction: check against the balance under the household's lock, write the
    payout and its ledger debit, queue the household's text; the payout's id. Payout runs post
    their lines through here too."""
    await lock_household(household_id)
    paid_by = check_payout(amount_fen, await balance_of(household_id), method, reference)
    cooperative = await cooperative_of(actor)
    at = clock.now()
    payout = Payout(
        cooperative=actor.cooperative_id,
        household=household_id,
        amount_fen=amount_fen,
        method=paid_by.value,
        reference=reference,
        created_by=actor.user_id,
        created_at=at,
    )
    await payout.save()
    debit = ledger.Entry(
        household=household_id,
        season=season_of(china_day(at), cooperative["season_start_month"]),
        kind=EntryKind.PAYOUT,
        amount_fen=-amount_fen,
        source_type="payout",
        source_id=payout.id,
    )
    await ledger.post(actor, debit, at=at)
    owed = await balance_of(household_id)
    await notices.payout(
        actor.cooperative_id, household_id, payout.id, amount_fen, paid_by.value, owed
    )
    await audit(actor, "payout", "payout", payout.id, amount_fen=amount_fen, method=method)
    return int(payout.id)


async def payouts(
    actor: Actor, household_id: int | None = None, payout_id: int | None = None
) -> list[PayoutView]:
    """Newest first; a household sees only its own."""
    if not actor.may(Action.READ_EVERY_HOUSEHOLD):
        household_id = actor.household_id
    query = Payout.select(
        Payout.id,
        Payout.household.as_alias("household_id"),
        Payout.household.code.as_alias("household_code"),
        Payout.household.display_name.as_alias("household_name"),
        Payout.amount_fen,
        Payout.method,
        Payout.reference,
        Payout.created_at,
        Payout.created_by.name.as_alias("created_by"),
    ).where(Payout.cooperative == actor.cooperative_id)
    if household_id is not None:
        query = query.where(Payout.household == household_id)
    if payout_id is not None:
        query = query.where(Payout.id == payout_id)
    rows = await query.order_by(Payout.id, ascending=False)
    return [msgspec.convert(row, PayoutView) for row in rows]


async def balance(actor: Actor, household_id: int) -> Balance:
    actor.require_household(household_id)
    household = await household_of(actor, household_id)
    return Balance(
        household_id,
        household["code"],
        household["display_name"],
        household["is_member"],
        await balance_of(household_id),
    )


async def balances(actor: Actor) -> list[Balance]:
    """What the cooperative owes each household, by household code."""
    if not actor.may(Action.READ_EVERY_HOUSEHOLD):
        raise Forbidden("Only staff may list every household's balance.", code="staff_only")
    owed = {
        row["household"]: int(row["fen"]) for row in await fetch(q.balances(actor.cooperative_id))
    }
    return [
        Balance(h["id"], h["code"], h["display_name"], bool(h["is_member"]), owed.get(h["id"], 0))
        for h in await fetch(q.households(actor.cooperative_id))
        if h["active"] or owed.get(h["id"])
    ]
