"""Holds: the one place a lot's or batch's status is held, released or recalled.

A hold pauses sale, packing and labels (orders and labels refuse a batch whose status is not
`finished`; lots whose status is not `open`), and the public page shows that same status. Holding
or recalling a harvest lot does the same to the batches made from it. Every status change is
written to the audit trail.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from coop.db import write
from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, NotFound
from coop.domain.lots import LotStatus
from coop.domain.orders import OrderStatus
from coop.domain.processing import BatchStatus
from coop.domain.trace import check_reason, parse_trace_key
from coop.services import notices
from coop.services.audit import audit
from coop.services.fields import Reason, Text80
from coop.services.trace_queries import BatchOrigin, BuyerOrder, LotOrigin
from coop.tables import Batch, BatchInput, HarvestLot

# What may be done to a lot or batch in each status (hold and release below; recalls).
NEXT_STEPS: dict[str, frozenset[str]] = {
    LotStatus.OPEN: frozenset({"hold", "recall"}),
    BatchStatus.FINISHED: frozenset({"hold", "recall"}),
    LotStatus.HELD: frozenset({"release", "recall"}),  # a held batch is "held" too
}
NOT_PACKED = frozenset({OrderStatus.PENDING, OrderStatus.PAID})
PACKED = frozenset({OrderStatus.PACKED, OrderStatus.SHIPPED, OrderStatus.DELIVERED})


class Hold(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    lot_code: Text80
    reason: Reason = ""


async def hold(actor: Actor, fields: Hold) -> str:
    """Pause sale, packing and labels of a finished batch or an open lot (and its batches)."""
    actor.require(Action.TRACE)
    reason = check_reason(fields.reason)
    return await _move(
        actor, fields.lot_code, (LotStatus.OPEN, LotStatus.HELD), BatchStatus.HELD, reason
    )


async def release(actor: Actor, fields: Hold) -> str:
    """Lift a hold found groundless: the batch is for sale again, the lot open again."""
    actor.require(Action.TRACE)
    reason = fields.reason.strip()
    return await _move(
        actor, fields.lot_code, (LotStatus.HELD, LotStatus.OPEN), BatchStatus.FINISHED, reason
    )


async def _move(
    actor: Actor,
    lot_code: str,
    lot_move: tuple[LotStatus, LotStatus],
    batch_to: BatchStatus,
    reason: str,
) -> str:
    """Hold or release a batch, or a lot with every batch made from it, in one transaction."""
    batch_from = BatchStatus.FINISHED if batch_to == BatchStatus.HELD else BatchStatus.HELD
    async with write():
        kind, subject_id, code = await subject(actor, lot_code)
        if kind == "batch":
            batches = [subject_id]
        else:
            await move_lot(actor, subject_id, {lot_move[0]}, lot_move[1], reason)
            batches = await batches_of(subject_id)
        await move_batches(actor, batches, {batch_from}, batch_to, reason)
    return code


# --- what a trace page offers and what a hold did -------------------------------------------------


def subject_status(
    code: str, lots: Iterable[LotOrigin], batches: Iterable[BatchOrigin]
) -> str | None:
    """The status of the lot or batch a code names, among those a trace found."""
    statuses = {lot.lot_code: lot.status for lot in lots}
    statuses.update({batch.code: batch.status for batch in batches})
    return statuses.get(parse_trace_key(code).code)


def next_steps(status: str | None) -> frozenset[str]:
    """ "hold", "release", "recall": what a lot or batch in this status may have done to it."""
    return NEXT_STEPS.get(status or "", frozenset())


class HoldEffects(msgspec.Struct, frozen=True, kw_only=True):
    """What a hold stopped, said back to whoever placed it."""

    code: str
    is_batch: bool
    batches_held: int  # of a lot: the batches made from it, held with it
    jars_held: int
    orders_not_packed: int  # to be picked from other stock
    orders_packed: int  # packed or sent: their buyers to be told, or a recall


def hold_effects(
    code: str, batches: Iterable[BatchOrigin], orders: Iterable[BuyerOrder]
) -> HoldEffects:
    """Counted from the forward trace of the lot or batch just held."""
    held = [batch for batch in batches if batch.status == BatchStatus.HELD]
    statuses = [order.status for order in orders]
    key = parse_trace_key(code)
    return HoldEffects(
        code=key.code,
        is_batch=key.is_batch,
        batches_held=len(held),
        jars_held=sum(batch.jars_in_stock for batch in held),
        orders_not_packed=sum(status in NOT_PACKED for status in statuses),
        orders_packed=sum(status in PACKED for status in statuses),
    )


# --- inside (recalls move statuses with these too) ---------------------------------------------


async def subject(actor: Actor, text: str) -> tuple[str, int, str]:
    """The batch or harvest lot a code names in this cooperative: ("batch" or "lot", id, code)."""
    key = parse_trace_key(text)
    if key.is_batch:
        found = (
            await Batch.select(Batch.id)
            .where((Batch.code == key.code) & (Batch.cooperative == actor.cooperative_id))
            .first()
        )
        if found is None:
            raise NotFound(
                "No batch {batch} in this cooperative.", code="batch_not_found", batch=key.code
            )
        return "batch", found["id"], key.code
    found = (
        await HarvestLot.select(HarvestLot.id)
        .where((HarvestLot.code == key.code) & (HarvestLot.cooperative == actor.cooperative_id))
        .first()
    )
    if found is None:
        raise NotFound(
            "No harvest lot {lot} in this cooperative.", code="lot_not_found", lot=key.code
        )
    return "lot", found["id"], key.code


async def batches_of(lot_id: int) -> list[int]:
    rows = await BatchInput.select(BatchInput.batch).where(BatchInput.harvest_lot == lot_id)
    return sorted({row["batch"] for row in rows})


async def move_lot(
    actor: Actor, lot_id: int, allowed: set[LotStatus], to: LotStatus, reason: str
) -> None:
    """One conditional UPDATE: a lot moves only from a status that allows it."""
    moved = await (
        HarvestLot.update({HarvestLot.status: to.value})
        .where(
            (HarvestLot.id == lot_id) & HarvestLot.status.is_in(sorted(s.value for s in allowed))
        )
        .returning(HarvestLot.code, HarvestLot.status)
    )
    if not moved:
        current = (
            await HarvestLot.select(HarvestLot.code, HarvestLot.status)
            .where(HarvestLot.id == lot_id)
            .first()
        )
        assert current is not None
        raise Conflict(
            "Lot {lot} is “{status}”; it cannot become “{wanted}”.",
            code="lot_status",
            lot=current["code"],
            status=LotStatus(current["status"]),
            wanted=to,
        )
    await audit(actor, f"lot_{to.value}", "harvest_lot", lot_id, reason=reason)


async def move_batches(
    actor: Actor, batch_ids: list[int], allowed: set[BatchStatus], to: BatchStatus, reason: str
) -> None:
    """Batches in an allowed status move; a lone batch in another status is refused."""
    if not batch_ids:
        return
    moved = await (
        Batch.update({Batch.status: to.value})
        .where(Batch.id.is_in(batch_ids) & Batch.status.is_in(sorted(s.value for s in allowed)))
        .returning(Batch.id, Batch.code)
    )
    if not moved and len(batch_ids) == 1:
        current = (
            await Batch.select(Batch.code, Batch.status).where(Batch.id == batch_ids[0]).first()
        )
        assert current is not None
        if current["status"] == BatchStatus.CORRECTED.value:
            raise Conflict(
                "Batch {batch} was corrected; hold or recall the batch that replaced it.",
                code="batch_corrected",
                batch=current["code"],
            )
        raise Conflict(
            "Batch {batch} is “{status}”; it cannot become “{wanted}”.",
            code="batch_status",
            batch=current["code"],
            status=BatchStatus(current["status"]),
            wanted=to,
        )
    for row in moved:
        await audit(actor, f"batch_{to.value}", "batch", row["id"], reason=reason)
    await notices.batches_stopped(actor, [row["id"] for row in moved], to, reason)
