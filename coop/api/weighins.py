"""Weigh-ins, their corrections, and growers' own records with their confirmation at the scale."""

from __future__ import annotations

from datetime import datetime

import msgspec
from litestar import Controller, get, post

from coop.api.deps import IdempotencyKey, OptionalId, PathId
from coop.domain.actors import Actor
from coop.services import grower_records, weighin_corrections, weighins
from coop.services.certificates import Received
from coop.services.fields import FenPerKg, Grams, Id, Reason, Text20
from coop.services.grower_records import GrowerRecordView
from coop.services.weighin_corrections import CorrectionResult
from coop.services.weighins import WeighIn


class NewWeighIn(msgspec.Struct, forbid_unknown_fields=True):
    household_id: Id
    product_id: Id
    weight_g: Grams
    price_fen_per_kg: FenPerKg | None = None
    grade: Text20 = ""
    certificate_no: str = ""  # the household's 承诺达标合格证, collected at the scale
    certificate_on_behalf: bool = False  # the cooperative issues it on the household's behalf


class NewCorrection(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason
    weight_g: Grams | None = None


class NewGrowerRecord(msgspec.Struct, forbid_unknown_fields=True):
    product_id: Id
    weight_g: Grams
    note: Reason = ""


class Confirmation(msgspec.Struct, forbid_unknown_fields=True):
    weight_g: Grams
    reason: Reason = ""


class Rejection(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason


class WeighInController(Controller):
    path = "/weighins"
    tags = ["weigh-ins"]

    @post("/")
    async def create(
        self, actor: Actor, data: NewWeighIn, idempotency_key: IdempotencyKey = None
    ) -> WeighIn:
        return await weighins.record_weighin(
            actor,
            data.household_id,
            data.product_id,
            data.weight_g,
            data.price_fen_per_kg,
            data.grade,
            idempotency_key,
            received=Received(data.certificate_no, data.certificate_on_behalf),
        )

    @get("/")
    async def list(
        self, actor: Actor, household_id: OptionalId = None, since: datetime | None = None
    ) -> list[WeighIn]:
        return await weighins.weighins(actor, household_id, since)

    @get("/{lot_id:int}")
    async def read(self, actor: Actor, lot_id: PathId) -> WeighIn:
        return await weighins.weighin(actor, lot_id)

    @post("/{lot_id:int}/corrections")
    async def correct(
        self,
        actor: Actor,
        lot_id: PathId,
        data: NewCorrection,
        idempotency_key: IdempotencyKey = None,
    ) -> CorrectionResult:
        return await weighin_corrections.correct_weighin(
            actor, lot_id, data.weight_g, data.reason, idempotency_key
        )


class GrowerRecordController(Controller):
    path = "/grower-records"
    tags = ["grower records"]

    @post("/")
    async def create(
        self, actor: Actor, data: NewGrowerRecord, idempotency_key: IdempotencyKey = None
    ) -> GrowerRecordView:
        return await grower_records.record_own_harvest(
            actor, data.product_id, data.weight_g, data.note, idempotency_key
        )

    @get("/")
    async def list(self, actor: Actor, status: str | None = None) -> list[GrowerRecordView]:
        return await grower_records.grower_records(actor, status)

    @get("/{record_id:int}")
    async def read(self, actor: Actor, record_id: PathId) -> GrowerRecordView:
        return await grower_records.grower_record(actor, record_id)

    @post("/{record_id:int}/confirm", status_code=200)
    async def confirm(
        self,
        actor: Actor,
        record_id: PathId,
        data: Confirmation,
        idempotency_key: IdempotencyKey = None,
    ) -> GrowerRecordView:
        return await grower_records.confirm_grower_record(
            actor, record_id, data.weight_g, data.reason, idempotency_key
        )

    @post("/{record_id:int}/reject", status_code=200)
    async def reject(self, actor: Actor, record_id: PathId, data: Rejection) -> GrowerRecordView:
        return await grower_records.reject_grower_record(actor, record_id, data.reason)
