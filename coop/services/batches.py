"""Making a batch: a draft started for a certified processor, fruit put in from open harvest lots.

A processor starts and fills its own household's batches; staff start one for a certified
processor and may set its fee rate. The fruit stays in its lots until finishing takes it
(coop.services.batch_finishing).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from coop.db import write
from coop.domain.actors import Action, Actor
from coop.domain.china_time import china_day
from coop.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, OutOfStock
from coop.domain.lots import LotKind, LotStatus, new_lot_code, normalise_lot_code
from coop.domain.processing import BatchStatus, LotBalance, suggest_lots, validate_fee_rate
from coop.domain.seasons import season_of
from coop.domain.weight import format_kg, validate_weight_g
from coop.services import clock, idempotency
from coop.services.audit import audit
from coop.services.batch_queries import batch, maker_household, own_batch
from coop.services.batch_views import BatchView, InputLine, LotSuggestion, NewBatch, SuggestedLot
from coop.services.certifications import require_certified
from coop.services.lookup import cooperative_of, product_of
from coop.services.stock import require_fruit
from coop.tables import Batch, BatchInput, HarvestLot


async def start_batch(
    actor: Actor,
    fields: NewBatch,
    idempotency_key: str | None = None,
    at: datetime | None = None,
) -> BatchView:
    """A processor starts its own batch, or staff assign one to a certified processor household.

    `at` backdates the start (imports and the demo); by default it is now.
    """
    actor.require(Action.MAKE_BATCHES)
    household_id = maker_household(actor, fields.household_id)
    if not actor.may(Action.ASSIGN_BATCHES) and fields.fee_rate_fen_per_kg is not None:
        raise Forbidden(
            "The fee rate is set by the cooperative, not by the processor.", code="fee_rate_staff"
        )
    _check_buyer(fields)

    async def create() -> int:
        return await _create_draft(actor, fields, household_id, at or clock.now())

    payload = msgspec.to_builtins(fields)
    batch_id = await idempotency.once(actor, "batch", idempotency_key, payload, create)
    return await batch(actor, batch_id)


async def put_input(actor: Actor, batch_id: int, line: InputLine) -> BatchView:
    """Take grams from a lot into a draft batch; naming a lot already in it changes its grams."""
    actor.require(Action.MAKE_BATCHES)
    async with write():
        row = await own_batch(actor, batch_id)
        await claim_draft(row)
        await put_line(actor, row, line)
    return await batch(actor, batch_id)


async def remove_input(actor: Actor, batch_id: int, lot_code: str) -> BatchView:
    actor.require(Action.MAKE_BATCHES)
    code = normalise_lot_code(lot_code)
    async with write():
        row = await own_batch(actor, batch_id)
        await claim_draft(row)
        lot = await _lot_by_code(actor, code)
        await BatchInput.delete().where(
            (BatchInput.batch == batch_id) & (BatchInput.harvest_lot == lot["id"])
        )
        await audit(actor, "remove_batch_input", "batch", batch_id, lot=code)
    return await batch(actor, batch_id)


async def use_suggestion(actor: Actor, batch_id: int, wanted_g: int) -> BatchView:
    """Replace a draft batch's inputs by the oldest-first suggestion for this much fruit."""
    actor.require(Action.MAKE_BATCHES)
    validate_weight_g(wanted_g)
    async with write():
        row = await own_batch(actor, batch_id)
        await claim_draft(row)
        suggestion = await _suggest(actor, row, wanted_g)
        if suggestion.short_g:
            raise OutOfStock(
                "Open lots hold only {available} kg of fruit for this batch; {wanted} kg wanted.",
                code="not_enough_fruit",
                available=format_kg(wanted_g - suggestion.short_g),
                wanted=format_kg(wanted_g),
            )
        await BatchInput.delete().where(BatchInput.batch == batch_id)
        for take in suggestion.lots:
            await put_line(actor, row, InputLine(take.lot_code, take.take_g))
    return await batch(actor, batch_id)


async def suggested_lots(actor: Actor, batch_id: int, wanted_g: int) -> LotSuggestion:
    """Open lots of this season's fruit, oldest first, enough for the wanted weight if they can."""
    actor.require(Action.MAKE_BATCHES)
    validate_weight_g(wanted_g)
    return await _suggest(actor, await own_batch(actor, batch_id), wanted_g)


def _check_buyer(fields: NewBatch) -> None:
    if len(fields.buyer_name) > 80 or len(fields.buyer_phone) > 20 or len(fields.order_ref) > 40:
        raise InvalidInput("The buyer's name, phone or order is too long.", code="too_long")
    if (fields.buyer_phone or fields.order_ref) and not fields.buyer_name.strip():
        raise InvalidInput("Name the buyer this batch is made for.", code="buyer_name_required")


async def _create_draft(actor: Actor, fields: NewBatch, household_id: int, at: datetime) -> int:
    product = await product_of(actor, fields.product_id)
    if product["unit"] != "jar" or not product["net_weight_g"]:
        raise InvalidInput(
            "{product} is not made in jars; choose a processed product.",
            code="not_processed",
            product=product["name_zh"],
        )
    rate = fields.fee_rate_fen_per_kg
    if rate is None:
        rate = product["processing_fee_fen_per_kg"]
    if rate is None:
        raise InvalidInput(
            "{product} has no processing fee rate yet; an admin must set one.",
            code="no_fee_rate",
            product=product["name_zh"],
        )
    validate_fee_rate(rate)
    day = china_day(at)
    await require_certified(actor, household_id, day)
    season = season_of(day, (await cooperative_of(actor))["season_start_month"])
    row = Batch(
        cooperative=actor.cooperative_id,
        code=new_lot_code(LotKind.BATCH, season),
        product=fields.product_id,
        household=household_id,
        season=season,
        status=BatchStatus.DRAFT.value,
        started_by=actor.user_id,
        started_at=at,
        net_weight_g=product["net_weight_g"],
        fee_rate_fen_per_kg=rate,
        buyer_name=fields.buyer_name.strip(),
        buyer_phone=fields.buyer_phone.strip(),
        order_ref=fields.order_ref.strip(),
    )
    await row.save()
    await audit(actor, "start_batch", "batch", row.id, household=household_id, fee_rate=rate)
    return int(row.id)


async def claim_draft(row: dict[str, Any]) -> None:
    """Lock a draft batch's row for this transaction, so finishing cannot race a change."""
    claimed = await (
        Batch.update({Batch.status: BatchStatus.DRAFT.value})
        .where((Batch.id == row["id"]) & (Batch.status == BatchStatus.DRAFT.value))
        .returning(Batch.id)
    )
    if not claimed:
        raise Conflict(
            "Batch {batch} is already finished; correct it instead.",
            code="batch_not_draft",
            batch=row["code"],
        )


async def _lot_by_code(actor: Actor, code: str) -> dict[str, Any]:
    lot = await (
        HarvestLot.select()
        .where((HarvestLot.code == code) & (HarvestLot.cooperative == actor.cooperative_id))
        .first()
    )
    if lot is None:
        raise NotFound("No harvest lot {lot} in this cooperative.", code="lot_not_found", lot=code)
    return lot


async def put_line(actor: Actor, row: dict[str, Any], line: InputLine) -> None:
    """Set the grams a draft batch takes from a lot, which must hold them now."""
    validate_weight_g(line.weight_g)
    lot = await _lot_by_code(actor, normalise_lot_code(line.lot_code))
    product = await product_of(actor, row["product"])
    wanted_product = product["input_product"]
    if wanted_product is not None and lot["product"] != wanted_product:
        raise InvalidInput(
            "Lot {lot} holds other produce than {product} is made from.",
            code="wrong_produce",
            lot=lot["code"],
            product=product["name_zh"],
        )
    require_fruit(lot, line.weight_g)
    updated = await (
        BatchInput.update({BatchInput.weight_g: line.weight_g})
        .where((BatchInput.batch == row["id"]) & (BatchInput.harvest_lot == lot["id"]))
        .returning(BatchInput.id)
    )
    if not updated:
        await BatchInput.insert(
            BatchInput(batch=row["id"], harvest_lot=lot["id"], weight_g=line.weight_g)
        )
    await audit(actor, "put_batch_input", "batch", row["id"], lot=lot["code"], g=line.weight_g)


async def _suggest(actor: Actor, row: dict[str, Any], wanted_g: int) -> LotSuggestion:
    product = await product_of(actor, row["product"])
    query = HarvestLot.select(
        HarvestLot.id,
        HarvestLot.code,
        HarvestLot.household.code.as_alias("grower_household_code"),
        HarvestLot.weighed_at,
        HarvestLot.remaining_g,
    ).where(
        (HarvestLot.cooperative == actor.cooperative_id)
        & (HarvestLot.status == LotStatus.OPEN.value)
        & (HarvestLot.remaining_g > 0)
        & (HarvestLot.season == row["season"])
    )
    if product["input_product"] is not None:
        query = query.where(HarvestLot.product == product["input_product"])
    lots = {lot["id"]: lot for lot in await query}
    suggestion = suggest_lots(
        (
            LotBalance(i, lot["code"], lot["remaining_g"], lot["weighed_at"])
            for i, lot in lots.items()
        ),
        wanted_g,
    )
    return LotSuggestion(
        wanted_g=wanted_g,
        short_g=suggestion.short_g,
        lots=[
            SuggestedLot(
                lot_id=take.lot_id,
                lot_code=take.code,
                grower_household_code=lots[take.lot_id]["grower_household_code"],
                weighed_at=lots[take.lot_id]["weighed_at"],
                remaining_g=lots[take.lot_id]["remaining_g"],
                take_g=take.weight_g,
            )
            for take in suggestion.takes
        ],
    )
