"""Finishing a batch and correcting a finished one: fruit out of the lots, jars in, the fee posted.

Finishing takes each lot's fruit with a conditional UPDATE (coop.services.stock), so a lot never
goes below zero under concurrent requests; a correction reverses fee, fruit and jars and, when
told what the batch really was, posts it anew: it never edits (ARCHITECTURE.md: corrections).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec

from coop.db import write
from coop.domain.actors import Action, Actor
from coop.domain.china_time import china_day
from coop.domain.errors import Conflict, InvalidInput
from coop.domain.lots import LotKind, new_lot_code
from coop.domain.processing import (
    BatchStatus,
    YieldRange,
    best_before,
    check_yield,
    filled_g,
    processing_fee_fen,
    validate_jars,
    validate_sugar_g,
)
from coop.domain.statement import EntryKind
from coop.services import clock, idempotency, ledger, stock
from coop.services.audit import audit
from coop.services.batch_queries import batch, inputs_of, own_batch
from coop.services.batch_views import (
    BatchCorrection,
    BatchCorrectionResult,
    BatchView,
    Finish,
    InputLine,
    Replacement,
)
from coop.services.batches import claim_draft, put_line
from coop.services.lookup import product_of
from coop.tables import Batch

SOURCE = "batch"  # ledger entries' source_type for processing fees


async def finish_batch(
    actor: Actor, batch_id: int, finish: Finish, at: datetime | None = None
) -> BatchView:
    """Take the fruit, post the fee, put the jars into stock: all in one write transaction."""
    actor.require(Action.MAKE_BATCHES)
    validate_jars(finish.jars_filled)
    validate_sugar_g(finish.sugar_g)
    async with write():
        row = await own_batch(actor, batch_id)
        await _finish(actor, row, finish, at or clock.now())
    return await batch(actor, batch_id)


async def correct_batch(
    actor: Actor, batch_id: int, correction: BatchCorrection, idempotency_key: str | None = None
) -> BatchCorrectionResult:
    """Reverse a finished batch (fee, lots, stock) and, when given, post what it really was."""
    actor.require(Action.MAKE_BATCHES)
    reason = correction.reason.strip()
    if not 0 < len(reason) <= 200:
        raise InvalidInput(
            "Say in at most 200 characters why the batch is corrected.", code="reason_required"
        )
    if correction.replacement is not None:
        validate_jars(correction.replacement.jars_filled)
        validate_sugar_g(correction.replacement.sugar_g)

    async def create() -> int:
        row = await own_batch(actor, batch_id)
        return await _reverse_and_replace(actor, row, reason, correction.replacement)

    payload = [batch_id, msgspec.to_builtins(correction)]
    await idempotency.once(actor, "batch_correction", idempotency_key, payload, create)
    original = await batch(actor, batch_id)
    replacement_row = await Batch.select(Batch.id).where(Batch.replaces == batch_id).first()
    replacement = await batch(actor, replacement_row["id"]) if replacement_row else None
    return BatchCorrectionResult(original, replacement, original.correction_reason)


async def _finish(
    actor: Actor,
    row: dict[str, Any],
    finish: Finish,
    at: datetime,
    made_on: date | None = None,
) -> None:
    """Claim the draft, take each lot's fruit, post the fee, stock the jars, check the yield."""
    await claim_draft(row)
    inputs = await inputs_of(row["id"])
    if not inputs:
        raise InvalidInput(
            "Add the harvest lots batch {batch} was made from before finishing it.",
            code="no_inputs",
            batch=row["code"],
        )
    for line in inputs:
        await stock.take_fruit(line["lot_id"], line["lot_code"], line["weight_g"])
    product = await product_of(actor, row["product"])
    fruit_g = sum(line["weight_g"] for line in inputs)
    fee = processing_fee_fen(fruit_g, row["fee_rate_fen_per_kg"])
    made_on = made_on or china_day(at)
    check = check_yield(
        fruit_g, finish.sugar_g, filled_g(finish.jars_filled, row["net_weight_g"]), _range(product)
    )
    await Batch.update(
        {
            Batch.status: BatchStatus.FINISHED.value,
            Batch.finished_by: actor.user_id,
            Batch.finished_at: at,
            Batch.fruit_g: fruit_g,
            Batch.sugar_g: finish.sugar_g,
            Batch.jars_filled: finish.jars_filled,
            Batch.fee_fen: fee,
            Batch.made_on: made_on,
            Batch.best_before: best_before(made_on, product["shelf_life_days"]),
            Batch.yield_per_mille: check.yield_per_mille,
            Batch.yield_flagged: check.flagged,
            Batch.buyer_charge_fen: fee if row["buyer_name"] else None,
        }
    ).where(Batch.id == row["id"])
    await stock.add_jars(row["id"], finish.jars_filled)
    fee_entry = ledger.Entry(
        household=row["household"],
        season=row["season"],
        kind=EntryKind.PROCESSING_FEE,
        amount_fen=fee,
        source_type=SOURCE,
        source_id=row["id"],
    )
    await ledger.post(actor, fee_entry, at=at)
    await audit(
        actor,
        "finish_batch",
        "batch",
        row["id"],
        fruit_g=fruit_g,
        jars=finish.jars_filled,
        fee_fen=fee,
        yield_per_mille=check.yield_per_mille,
        flagged=check.flagged,
    )


def _range(product: dict[str, Any]) -> YieldRange | None:
    low, high = product["yield_min_per_mille"], product["yield_max_per_mille"]
    return None if low is None or high is None else YieldRange(low, high)


async def _reverse_and_replace(
    actor: Actor, row: dict[str, Any], reason: str, replacement: Replacement | None
) -> int:
    """Reverse fee, lots and stock of a finished batch whose jars are all still on hand."""
    _require_finished(row)
    now = clock.now()
    if not await stock.take_every_jar(row["id"]):
        current = await Batch.select().where(Batch.id == row["id"]).first()
        assert current is not None
        _require_finished(current)  # a concurrent correction came first
        raise Conflict(
            "Jars of batch {batch} are already sold; correct what sold them first.",
            code="batch_jars_sold",
            batch=row["code"],
        )
    await Batch.update(
        {
            Batch.status: BatchStatus.CORRECTED.value,
            Batch.correction_reason: reason,
            Batch.corrected_by: actor.user_id,
            Batch.corrected_at: now,
        }
    ).where(Batch.id == row["id"])
    inputs = await inputs_of(row["id"])
    for line in inputs:
        await stock.add_fruit(line["lot_id"], line["weight_g"])
    fee_entry = await ledger.posted_for(SOURCE, row["id"], EntryKind.PROCESSING_FEE)
    await ledger.reverse(actor, fee_entry, reason, at=now)
    await audit(actor, "correct_batch", "batch", row["id"], reason=reason)
    if replacement is not None:
        await _replace(actor, row, replacement, inputs, now)
    return int(row["id"])


def _require_finished(row: dict[str, Any]) -> None:
    if row["status"] != BatchStatus.FINISHED.value:
        raise Conflict(
            "Only a finished batch can be corrected; batch {batch} is “{status}”.",
            code="batch_not_finished",
            batch=row["code"],
            status=BatchStatus(row["status"]),
        )


async def _replace(
    actor: Actor,
    row: dict[str, Any],
    replacement: Replacement,
    original_inputs: list[dict[str, Any]],
    at: datetime,
) -> None:
    """Post the corrected batch anew under a new code, pointing at the one it replaces."""
    new = Batch(
        cooperative=row["cooperative"],
        code=new_lot_code(LotKind.BATCH, row["season"]),
        product=row["product"],
        household=row["household"],
        season=row["season"],
        status=BatchStatus.DRAFT.value,
        started_by=actor.user_id,
        started_at=row["started_at"],
        net_weight_g=row["net_weight_g"],
        fee_rate_fen_per_kg=row["fee_rate_fen_per_kg"],
        buyer_name=row["buyer_name"],
        buyer_phone=row["buyer_phone"],
        order_ref=row["order_ref"],
        replaces=row["id"],
    )
    await new.save()
    new_row = await Batch.select().where(Batch.id == new.id).first()
    assert new_row is not None
    lines = replacement.inputs
    if lines is None:
        lines = [InputLine(line["lot_code"], line["weight_g"]) for line in original_inputs]
    for line in lines:
        await put_line(actor, new_row, line)
    finish = Finish(replacement.jars_filled, replacement.sugar_g)
    await _finish(actor, new_row, finish, at, made_on=row["made_on"])
