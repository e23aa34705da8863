"""Weigh-ins, their corrections, and growers' own records with their confirmation at the scale."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec
from litestar import Controller, get, post

from coop.api.deps import IdempotencyKey, OptionalId, OptionalText, PathId, example
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
    """Either the new weight or `void: true`: an empty weight alone is refused."""

    reason: Reason
    weight_g: Grams | None = None
    grade: Text20 | None = None  # another grade: priced as posted at the original weigh-in
    void: bool = False


class NewGrowerRecord(msgspec.Struct, forbid_unknown_fields=True):
    product_id: Id
    weight_g: Grams
    note: Reason = ""


class Confirmation(msgspec.Struct, forbid_unknown_fields=True):
    weight_g: Grams
    reason: Reason = ""


class Rejection(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason


WEIGHIN_EXAMPLE = example(
    "12.5 kg of grade A raspberries at the product's price",
    {"household_id": 1, "product_id": 1, "weight_g": 12500, "grade": "A"},
)


class WeighInController(Controller):
    path = "/weighins"
    tags = ["weigh-ins"]

    @post("/")
    async def create(
        self,
        actor: Actor,
        data: Annotated[NewWeighIn, WEIGHIN_EXAMPLE],
        idempotency_key: IdempotencyKey = None,
    ) -> WeighIn:
        """Records a weigh-in as a harvest lot; retried with the same Idempotency-Key, one lot."""
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
        """Weigh-ins, for one household or all, since a time."""
        return await weighins.weighins(actor, household_id, since)

    @get("/{lot_id:int}")
    async def read(self, actor: Actor, lot_id: PathId) -> WeighIn:
        """One weigh-in."""
        return await weighins.weighin(actor, lot_id)

    @post("/{lot_id:int}/corrections")
    async def correct(
        self,
        actor: Actor,
        lot_id: PathId,
        data: NewCorrection,
        idempotency_key: IdempotencyKey = None,
    ) -> CorrectionResult:
        """Corrects or voids a weigh-in by reversal; retried with the same Idempotency-Key, once."""
        return await weighin_corrections.correct_weighin(
            actor, lot_id, data.weight_g, data.reason, idempotency_key, data.grade, void=data.void
        )


class GrowerRecordController(Controller):
    path = "/grower-records"
    tags = ["grower records"]

    @post("/")
    async def create(
        self, actor: Actor, data: NewGrowerRecord, idempotency_key: IdempotencyKey = None
    ) -> GrowerRecordView:
        """A grower records their own harvest, to be confirmed at the scale."""
        return await grower_records.record_own_harvest(
            actor, data.product_id, data.weight_g, data.note, idempotency_key
        )

    @get("/")
    async def list(self, actor: Actor, status: OptionalText = None) -> list[GrowerRecordView]:
        """Growers' own records, by status."""
        return await grower_records.grower_records(actor, status)

    @get("/{record_id:int}")
    async def read(self, actor: Actor, record_id: PathId) -> GrowerRecordView:
        """One grower's record."""
        return await grower_records.grower_record(actor, record_id)

    @post("/{record_id:int}/confirm", status_code=200)
    async def confirm(
        self,
        actor: Actor,
        record_id: PathId,
        data: Confirmation,
        idempotency_key: IdempotencyKey = None,
    ) -> GrowerRecordView:
        """Confirms a grower's record at the scale with the weighed grams, making a lot."""
        return await grower_records.confirm_grower_record(
            actor, record_id, data.weight_g, data.reason, idempotency_key
        )

    @post("/{record_id:int}/reject", status_code=200)
    async def reject(self, actor: Actor, record_id: PathId, data: Rejection) -> GrowerRecordView:
        """Rejects a grower's record with a reason."""
        return await grower_records.reject_grower_record(actor, record_id, data.reason)
