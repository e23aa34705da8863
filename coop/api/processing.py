"""Processing: certified processors, jam batches, their inputs, finishing, corrections and stock."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec
from litestar import Controller, delete, get, post, put

from coop.api.deps import IdempotencyKey, OptionalId, OptionalText, PathId, QueryGrams, QueryText
from coop.domain.actors import Actor
from coop.domain.weight import MAX_WEIGHT_G
from coop.services import batch_finishing, batch_queries, batches, certifications
from coop.services.batch_views import (
    BatchCorrection,
    BatchCorrectionResult,
    BatchSummary,
    BatchView,
    Finish,
    InputLine,
    LotSuggestion,
    NewBatch,
    StockLine,
)
from coop.services.certifications import CertificationView
from coop.services.fields import Id, Reason, Text400

Grams = Annotated[int, msgspec.Meta(gt=0, le=MAX_WEIGHT_G, description="integer grams")]


class NewCertification(msgspec.Struct, forbid_unknown_fields=True):
    household_id: Id
    notes: Text400 = ""
    certified_on: date | None = None


class Lapse(msgspec.Struct, forbid_unknown_fields=True):
    reason: Reason


class Suggested(msgspec.Struct, forbid_unknown_fields=True):
    weight_g: Grams


class CertificationController(Controller):
    path = "/processor-certifications"
    tags = ["processing"]

    @get("/")
    async def list(self, actor: Actor, include_lapsed: bool = False) -> list[CertificationView]:
        """Households certified to process fruit."""
        return await certifications.certifications(actor, include_lapsed)

    @post("/")
    async def certify(self, actor: Actor, data: NewCertification) -> CertificationView:
        """Certifies a household to process fruit."""
        return await certifications.certify(actor, data.household_id, data.notes, data.certified_on)

    @post("/{household_id:int}/lapse", status_code=200)
    async def lapse(self, actor: Actor, household_id: PathId, data: Lapse) -> CertificationView:
        """Ends a household's processing certification."""
        return await certifications.lapse(actor, household_id, data.reason)


class BatchController(Controller):
    path = "/batches"
    tags = ["processing"]

    @get("/")
    async def list(
        self,
        actor: Actor,
        status: OptionalText = None,
        flagged: bool | None = None,
        household_id: OptionalId = None,
    ) -> list[BatchSummary]:
        """Jam batches, filtered by status, flag and processor."""
        return await batch_queries.batches(actor, status, flagged, household_id)

    @post("/")
    async def start(
        self, actor: Actor, data: NewBatch, idempotency_key: IdempotencyKey = None
    ) -> BatchView:
        """Starts a jam batch; retried with the same Idempotency-Key, one batch."""
        return await batches.start_batch(actor, data, idempotency_key)

    @get("/{batch_id:int}")
    async def read(self, actor: Actor, batch_id: PathId) -> BatchView:
        """One batch with its inputs."""
        return await batch_queries.batch(actor, batch_id)

    @put("/{batch_id:int}/inputs", status_code=200)
    async def put_input(self, actor: Actor, batch_id: PathId, data: InputLine) -> BatchView:
        """Sets the grams a draft batch takes from one harvest lot."""
        return await batches.put_input(actor, batch_id, data)

    @delete("/{batch_id:int}/inputs/{lot_code:str}", status_code=200)
    async def remove_input(self, actor: Actor, batch_id: PathId, lot_code: QueryText) -> BatchView:
        """Removes a harvest lot from a draft batch."""
        return await batches.remove_input(actor, batch_id, lot_code)

    @get("/{batch_id:int}/suggested-lots")
    async def suggested_lots(
        self, actor: Actor, batch_id: PathId, weight_g: QueryGrams
    ) -> LotSuggestion:
        """Which open lots could supply this many grams, oldest first; writes nothing."""
        return await batches.suggested_lots(actor, batch_id, weight_g)

    @post("/{batch_id:int}/suggested-lots", status_code=200)
    async def use_suggestion(self, actor: Actor, batch_id: PathId, data: Suggested) -> BatchView:
        """Takes the suggested lots into a draft batch."""
        return await batches.use_suggestion(actor, batch_id, data.weight_g)

    @post("/{batch_id:int}/finish", status_code=200)
    async def finish(self, actor: Actor, batch_id: PathId, data: Finish) -> BatchView:
        """Finishes a batch: jars filled and sugar used."""
        return await batch_finishing.finish_batch(actor, batch_id, data)

    @post("/{batch_id:int}/corrections")
    async def correct(
        self,
        actor: Actor,
        batch_id: PathId,
        data: BatchCorrection,
        idempotency_key: IdempotencyKey = None,
    ) -> BatchCorrectionResult:
        """Corrects a finished batch by reversal; retried with the same Idempotency-Key, once."""
        return await batch_finishing.correct_batch(actor, batch_id, data, idempotency_key)


class StockController(Controller):
    path = "/stock"
    tags = ["processing"]

    @get("/")
    async def list(self, actor: Actor) -> list[StockLine]:
        """Jars in stock, by batch."""
        return await batch_queries.stock_lines(actor)
