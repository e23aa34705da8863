"""Processing pages: a processor's jam batches on a phone, all batches for staff, corrections."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, InvalidInput, NotFound
from coop.domain.processing import BatchStatus
from coop.domain.weight import MAX_WEIGHT_G, format_kg, parse_weight
from coop.i18n.names import NAMES
from coop.services import batch_finishing, batch_queries, batches, certifications, households
from coop.services.batch_views import (
    BatchCorrection,
    BatchView,
    Finish,
    InputLine,
    NewBatch,
    Replacement,
)
from coop.web import batch_yield
from coop.web.forms import Form, new_key, whole_number
from coop.web.shell import N_, locale_for, page

BATCH_STATUS = NAMES[BatchStatus]
OLDEST_SHOWN = 6  # open lots offered when no weight is typed yet: enough for a kitchen's pot
REFUSED = (InvalidInput, Conflict, NotFound)  # shown next to the form; Forbidden is a refusal page


# --- the list: a processor's own batches, or all of them for staff -------------------------------


async def _products(actor: Actor) -> dict[int, households.ProductView]:
    return {p.id: p for p in await households.products(actor)}


async def _listing(
    request: Request,
    actor: Actor,
    form: Form | None = None,
    status_code: int = 200,
    status: str = "",
    flagged: bool = False,
) -> Template:
    """Start form on top (on a phone the first thing a processor does), batches, jars in stock."""
    actor.require(Action.SEE_BATCHES)
    form = form or Form({}, locale_for(request, actor))
    products = await _products(actor)
    staff = actor.may(Action.READ_EVERY_HOUSEHOLD)
    return page(
        request,
        "batches.html",
        actor,
        status_code=status_code,
        form=form,
        key=form.text("key") or new_key(),
        products=products,
        makeable=[p for p in products.values() if p.unit == "jar" and p.net_weight_g],
        processors=await certifications.certifications(actor) if staff else [],
        rows=await batch_queries.batches(actor, status or None, True if flagged else None),
        stock=await batch_queries.stock_lines(actor),
        status=status,
        flagged=flagged,
        BATCH_STATUS=BATCH_STATUS,
    )


@get("/batches")
async def listing(
    request: Request, actor: Actor, status: str = "", flagged: bool = False
) -> Template:
    return await _listing(request, actor, status=status, flagged=flagged)


@post("/batches")
async def start(request: Request, actor: Actor) -> Response:
    """A processor starts its own batch; staff choose a certified processor household."""
    form = Form(await request.form(), locale_for(request, actor))
    product_id = form.read("product_id", choice)
    household_id = form.read(
        "household_id", choice, required=actor.may(Action.READ_EVERY_HOUSEHOLD)
    )
    if form.ok:
        assert product_id is not None
        fields = NewBatch(
            product_id=product_id,
            household_id=household_id,
            buyer_name=form.text("buyer_name"),
            buyer_phone=form.text("buyer_phone"),
        )
        try:
            made = await batches.start_batch(actor, fields, form.key())
        except REFUSED as error:
            form.fail("start", error)
        else:
            return Redirect(path=f"/batches/{made.id}", status_code=303)
    return await _listing(request, actor, form, 422)


def choice(text: str) -> int:
    """An id chosen from a list (a product, a household)."""
    if not text.isdigit():
        raise InvalidInput(N_("Choose from the list."))
    return int(text)


# --- one batch: inputs, finishing, fee, yield ----------------------------------------------------


async def _detail(
    request: Request,
    actor: Actor,
    batch_id: int,
    form: Form | None = None,
    status_code: int = 200,
    want: str = "",
) -> Template:
    """The batch; while it is being made, the oldest lots to take from and the finish form."""
    batch = await batch_queries.batch(actor, batch_id)
    form = form or Form({}, locale_for(request, actor))
    want_form = Form({"want": want}, form.locale)
    wanted_g = want_form.read("want", parse_weight) if want else None
    suggestion = None
    making = batch.status == BatchStatus.DRAFT and actor.may(Action.MAKE_BATCHES)
    if making and (wanted_g or not want):
        suggestion = await batches.suggested_lots(actor, batch_id, wanted_g or MAX_WEIGHT_G)
    return page(
        request,
        "batch.html",
        actor,
        status_code=status_code,
        b=batch,
        products=await _products(actor),
        form=form,
        want=want,
        want_error=want_form.errors.get("want"),
        suggested=suggestion.lots[: None if wanted_g else OLDEST_SHOWN] if suggestion else [],
        short_g=suggestion.short_g if wanted_g and suggestion else 0,
        taken={line.lot_code: line.weight_g for line in batch.inputs},
        preview=batch_yield.preview(batch, form),
        BATCH_STATUS=BATCH_STATUS,
    )


@get("/batches/{batch_id:int}")
async def detail(request: Request, actor: Actor, batch_id: int, want: str = "") -> Template:
    return await _detail(request, actor, batch_id, want=want.strip())


@post("/batches/{batch_id:int}/inputs")
async def put_input(request: Request, actor: Actor, batch_id: int) -> Response:
    """Take this many kg from a lot (typed, or one tap on a suggested lot); again changes it."""
    form = Form(await request.form(), locale_for(request, actor))
    weight_g = form.read("weight", parse_weight)
    if weight_g is not None:
        line = InputLine(form.text("lot_code"), weight_g)
        putting = batches.put_input(actor, batch_id, line)
        return await _change(request, actor, batch_id, form, putting, "inputs")
    form.errors["inputs"] = form.errors.pop("weight")
    return await _detail(request, actor, batch_id, form, 422)


@post("/batches/{batch_id:int}/inputs/remove")
async def remove_input(request: Request, actor: Actor, batch_id: int) -> Response:
    form = Form(await request.form(), locale_for(request, actor))
    removal = batches.remove_input(actor, batch_id, form.text("lot_code"))
    return await _change(request, actor, batch_id, form, removal, "inputs")


@post("/batches/{batch_id:int}/suggestion")
async def take_suggestion(request: Request, actor: Actor, batch_id: int) -> Response:
    """One tap: the batch's lots become the oldest-first suggestion for the weight typed."""
    form = Form(await request.form(), locale_for(request, actor))
    wanted_g = form.read("want", parse_weight)
    if wanted_g is not None:
        taking = batches.use_suggestion(actor, batch_id, wanted_g)
        return await _change(request, actor, batch_id, form, taking, "suggestion")
    form.errors["suggestion"] = form.errors.pop("want")
    return await _detail(request, actor, batch_id, form, 422)


@post("/batches/{batch_id:int}/finish")
async def finish(request: Request, actor: Actor, batch_id: int) -> Response:
    """Jars filled (and sugar): the fee is posted, the lots lowered, the jars put into stock."""
    form = Form(await request.form(), locale_for(request, actor))
    jars = form.read("jars", whole_number)
    sugar_g = form.read("sugar", parse_weight, required=False) or 0
    if form.text("action") == "preview":  # the yield shown, nothing finished yet
        return await _detail(request, actor, batch_id, form, 200 if form.ok else 422)
    if jars is not None and form.ok:
        finishing = batch_finishing.finish_batch(actor, batch_id, Finish(jars, sugar_g))
        return await _change(request, actor, batch_id, form, finishing, "finish")
    return await _detail(request, actor, batch_id, form, 422)


async def _change(
    request: Request,
    actor: Actor,
    batch_id: int,
    form: Form,
    change: Awaitable[Any],
    part: str,
) -> Response:
    """Run a change to a batch; back to its page, or the page again with the reason refused."""
    try:
        await change
    except REFUSED as error:
        form.fail(part, error)
        return await _detail(request, actor, batch_id, form, error.status)
    return Redirect(path=f"/batches/{batch_id}", status_code=303)


# --- correcting a finished batch ------------------------------------------------------------------


async def _correct_page(
    request: Request, actor: Actor, batch: BatchView, form: Form, status_code: int = 200
) -> Template:
    actor.require(Action.MAKE_BATCHES)
    return page(
        request,
        "batch_correct.html",
        actor,
        status_code=status_code,
        b=batch,
        form=form,
        key=form.text("key") or new_key(),
        BATCH_STATUS=BATCH_STATUS,
    )


def _as_typed(batch: BatchView) -> dict[str, str]:
    """The finished batch's figures as the correction form shows them (kg, whole jars)."""
    values = {"jars": str(batch.jars_filled or ""), "sugar": format_kg(batch.sugar_g)}
    values.update({f"lot-{line.lot_code}": format_kg(line.weight_g) for line in batch.inputs})
    return values


@get("/batches/{batch_id:int}/correct")
async def correct_form(request: Request, actor: Actor, batch_id: int) -> Template:
    batch = await batch_queries.batch(actor, batch_id)
    form = Form(_as_typed(batch), locale_for(request, actor))
    return await _correct_page(request, actor, batch, form)


@post("/batches/{batch_id:int}/correct")
async def correct(request: Request, actor: Actor, batch_id: int) -> Response:
    """A reason always; the batch is cancelled, or re-posted with the figures it really had."""
    batch = await batch_queries.batch(actor, batch_id)
    form = Form(await request.form(), locale_for(request, actor))
    replacement = None if form.text("action") == "cancel" else _replacement(form, batch)
    if form.ok:
        try:
            result = await batch_finishing.correct_batch(
                actor, batch_id, BatchCorrection(form.text("reason"), replacement), form.key()
            )
        except REFUSED as error:
            form.fail("reason", error)
        else:
            shown = result.replacement or result.original
            return Redirect(path=f"/batches/{shown.id}", status_code=303)
    return await _correct_page(request, actor, batch, form, 422)


def _replacement(form: Form, batch: BatchView) -> Replacement | None:
    jars = form.read("jars", whole_number)
    sugar_g = form.read("sugar", parse_weight, required=False) or 0
    inputs = []
    for line in batch.inputs:
        weight_g = form.read(f"lot-{line.lot_code}", parse_weight, required=False)
        if weight_g:
            inputs.append(InputLine(line.lot_code, weight_g))
    return Replacement(jars, sugar_g, inputs) if jars is not None and form.ok else None


ROUTES = [
    listing,
    start,
    detail,
    put_input,
    remove_input,
    take_suggestion,
    finish,
    correct_form,
    correct,
]
