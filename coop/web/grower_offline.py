"""A grower's own harvest records typed with no signal: the phone's queue sends each one here,
its id as the Idempotency-Key, so a resend after a lost answer records nothing twice."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Request, Response, post

from coop.domain.actors import Actor
from coop.domain.errors import DomainError
from coop.i18n import translate
from coop.services import grower_records
from coop.services.fields import Grams, Id
from coop.web.shell import error_text, locale_for


class QueuedRecord(msgspec.Struct, forbid_unknown_fields=True):
    product_id: Id
    weight_g: Grams
    note: Annotated[str, msgspec.Meta(max_length=200)] = ""


@post("/me/queue", status_code=201)
async def send_queued_record(request: Request, actor: Actor) -> Response:
    """One queued record: 201 with its id and status, or 4xx with the reason in the grower's
    language (shown beside the entry until the grower removes it)."""
    locale = locale_for(request, actor)
    try:
        entry = msgspec.json.decode(await request.body(), type=QueuedRecord)
    except msgspec.DecodeError as error:  # ValidationError is a DecodeError
        message = translate("Some of the data sent is not valid: {detail}", locale, detail=error)
        return Response({"error": {"code": "invalid_entry", "message": message}}, status_code=400)
    try:
        record = await grower_records.record_own_harvest(
            actor,
            entry.product_id,
            entry.weight_g,
            entry.note,
            request.headers.get("idempotency-key"),
        )
    except DomainError as error:
        body = {"error": {"code": error.code, "message": error_text(error, locale)}}
        return Response(body, status_code=error.status)
    sent = {
        "record_id": record.id,
        "status": record.status,
        "weight_g": record.weight_g,
        "lot_code": record.lot_code,
    }
    return Response(sent, status_code=201)


ROUTES = [send_queued_record]
