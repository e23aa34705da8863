"""Growers record their own harvest weight; it waits for the scale unless the cooperative trusts."""

from __future__ import annotations

from datetime import datetime

import msgspec

from coop.db import write
from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, InvalidInput, NotFound
from coop.domain.lots import LotStatus
from coop.domain.weight import validate_weight_g
from coop.services import clock, idempotency
from coop.services.audit import audit
from coop.services.lookup import cooperative_of, product_of
from coop.services.weighins import create_lot
from coop.tables import GrowerRecord, HarvestLot


class GrowerRecordView(msgspec.Struct, frozen=True):
    id: int
    household_id: int
    household_code: str
    household_name: str
    product_id: int
    product_name: str
    product_name_ug: str
    product_name_en: str
    weight_g: int
    note: str
    recorded_at: datetime
    status: str
    confirmed_weight_g: int | None
    confirm_reason: str
    confirmed_at: datetime | None
    lot_id: int | None
    lot_code: str | None


async def record_own_harvest(
    actor: Actor,
    product_id: int,
    weight_g: int,
    note: str = "",
    idempotency_key: str | None = None,
) -> GrowerRecordView:
    """A grower's own figure; trusted cooperatives turn it into a lot at once."""
    actor.require(Action.RECORD_OWN_HARVEST)
    if actor.household_id is None:
        raise InvalidInput("Your account is not linked to a household.", code="no_household")
    validate_weight_g(weight_g)
    if len(note) > 200:
        raise InvalidInput("A note is at most 200 characters.", code="note_too_long")
    household_id = actor.household_id

    async def create() -> int:
        await product_of(actor, product_id)
        record = GrowerRecord(
            cooperative=actor.cooperative_id,
            household=household_id,
            product=product_id,
            weight_g=weight_g,
            note=note,
            recorded_by=actor.user_id,
        )
        await record.save()
        await audit(actor, "grower_record", "grower_record", record.id, weight_g=weight_g)
        if (await cooperative_of(actor))["trust_grower_records"]:
            await _confirm(actor, record.id, household_id, product_id, weight_g, "")
        return int(record.id)

    payload = [product_id, weight_g, note]
    record_id = await idempotency.once(actor, "grower_record", idempotency_key, payload, create)
    return await grower_record(actor, record_id)


async def confirm_grower_record(
    actor: Actor,
    record_id: int,
    weight_g: int,
    reason: str = "",
    idempotency_key: str | None = None,
) -> GrowerRecordView:
    """Confirmed at the scale with the weighed figure; a different figure needs a reason."""
    actor.require(Action.WEIGH)
    validate_weight_g(weight_g)
    reason = reason.strip()
    if len(reason) > 200:
        raise InvalidInput("A reason is at most 200 characters.", code="reason_too_long")

    async def create() -> int:
        record = await _record_row(actor, record_id)
        if record["status"] == "confirmed":
            raise Conflict("This record was already confirmed.", code="record_not_pending")
        if record["status"] != "pending":
            raise Conflict("This record was already rejected.", code="record_not_pending")
        if weight_g != record["weight_g"] and not reason:
            raise InvalidInput(
                "The weighed figure differs from the grower's: say why.", code="reason_required"
            )
        await _confirm(actor, record_id, record["household"], record["product"], weight_g, reason)
        return record_id

    payload = [record_id, weight_g, reason]
    await idempotency.once(actor, "confirm_record", idempotency_key, payload, create)
    return await grower_record(actor, record_id)


async def _confirm(
    actor: Actor, record_id: int, household_id: int, product_id: int, weight_g: int, reason: str
) -> int:
    claimed = await (
        GrowerRecord.update(
            {
                GrowerRecord.status: "confirmed",
                GrowerRecord.confirmed_weight_g: weight_g,
                GrowerRecord.confirm_reason: reason,
                GrowerRecord.confirmed_by: actor.user_id,
                GrowerRecord.confirmed_at: clock.now(),
            }
        )
        .where((GrowerRecord.id == record_id) & (GrowerRecord.status == "pending"))
        .returning(GrowerRecord.id)
    )
    if not claimed:
        raise Conflict("This record was already confirmed.", code="record_not_pending")
    lot = await create_lot(
        actor, household_id, product_id, weight_g, None, grower_record_id=record_id
    )
    return lot.id


async def reject_grower_record(actor: Actor, record_id: int, reason: str) -> GrowerRecordView:
    actor.require(Action.WEIGH)
    reason = reason.strip()
    if not reason:
        raise InvalidInput("Say why the record is rejected.", code="reason_required")

    async with write():
        rejected = await (
            GrowerRecord.update(
                {
                    GrowerRecord.status: "rejected",
                    GrowerRecord.confirm_reason: reason[:200],
                    GrowerRecord.confirmed_by: actor.user_id,
                    GrowerRecord.confirmed_at: clock.now(),
                }
            )
            .where(
                (GrowerRecord.id == record_id)
                & (GrowerRecord.cooperative == actor.cooperative_id)
                & (GrowerRecord.status == "pending")
            )
            .returning(GrowerRecord.id)
        )
        if not rejected:
            await _record_row(actor, record_id)
            raise Conflict("This record is no longer pending.", code="record_not_pending")
        await audit(actor, "reject_grower_record", "grower_record", record_id, reason=reason)
    return await grower_record(actor, record_id)


async def _record_row(actor: Actor, record_id: int) -> dict:
    row = await (
        GrowerRecord.select()
        .where((GrowerRecord.id == record_id) & (GrowerRecord.cooperative == actor.cooperative_id))
        .first()
    )
    if row is None:
        raise NotFound(
            "No grower record {record_id}.", code="record_not_found", record_id=record_id
        )
    return row


def _query(actor: Actor):
    return GrowerRecord.select(
        GrowerRecord.id,
        GrowerRecord.household.as_alias("household_id"),
        GrowerRecord.household.code.as_alias("household_code"),
        GrowerRecord.household.display_name.as_alias("household_name"),
        GrowerRecord.product.as_alias("product_id"),
        GrowerRecord.product.name_zh.as_alias("product_name"),
        GrowerRecord.product.name_ug.as_alias("product_name_ug"),
        GrowerRecord.product.name_en.as_alias("product_name_en"),
        GrowerRecord.weight_g,
        GrowerRecord.note,
        GrowerRecord.recorded_at,
        GrowerRecord.status,
        GrowerRecord.confirmed_weight_g,
        GrowerRecord.confirm_reason,
        GrowerRecord.confirmed_at,
    ).where(GrowerRecord.cooperative == actor.cooperative_id)


async def grower_record(actor: Actor, record_id: int) -> GrowerRecordView:
    row = await _query(actor).where(GrowerRecord.id == record_id).first()
    if row is None:
        raise NotFound(
            "No grower record {record_id}.", code="record_not_found", record_id=record_id
        )
    actor.require_household(row["household_id"])
    return (await _views([row]))[0]


async def grower_records(
    actor: Actor, status: str | None = None, limit: int = 200
) -> list[GrowerRecordView]:
    """Clerks see the cooperative's; a grower sees its own household's. Newest first."""
    query = _query(actor)
    if not actor.may(Action.READ_EVERY_HOUSEHOLD):
        query = query.where(GrowerRecord.household == actor.household_id)
    if status is not None:
        query = query.where(GrowerRecord.status == status)
    return await _views(await query.order_by(GrowerRecord.id, ascending=False).limit(limit))


async def _views(rows: list[dict]) -> list[GrowerRecordView]:
    ids = [row["id"] for row in rows]
    lots = (
        await HarvestLot.select(HarvestLot.id, HarvestLot.code, HarvestLot.grower_record).where(
            HarvestLot.grower_record.is_in(ids) & (HarvestLot.status == LotStatus.OPEN.value)
        )
        if ids
        else []
    )
    by_record = {lot["grower_record"]: lot for lot in lots}
    return [
        GrowerRecordView(
            **row,
            lot_id=by_record.get(row["id"], {}).get("id"),
            lot_code=by_record.get(row["id"], {}).get("code"),
        )
        for row in rows
    ]
