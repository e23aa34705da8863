"""Processing batches: fruit from harvest lots in, jars out, and the processor's fee in the ledger.

Finishing takes the fruit with one conditional UPDATE per lot, so a lot never goes below zero
under concurrent requests on either database; corrections reverse, they never edit (DESIGN).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec

from coop.db import write
from coop.domain.actors import STAFF, Actor, Role
from coop.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, OutOfStock
from coop.domain.lots import LotKind, LotStatus, new_lot_code, normalise_lot_code
from coop.domain.processing import (
    BatchStatus,
    LotBalance,
    YieldRange,
    best_before,
    check_yield,
    filled_g,
    processing_fee_fen,
    suggest_lots,
    validate_fee_rate,
    validate_jars,
    validate_sugar_g,
)
from coop.domain.seasons import season_of
from coop.domain.statement import EntryKind
from coop.domain.weight import format_kg, validate_weight_g
from coop.services import clock, content_version, idempotency
from coop.services.audit import audit
from coop.services.certifications import require_certified
from coop.services.lookup import cooperative_of, product_of
from coop.tables import Batch, BatchInput, Cooperative, HarvestLot, LedgerEntry

ASSIGNERS = (Role.ADMIN, Role.CLERK)  # staff who start a batch for a certified processor
MAKERS = (Role.PROCESSOR, *ASSIGNERS)  # who start, fill, finish and correct batches
SOURCE = "batch"  # ledger entries' source_type for processing fees


# --- what callers send ----------------------------------------------------------------------------


class NewBatch(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Start a batch; a processor's own household is implied, staff name a certified one."""

    product_id: int
    household_id: int | None = None
    fee_rate_fen_per_kg: int | None = None  # staff only; the product's rate by default
    buyer_name: str = ""  # custom processing: the buyer who brought fruit and wants jam
    buyer_phone: str = ""
    order_ref: str = ""


class InputLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Grams of fruit taken from one harvest lot, named by its printed code."""

    lot_code: str
    weight_g: int


class Finish(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    jars_filled: int
    sugar_g: int = 0


class Replacement(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the batch really was; inputs left out mean the corrected batch's own."""

    jars_filled: int
    sugar_g: int = 0
    inputs: list[InputLine] | None = None


class BatchCorrection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    reason: str
    replacement: Replacement | None = None


# --- what callers get -----------------------------------------------------------------------------


class BatchInputView(msgspec.Struct, frozen=True):
    lot_id: int
    lot_code: str
    grower_household_code: str
    weight_g: int
    lot_remaining_g: int


class BatchSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    code: str
    status: str
    product_id: int
    product_name: str
    household_id: int
    household_code: str
    household_name: str
    season: int
    started_at: datetime
    finished_at: datetime | None
    fruit_g: int
    sugar_g: int
    jars_filled: int | None
    net_weight_g: int
    jars_in_stock: int
    fee_rate_fen_per_kg: int
    fee_fen: int | None
    made_on: date | None
    best_before: date | None
    yield_per_mille: int | None
    yield_min_per_mille: int | None
    yield_max_per_mille: int | None
    yield_flagged: bool
    buyer_name: str
    buyer_phone: str
    order_ref: str
    buyer_charge_fen: int | None
    replaces_id: int | None
    correction_reason: str


class BatchView(BatchSummary, frozen=True, kw_only=True):
    inputs: list[BatchInputView]


class BatchCorrectionResult(msgspec.Struct, frozen=True):
    original: BatchView
    replacement: BatchView | None
    reason: str


class SuggestedLot(msgspec.Struct, frozen=True):
    lot_id: int
    lot_code: str
    grower_household_code: str
    weighed_at: datetime
    remaining_g: int
    take_g: int


class LotSuggestion(msgspec.Struct, frozen=True):
    wanted_g: int
    short_g: int
    lots: list[SuggestedLot]


class StockLine(msgspec.Struct, frozen=True):
    product_id: int
    product_name: str
    net_weight_g: int
    jars_in_stock: int
    batches: int


# --- use cases ------------------------------------------------------------------------------------


async def start_batch(
    actor: Actor,
    fields: NewBatch,
    idempotency_key: str | None = None,
    at: datetime | None = None,
) -> BatchView:
    """A processor starts its own batch, or staff assign one to a certified processor household.

    `at` backdates the start (imports and the demo); by default it is now.
    """
    actor.require(*MAKERS)
    household_id = _maker_household(actor, fields.household_id)
    if actor.role == Role.PROCESSOR and fields.fee_rate_fen_per_kg is not None:
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
    actor.require(*MAKERS)
    async with write():
        row = await _own_batch(actor, batch_id)
        await _claim_draft(row)
        await _put_input(actor, row, line)
    return await batch(actor, batch_id)


async def remove_input(actor: Actor, batch_id: int, lot_code: str) -> BatchView:
    actor.require(*MAKERS)
    code = normalise_lot_code(lot_code)
    async with write():
        row = await _own_batch(actor, batch_id)
        await _claim_draft(row)
        lot = await _lot_by_code(actor, code)
        await BatchInput.delete().where(
            (BatchInput.batch == batch_id) & (BatchInput.harvest_lot == lot["id"])
        )
        await audit(actor, "remove_batch_input", "batch", batch_id, lot=code)
    return await batch(actor, batch_id)


async def use_suggestion(actor: Actor, batch_id: int, wanted_g: int) -> BatchView:
    """Replace a draft batch's inputs by the oldest-first suggestion for this much fruit."""
    actor.require(*MAKERS)
    validate_weight_g(wanted_g)
    async with write():
        row = await _own_batch(actor, batch_id)
        await _claim_draft(row)
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
            await _put_input(actor, row, InputLine(take.lot_code, take.take_g))
    return await batch(actor, batch_id)


async def suggested_lots(actor: Actor, batch_id: int, wanted_g: int) -> LotSuggestion:
    """Open lots of this season's fruit, oldest first, enough for the wanted weight if they can."""
    actor.require(*MAKERS)
    validate_weight_g(wanted_g)
    return await _suggest(actor, await _own_batch(actor, batch_id), wanted_g)


async def finish_batch(
    actor: Actor, batch_id: int, finish: Finish, at: datetime | None = None
) -> BatchView:
    """Take the fruit, post the fee, put the jars into stock: all in one write transaction."""
    actor.require(*MAKERS)
    validate_jars(finish.jars_filled)
    validate_sugar_g(finish.sugar_g)
    async with write():
        row = await _own_batch(actor, batch_id)
        await _finish(actor, row, finish, at or clock.now())
    return await batch(actor, batch_id)


async def correct_batch(
    actor: Actor, batch_id: int, correction: BatchCorrection, idempotency_key: str | None = None
) -> BatchCorrectionResult:
    """Reverse a finished batch (fee, lots, stock) and, when given, post what it really was."""
    actor.require(*MAKERS)
    reason = correction.reason.strip()
    if not 0 < len(reason) <= 200:
        raise InvalidInput(
            "Say in at most 200 characters why the batch is corrected.", code="reason_required"
        )
    if correction.replacement is not None:
        validate_jars(correction.replacement.jars_filled)
        validate_sugar_g(correction.replacement.sugar_g)

    async def create() -> int:
        row = await _own_batch(actor, batch_id)
        return await _reverse_and_replace(actor, row, reason, correction.replacement)

    payload = [batch_id, msgspec.to_builtins(correction)]
    await idempotency.once(actor, "batch_correction", idempotency_key, payload, create)
    original = await batch(actor, batch_id)
    replacement_row = await Batch.select(Batch.id).where(Batch.replaces == batch_id).first()
    replacement = await batch(actor, replacement_row["id"]) if replacement_row else None
    return BatchCorrectionResult(original, replacement, original.correction_reason)


async def take_jars(batch_id: int, jars: int) -> bool:
    """Inside a write transaction: take jars from a batch's stock, never below zero (for orders)."""
    if jars <= 0:
        raise InvalidInput("Take at least one jar.", code="invalid_jar_count")
    taken = await (
        Batch.update({Batch.jars_in_stock: Batch.jars_in_stock - jars})
        .where(
            (Batch.id == batch_id)
            & (Batch.status == BatchStatus.FINISHED.value)
            & (Batch.jars_in_stock >= jars)
        )
        .returning(Batch.id)
    )
    return bool(taken)


# --- reading --------------------------------------------------------------------------------------


async def batch(actor: Actor, batch_id: int) -> BatchView:
    """A batch with its inputs, fee and yield; a processor sees only its own household's."""
    row = await _batch_query(actor).where(Batch.id == batch_id).first()
    if row is None:
        raise _no_batch(batch_id)
    _require_may_see(actor, row["household_id"])
    inputs = (
        await BatchInput.select(
            BatchInput.harvest_lot.as_alias("lot_id"),
            BatchInput.harvest_lot.code.as_alias("lot_code"),
            BatchInput.harvest_lot._.household._.code.as_alias("grower_household_code"),
            BatchInput.weight_g,
            BatchInput.harvest_lot.remaining_g.as_alias("lot_remaining_g"),
        )
        .where(BatchInput.batch == batch_id)
        .order_by(BatchInput.id)
    )
    return msgspec.convert({**row, "inputs": inputs}, BatchView, strict=False)


async def batches(
    actor: Actor,
    status: str | None = None,
    flagged: bool | None = None,
    household_id: int | None = None,
    limit: int | None = 200,
) -> list[BatchSummary]:
    """Newest first: staff see all (or one household's), a processor its own."""
    if actor.role not in STAFF:
        actor.require(Role.PROCESSOR)
        household_id = _maker_household(actor, None)
    query = _batch_query(actor)
    if status is not None:
        if status not in set(BatchStatus):
            raise InvalidInput(
                "There is no batch status {status}; use one of: {choices}.",
                code="invalid_status",
                status=status,
                choices=tuple(BatchStatus),
            )
        query = query.where(Batch.status == status)
    if flagged is not None:
        query = query.where(Batch.yield_flagged.eq(flagged))
    if household_id is not None:
        query = query.where(Batch.household == household_id)
    query = query.order_by(Batch.id, ascending=False)
    rows = await (query if limit is None else query.limit(limit))
    return [msgspec.convert(row, BatchSummary, strict=False) for row in rows]


async def batches_everywhere(
    status: str | None = None, slug: str | None = None
) -> list[BatchSummary]:
    """The CLI's read: every cooperative's batches (or one's), as the work team sees them."""
    query = Cooperative.select(Cooperative.id).order_by(Cooperative.id)
    if slug is not None:
        query = query.where(Cooperative.slug == slug)
    cooperatives = await query
    if slug is not None and not cooperatives:
        raise NotFound("No cooperative {slug}.", code="cooperative_not_found", slug=slug)
    found: list[BatchSummary] = []
    for cooperative in cooperatives:
        reader = Actor(0, cooperative["id"], Role.WORK_TEAM, "coop batches")
        found += reversed(await batches(reader, status, limit=None))
    return found


async def stock(actor: Actor) -> list[StockLine]:
    """Jars on hand for sale, per product: finished batches, not those made for a buyer."""
    actor.require(*STAFF, Role.PROCESSOR)
    rows = await (
        Batch.select(
            Batch.product.as_alias("product_id"),
            Batch.product.name_zh.as_alias("product_name"),
            Batch.net_weight_g,
            Batch.jars_in_stock,
        )
        .where(
            (Batch.cooperative == actor.cooperative_id)
            & (Batch.status == BatchStatus.FINISHED.value)
            & (Batch.buyer_name == "")
        )
        .order_by(Batch.product)
    )
    lines: dict[int, StockLine] = {}
    for row in rows:
        line = lines.get(row["product_id"])
        lines[row["product_id"]] = StockLine(
            product_id=row["product_id"],
            product_name=row["product_name"],
            net_weight_g=row["net_weight_g"],
            jars_in_stock=(line.jars_in_stock if line else 0) + row["jars_in_stock"],
            batches=(line.batches if line else 0) + 1,
        )
    return list(lines.values())


# --- inside a write transaction -------------------------------------------------------------------


def _maker_household(actor: Actor, household_id: int | None) -> int:
    """A processor works for its own household; staff must say which household processes."""
    if actor.role == Role.PROCESSOR:
        if actor.household_id is None:
            raise InvalidInput("Your account is not linked to a household.", code="no_household")
        if household_id not in (None, actor.household_id):
            raise Forbidden(
                "A processor starts batches only for its own household.", code="not_your_household"
            )
        return actor.household_id
    if household_id is None:
        raise InvalidInput("Choose the processor household.", code="household_required")
    return household_id


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
    day = at.astimezone(clock.LOCAL).date()
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


async def _own_batch(actor: Actor, batch_id: int) -> dict[str, Any]:
    """A batch of this cooperative that this actor may change (a processor: its own only)."""
    row = await (
        Batch.select()
        .where((Batch.id == batch_id) & (Batch.cooperative == actor.cooperative_id))
        .first()
    )
    if row is None:
        raise _no_batch(batch_id)
    _require_may_see(actor, row["household"])
    return row


def _require_may_see(actor: Actor, household_id: int) -> None:
    if actor.role not in STAFF and actor.household_id != household_id:
        raise Forbidden("This batch belongs to another processor household.", code="not_your_batch")


def _no_batch(batch_id: int) -> NotFound:
    return NotFound(
        "No batch {batch_id} in this cooperative.", code="batch_not_found", batch_id=batch_id
    )


async def _claim_draft(row: dict[str, Any]) -> None:
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


async def _put_input(actor: Actor, row: dict[str, Any], line: InputLine) -> None:
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
    _require_enough(lot, line.weight_g)
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


def _require_enough(lot: dict[str, Any], weight_g: int) -> None:
    """Refuse, naming the lot, fruit the lot cannot give (DESIGN: quantities never negative)."""
    if lot["status"] in (LotStatus.HELD, LotStatus.RECALLED):  # coop.services.recalls
        raise Conflict(
            "Lot {lot} is “{status}”: its fruit cannot be used or sold.",
            code="lot_not_for_sale",
            lot=lot["code"],
            status=LotStatus(lot["status"]),
        )
    if lot["status"] != LotStatus.OPEN:
        raise Conflict(
            "Lot {lot} was corrected away; use the lot that replaced it.",
            code="lot_void",
            lot=lot["code"],
        )
    if lot["remaining_g"] <= 0:
        raise OutOfStock("Lot {lot} is used up.", code="lot_exhausted", lot=lot["code"])
    if lot["remaining_g"] < weight_g:
        raise OutOfStock(
            "Lot {lot} has only {remaining} kg left; {wanted} kg asked.",
            code="lot_short",
            lot=lot["code"],
            remaining=format_kg(lot["remaining_g"]),
            wanted=format_kg(weight_g),
        )


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
        & (HarvestLot.status == "open")
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


async def _inputs(batch_id: int) -> list[dict[str, Any]]:
    return (
        await BatchInput.select(
            BatchInput.harvest_lot.as_alias("lot_id"),
            BatchInput.harvest_lot.code.as_alias("lot_code"),
            BatchInput.weight_g,
        )
        .where(BatchInput.batch == batch_id)
        .order_by(BatchInput.id)
    )


async def take_fruit(lot_id: int, lot_code: str, weight_g: int) -> None:
    """One conditional UPDATE: a lot gives fruit (to a batch or an order) only if it has it."""
    taken = await (
        HarvestLot.update({HarvestLot.remaining_g: HarvestLot.remaining_g - weight_g})
        .where(
            (HarvestLot.id == lot_id)
            & (HarvestLot.status == "open")
            & (HarvestLot.remaining_g >= weight_g)
        )
        .returning(HarvestLot.id)
    )
    if not taken:
        lot = await HarvestLot.select().where(HarvestLot.id == lot_id).first()
        assert lot is not None, lot_code
        _require_enough(lot, weight_g)
        raise AssertionError(f"lot {lot_code} refused {weight_g} g for no known reason")


async def _finish(
    actor: Actor,
    row: dict[str, Any],
    finish: Finish,
    at: datetime,
    made_on: date | None = None,
) -> None:
    """Claim the draft, take each lot's fruit, post the fee, stock the jars, check the yield."""
    await _claim_draft(row)
    inputs = await _inputs(row["id"])
    if not inputs:
        raise InvalidInput(
            "Add the harvest lots batch {batch} was made from before finishing it.",
            code="no_inputs",
            batch=row["code"],
        )
    for line in inputs:
        await take_fruit(line["lot_id"], line["lot_code"], line["weight_g"])
    product = await product_of(actor, row["product"])
    fruit_g = sum(line["weight_g"] for line in inputs)
    fee = processing_fee_fen(fruit_g, row["fee_rate_fen_per_kg"])
    made_on = made_on or at.astimezone(clock.LOCAL).date()
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
            Batch.jars_in_stock: finish.jars_filled,
            Batch.fee_fen: fee,
            Batch.made_on: made_on,
            Batch.best_before: best_before(made_on, product["shelf_life_days"]),
            Batch.yield_per_mille: check.yield_per_mille,
            Batch.yield_flagged: check.flagged,
            Batch.buyer_charge_fen: fee if row["buyer_name"] else None,
        }
    ).where(Batch.id == row["id"])
    await content_version.bump()  # its label URLs now have a page
    await LedgerEntry.insert(
        LedgerEntry(
            cooperative=actor.cooperative_id,
            household=row["household"],
            season=row["season"],
            kind=EntryKind.PROCESSING_FEE.value,
            amount_fen=fee,
            source_type=SOURCE,
            source_id=row["id"],
            created_by=actor.user_id,
            created_at=at,
        )
    )
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
    reversed_rows = await (
        Batch.update(
            {
                Batch.status: BatchStatus.CORRECTED.value,
                Batch.jars_in_stock: 0,
                Batch.correction_reason: reason,
                Batch.corrected_by: actor.user_id,
                Batch.corrected_at: now,
            }
        )
        .where(
            (Batch.id == row["id"])
            & (Batch.status == BatchStatus.FINISHED.value)
            & (Batch.jars_in_stock == Batch.jars_filled)
        )
        .returning(Batch.id)
    )
    if not reversed_rows:
        current = await Batch.select().where(Batch.id == row["id"]).first()
        assert current is not None
        _require_finished(current)  # a concurrent correction came first
        raise Conflict(
            "Jars of batch {batch} are already sold; correct what sold them first.",
            code="batch_jars_sold",
            batch=row["code"],
        )
    inputs = await _inputs(row["id"])
    for line in inputs:
        await HarvestLot.update(
            {HarvestLot.remaining_g: HarvestLot.remaining_g + line["weight_g"]}
        ).where(HarvestLot.id == line["lot_id"])
    fee_entry = await (
        LedgerEntry.select()
        .where(
            (LedgerEntry.source_type == SOURCE)
            & (LedgerEntry.source_id == row["id"])
            & (LedgerEntry.kind == EntryKind.PROCESSING_FEE.value)
        )
        .first()
    )
    assert fee_entry is not None, f"batch {row['id']} has no fee entry"
    await LedgerEntry.insert(
        LedgerEntry(
            cooperative=actor.cooperative_id,
            household=row["household"],
            season=fee_entry["season"],
            kind=EntryKind.REVERSAL.value,
            amount_fen=-fee_entry["amount_fen"],
            source_type=SOURCE,
            source_id=row["id"],
            reverses=fee_entry["id"],
            reason=reason,
            created_by=actor.user_id,
            created_at=now,
        )
    )
    await audit(actor, "correct_batch", "batch", row["id"], reason=reason)
    await content_version.bump()  # the page of its labels changes
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
        await _put_input(actor, new_row, line)
    finish = Finish(replacement.jars_filled, replacement.sugar_g)
    await _finish(actor, new_row, finish, at, made_on=row["made_on"])


def _batch_query(actor: Actor):
    return Batch.select(
        Batch.id,
        Batch.code,
        Batch.status,
        Batch.product.as_alias("product_id"),
        Batch.product.name_zh.as_alias("product_name"),
        Batch.household.as_alias("household_id"),
        Batch.household.code.as_alias("household_code"),
        Batch.household.display_name.as_alias("household_name"),
        Batch.season,
        Batch.started_at,
        Batch.finished_at,
        Batch.fruit_g,
        Batch.sugar_g,
        Batch.jars_filled,
        Batch.net_weight_g,
        Batch.jars_in_stock,
        Batch.fee_rate_fen_per_kg,
        Batch.fee_fen,
        Batch.made_on,
        Batch.best_before,
        Batch.yield_per_mille,
        Batch.product.yield_min_per_mille.as_alias("yield_min_per_mille"),
        Batch.product.yield_max_per_mille.as_alias("yield_max_per_mille"),
        Batch.yield_flagged,
        Batch.buyer_name,
        Batch.buyer_phone,
        Batch.order_ref,
        Batch.buyer_charge_fen,
        Batch.replaces.as_alias("replaces_id"),
        Batch.correction_reason,
    ).where(Batch.cooperative == actor.cooperative_id)
