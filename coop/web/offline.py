"""The weigh station offline: its cached shell, the data it works from, and its queue's door.

The browser keeps weigh-ins typed without a signal in a queue and sends each one here with its
own id as the Idempotency-Key, so a resend after a lost answer returns the first lot.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Annotated

import msgspec
from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import DomainError, NotFound
from coop.domain.scale import MAX_DEVICE, MAX_FRAME, FromScale
from coop.i18n import translate
from coop.services import grades, households, weighins
from coop.services.certificates import Received
from coop.services.fields import FenPerKg, Grams, Id, Text20
from coop.web.shell import error_text, locale_for, page

STATIC = Path(__file__).resolve().parent.parent.parent / "static"
WORKER = STATIC / "weigh" / "sw.js"
NO_STORE = {"Cache-Control": "no-cache"}


class ScaleSent(msgspec.Struct, forbid_unknown_fields=True):
    """The scale's raw frame behind a weight, and the scale's name."""

    raw: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_FRAME)]
    device: Annotated[str, msgspec.Meta(max_length=MAX_DEVICE)] = ""


class QueuedWeighIn(msgspec.Struct, forbid_unknown_fields=True):
    """One entry of the browser's queue, as typed at the scale (amount worked out again here)."""

    household_id: Id
    product_id: Id
    weight_g: Grams
    price_fen_per_kg: FenPerKg  # as shown at the scale: the product's, or the chosen grade's
    grade: Text20 = ""  # required for a product with grades
    scale: ScaleSent | None = None  # without it, the weight was typed
    certificate_no: str = ""  # the seller's 承诺达标合格证, as noted at the scale
    certificate_on_behalf: bool = False


class Sent(msgspec.Struct, frozen=True):
    lot_id: int
    lot_code: str
    weight_g: int
    price_fen_per_kg: int
    amount_fen: int
    weight_source: str


@cache
def _worker_source() -> str:
    """The service worker, its cache named after what it caches so a new release replaces it."""
    digest = hashlib.sha256()
    for path in sorted((STATIC / "weigh").glob("*")) + sorted((STATIC / "css").glob("*.css")):
        digest.update(path.read_bytes())
    return WORKER.read_text(encoding="utf-8").replace("__VERSION__", digest.hexdigest()[:12])


@get("/sw.js", include_in_schema=False, media_type="text/javascript")
async def service_worker() -> Response:
    """Served from the root so its scope covers /weigh and /weigh/<id>; it only caches GETs."""
    return Response(
        _worker_source(),
        media_type="text/javascript",
        headers={**NO_STORE, "Service-Worker-Allowed": "/"},
    )


@get("/weigh/offline")
async def shell(request: Request, actor: Actor) -> Template:
    """The station that runs in the browser from the cache: search, weigh, queue, receipts."""
    actor.require(Action.WEIGH)
    response = page(request, "weigh_offline.html", actor)
    response.headers.update(NO_STORE)
    return response


@get("/weigh/offline-data")
async def offline_data(actor: Actor) -> Response:
    """Active households and weighable products with today's posted prices (per grade for a
    product with grades), for the cache."""
    actor.require(Action.WEIGH)
    found = await households.households(actor)
    products = [p for p in await households.products(actor) if p.unit == "kg"]
    offered = await grades.priced_grades(actor)
    body = {
        "user": {"id": actor.user_id, "name": actor.name},
        "households": [
            {"id": h.id, "code": h.code, "name": h.display_name, "group": h.village_group}
            for h in found
        ],
        "products": [
            {
                "id": p.id,
                "name_zh": p.name_zh,
                "name_ug": p.name_ug,
                "name_en": p.name_en,
                "price_fen_per_kg": p.purchase_price_fen_per_kg,
                "grades": [
                    {
                        "code": g.code,
                        "name_zh": g.name_zh,
                        "name_ug": g.name_ug,
                        "name_en": g.name_en,
                        "price_fen_per_kg": g.price_fen_per_kg,
                    }
                    for g in offered.get(p.id, [])
                ],
            }
            for p in products
        ],
    }
    return Response(body, headers=NO_STORE)


@post("/weigh/queue", status_code=201)
async def send_queued(request: Request, actor: Actor) -> Response:
    """One queued weigh-in: 201 with its lot, or 4xx with the reason in the clerk's language."""
    locale = locale_for(request, actor)
    try:
        entry = msgspec.json.decode(await request.body(), type=QueuedWeighIn)
    except msgspec.ValidationError as error:
        message = translate("Some of the data sent is not valid: {detail}", locale, detail=error)
        return _refused(400, "invalid_entry", message)
    except msgspec.DecodeError:
        return _refused(400, "invalid_json", translate("This is not valid JSON.", locale))
    try:
        lot = await weighins.record_weighin(
            actor,
            entry.household_id,
            entry.product_id,
            entry.weight_g,
            entry.price_fen_per_kg,
            entry.grade,
            idempotency_key=request.headers.get("idempotency-key"),
            scale=FromScale(entry.scale.raw, entry.scale.device) if entry.scale else None,
            received=Received(entry.certificate_no, entry.certificate_on_behalf),
        )
    except DomainError as error:
        return _refused(error.status, error.code, error_text(error, locale))
    sent = Sent(
        lot.id, lot.lot_code, lot.weight_g, lot.price_fen_per_kg, lot.amount_fen, lot.weight_source
    )
    return Response(msgspec.to_builtins(sent), status_code=201)


def _refused(status: int, code: str, message: str) -> Response:
    return Response({"error": {"code": code, "message": message}}, status_code=status)


@get("/weigh/card/{code:str}")
async def card(actor: Actor, code: str) -> Redirect:
    """A member card's QR opens that household's weigh form (the code matched exactly)."""
    actor.require(Action.WEIGH)
    code = code.strip()
    for household in await households.households(actor, code):
        if household.code.lower() == code.lower():
            return Redirect(path=f"/weigh/{household.id}", status_code=303)
    raise NotFound("No household has the card {card}.", code="no_such_card", card=code)


ROUTES = [shell, offline_data, send_queued, card]
PUBLIC_ROUTES = [service_worker]
