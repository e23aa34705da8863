"""Reading batches: one with its inputs, lists, jars on hand; a processor sees only its own."""

from __future__ import annotations

from typing import Any

import msgspec

from coop.domain.actors import Action, Actor, Role
from coop.domain.errors import Forbidden, InvalidInput, NotFound
from coop.domain.processing import BatchStatus
from coop.services.batch_views import BatchSummary, BatchView, StockLine
from coop.tables import Batch, BatchInput, Cooperative


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
    actor.require(Action.SEE_BATCHES)
    if not actor.may(Action.READ_EVERY_HOUSEHOLD):
        household_id = maker_household(actor, None)
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


async def stock_lines(actor: Actor) -> list[StockLine]:
    """Jars on hand for sale, per product: finished batches, not those made for a buyer."""
    actor.require(Action.SEE_BATCHES)
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


def maker_household(actor: Actor, household_id: int | None) -> int:
    """A processor works for its own household; staff must say which household processes."""
    if not actor.may(Action.ASSIGN_BATCHES):
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


async def own_batch(actor: Actor, batch_id: int) -> dict[str, Any]:
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


async def inputs_of(batch_id: int) -> list[dict[str, Any]]:
    """The lots a batch takes fruit from, with the grams, in the order they were added."""
    return (
        await BatchInput.select(
            BatchInput.harvest_lot.as_alias("lot_id"),
            BatchInput.harvest_lot.code.as_alias("lot_code"),
            BatchInput.weight_g,
        )
        .where(BatchInput.batch == batch_id)
        .order_by(BatchInput.id)
    )


def _require_may_see(actor: Actor, household_id: int) -> None:
    if not actor.may(Action.READ_EVERY_HOUSEHOLD) and actor.household_id != household_id:
        raise Forbidden("This batch belongs to another processor household.", code="not_your_batch")


def _no_batch(batch_id: int) -> NotFound:
    return NotFound(
        "No batch {batch_id} in this cooperative.", code="batch_not_found", batch_id=batch_id
    )


def _batch_query(actor: Actor):
    return Batch.select(
        Batch.id,
        Batch.code,
        Batch.status,
        Batch.product.as_alias("product_id"),
        Batch.product.name_zh.as_alias("product_name"),
        Batch.product.name_ug.as_alias("product_name_ug"),
        Batch.product.name_en.as_alias("product_name_en"),
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
