"""Advances and inputs on credit: recorded by those who pay, each with a ledger debit of its kind.

Which of a household's deductions are settled is read from the ledger (coop.domain.advances,
oldest first); the statement shows each with its item.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from coop.domain.actors import Action, Actor
from coop.domain.advances import (
    Deduction,
    Settlement,
    check_amount,
    check_item,
    inputs_total,
    settlements,
)
from coop.domain.china_time import china_day
from coop.domain.errors import InvalidInput
from coop.domain.seasons import season_of
from coop.domain.statement import DEDUCTION_KINDS, EntryKind
from coop.services import clock, idempotency, ledger
from coop.services.audit import audit
from coop.services.lookup import cooperative_of, household_of
from coop.services.payouts import balance_of
from coop.tables import Advance, LedgerEntry

SOURCE = "advance"  # the ledger entries' source_type


class AdvanceView(msgspec.Struct, frozen=True):
    id: int
    household_id: int
    household_code: str
    household_name: str
    kind: str
    item: str
    quantity_milli: int | None
    unit_price_fen: int | None
    amount_fen: int
    created_at: datetime
    created_by: str
    settled_fen: int = 0
    outstanding_fen: int = 0


async def record_advance(
    actor: Actor,
    household_id: int,
    kind: str,
    item: str = "",
    amount_fen: int | None = None,
    quantity_milli: int | None = None,
    unit_price_fen: int | None = None,
    idempotency_key: str | None = None,
) -> AdvanceView:
    """A cash advance (an amount) or inputs on credit (a quantity at a unit price): one debit."""
    actor.require(Action.PAY)
    if kind not in DEDUCTION_KINDS:
        raise InvalidInput(
            "There is no kind {kind}; use one of: {choices}.",
            code="invalid_kind",
            kind=kind,
            choices=(EntryKind.ADVANCE, EntryKind.INPUT_CREDIT),
        )
    entry_kind = EntryKind(kind)
    item = check_item(entry_kind, item)
    if entry_kind == EntryKind.INPUT_CREDIT:
        if quantity_milli is None or unit_price_fen is None:
            raise InvalidInput(
                "Inputs on credit need a quantity and a unit price.", code="quantity_required"
            )
        total = inputs_total(quantity_milli, unit_price_fen)
    else:
        quantity_milli = unit_price_fen = None
        total = check_amount(amount_fen if amount_fen is not None else 0)

    async def create() -> int:
        await household_of(actor, household_id)
        cooperative = await cooperative_of(actor)
        at = clock.now()
        advance = Advance(
            cooperative=actor.cooperative_id,
            household=household_id,
            kind=entry_kind.value,
            item=item,
            quantity_milli=quantity_milli,
            unit_price_fen=unit_price_fen,
            amount_fen=total,
            created_by=actor.user_id,
            created_at=at,
        )
        await advance.save()
        debit = ledger.Entry(
            household=household_id,
            season=season_of(china_day(at), cooperative["season_start_month"]),
            kind=entry_kind,
            amount_fen=-total,
            source_type=SOURCE,
            source_id=advance.id,
            reason=item,
        )
        await ledger.post(actor, debit, at=at)
        await audit(actor, entry_kind.value, SOURCE, advance.id, amount_fen=total, item=item)
        return int(advance.id)

    payload = [household_id, kind, item, total, quantity_milli, unit_price_fen]
    advance_id = await idempotency.once(actor, SOURCE, idempotency_key, payload, create)
    return (await advances(actor, advance_id=advance_id))[0]


async def advances(
    actor: Actor, household_id: int | None = None, advance_id: int | None = None
) -> list[AdvanceView]:
    """Newest first, each with what of it is settled; a household sees only its own."""
    if not actor.may(Action.READ_EVERY_HOUSEHOLD):
        household_id = actor.household_id
    query = Advance.select(
        Advance.id,
        Advance.household.as_alias("household_id"),
        Advance.household.code.as_alias("household_code"),
        Advance.household.display_name.as_alias("household_name"),
        Advance.kind,
        Advance.item,
        Advance.quantity_milli,
        Advance.unit_price_fen,
        Advance.amount_fen,
        Advance.created_at,
        Advance.created_by.name.as_alias("created_by"),
    ).where(Advance.cooperative == actor.cooperative_id)
    if household_id is not None:
        query = query.where(Advance.household == household_id)
    if advance_id is not None:
        query = query.where(Advance.id == advance_id)
    rows = await query.order_by(Advance.id, ascending=False)
    states = {}
    for household in sorted({row["household_id"] for row in rows}):
        states.update({s.id: s for s in await household_settlements(household)})
    views = []
    for row in rows:
        state = states.get(row["id"])
        settled = state.settled_fen if state else row["amount_fen"]
        views.append(
            msgspec.convert(
                {**row, "settled_fen": settled, "outstanding_fen": row["amount_fen"] - settled},
                AdvanceView,
            )
        )
    return views


async def household_settlements(household_id: int) -> list[Settlement]:
    """The household's deductions, oldest first, each settled or partly outstanding."""
    rows = await (
        LedgerEntry.select(LedgerEntry.source_id, LedgerEntry.amount_fen)
        .where((LedgerEntry.household == household_id) & (LedgerEntry.source_type == SOURCE))
        .order_by(LedgerEntry.id)
    )
    owed: dict[int, int] = {}
    for row in rows:  # a reversal carries the same source: the net is what is owed back
        owed[row["source_id"]] = owed.get(row["source_id"], 0) - row["amount_fen"]
    deductions = [Deduction(source, fen) for source, fen in sorted(owed.items())]
    return settlements(await balance_of(household_id), deductions)
