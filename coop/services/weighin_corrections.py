"""Correcting a weigh-in: the credit is reversed, never edited, and a new weight weighs in anew."""

from __future__ import annotations

from typing import Any

import msgspec

from coop.domain.actors import Action, Actor
from coop.domain.china_time import china_day
from coop.domain.errors import Conflict, InvalidInput, NotFound
from coop.domain.lots import LotStatus
from coop.domain.statement import EntryKind
from coop.domain.weighin_checks import correction_weight
from coop.domain.weight import validate_weight_g
from coop.services import certificates, idempotency, ledger, stock
from coop.services.audit import audit
from coop.services.weighins import SOURCE, WeighIn, create_lot, weighin
from coop.tables import Correction, HarvestLot


class CorrectionResult(msgspec.Struct, frozen=True):
    original: WeighIn
    replacement: WeighIn | None
    reason: str


async def correct_weighin(
    actor: Actor,
    lot_id: int,
    weight_g: int | None,
    reason: str,
    idempotency_key: str | None = None,
    grade: str | None = None,
    *,
    void: bool = False,
) -> CorrectionResult:
    """A correction never edits: it reverses the credit and either weighs in anew (a new weight,
    another grade, or both) or, chosen explicitly with `void`, leaves the weigh-in void. The new
    lot keeps the grade and the price of the original; another grade is priced as it was posted
    when the original was weighed."""
    actor.require(Action.WEIGH)
    if grade is None:
        correction_weight(weight_g, void)  # at once; another grade is checked against the lot
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Say why the weigh-in is corrected.", code="reason_required")
    if len(reason) > 200:
        raise InvalidInput("A reason is at most 200 characters.", code="reason_too_long")
    if weight_g is not None:
        validate_weight_g(weight_g)
    payload: list[object] = [lot_id, weight_g, reason]
    if grade is not None:
        payload.append(grade)

    async def create() -> int:
        return await _reverse_and_replace(actor, lot_id, weight_g, reason, grade, void)

    correction_id = await idempotency.once(actor, "correction", idempotency_key, payload, create)
    row = await Correction.select().where(Correction.id == correction_id).first()
    assert row is not None
    original = await weighin(actor, row["original_lot"])
    replacement = await weighin(actor, row["new_lot"]) if row["new_lot"] else None
    return CorrectionResult(original=original, replacement=replacement, reason=row["reason"])


async def _reverse_and_replace(
    actor: Actor,
    lot_id: int,
    weight_g: int | None,
    reason: str,
    grade: str | None = None,
    void: bool = False,
) -> int:
    """Take the whole untouched lot in one conditional UPDATE: of concurrent corrections exactly
    one wins; then void it, reverse its credit and, with a new weight, weigh in anew."""
    lot = await _lot_row(actor, lot_id)
    regraded = grade is not None and grade != lot["grade"]
    correction_weight(weight_g, void, regraded)
    if not await stock.take_whole_lot(lot_id):
        lot = await _lot_row(actor, lot_id)  # a concurrent correction may have won meanwhile
        if lot["status"] != LotStatus.OPEN:
            raise Conflict(
                "Lot {lot} was already corrected.", code="already_corrected", lot=lot["code"]
            )
        raise Conflict(
            "Fruit from lot {lot} is already used; correct what used it first.",
            code="lot_in_use",
            lot=lot["code"],
        )
    await HarvestLot.update({HarvestLot.status: LotStatus.VOID.value}).where(
        HarvestLot.id == lot_id
    )
    credit = await ledger.posted_for(SOURCE, lot_id, EntryKind.FRUIT_PURCHASE)
    await ledger.reverse(actor, credit, reason)
    new_lot_id = None
    if weight_g is not None or regraded:
        replacement = await create_lot(
            actor,
            lot["household"],
            lot["product"],
            lot["weight_g"] if weight_g is None else weight_g,
            None if regraded else lot["price_fen_per_kg"],
            grade if regraded and grade is not None else lot["grade"],
            priced_at=lot["weighed_at"],
            grower_record_id=lot["grower_record"],
            replaces_id=lot_id,
            season=lot["season"],
            received=await certificates.received_of(lot_id),
            picked_on=lot["picked_on"] or china_day(lot["weighed_at"]),
        )
        new_lot_id = replacement.id
    correction = Correction(
        cooperative=actor.cooperative_id,
        original_lot=lot_id,
        new_lot=new_lot_id,
        reason=reason,
        corrected_by=actor.user_id,
    )
    await correction.save()
    await audit(actor, "correct_weighin", "harvest_lot", lot_id, reason=reason, new_lot=new_lot_id)
    return int(correction.id)


async def _lot_row(actor: Actor, lot_id: int) -> dict[str, Any]:
    row = await (
        HarvestLot.select()
        .where((HarvestLot.id == lot_id) & (HarvestLot.cooperative == actor.cooperative_id))
        .first()
    )
    if row is None:
        raise NotFound(
            "No harvest lot {lot_id} in this cooperative.", code="lot_not_found", lot_id=lot_id
        )
    return row
