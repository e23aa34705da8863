"""Trace pages (staff): search, back and forward, hold, recall, contacts, drills, export."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import DomainError, InvalidInput
from coop.domain.lots import LotStatus
from coop.domain.orders import OrderStatus
from coop.domain.processing import BatchStatus
from coop.domain.trace import ContactChannel, ContactOutcome, duration_ms, format_duration
from coop.i18n.names import NAMES
from coop.services import clock, holds, households, recalls, trace
from coop.services.holds import Hold
from coop.services.recalls import Closing, NewContact, NewRecall, RecallView
from coop.services.trace_export import export
from coop.web.forms import Form
from coop.web.shell import N_, error_text, locale_for, page

CHANNELS = {
    ContactChannel.PHONE: N_("Phone"),
    ContactChannel.WECHAT: N_("WeChat"),
    ContactChannel.VISIT: N_("Visit"),
}
OUTCOMES = {
    ContactOutcome.REACHED: N_("Reached"),
    ContactOutcome.NO_ANSWER: N_("No answer"),
    ContactOutcome.RETURNED: N_("Returned"),
    ContactOutcome.REFUNDED: N_("Refunded"),
}
NAMED: dict[str, Any] = {  # statuses shown by their names (coop.i18n.names)
    "LOT_STATUS": NAMES[LotStatus],
    "BATCH_STATUS": NAMES[BatchStatus],
    "ORDER_STATUS": NAMES[OrderStatus],
}


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(N_("Enter a date as YYYY-MM-DD."), code="invalid_date") from None


@get("/trace")
async def search(request: Request, actor: Actor) -> Template:
    """Search by lot code, a jar's label, a household or days weighed; the recalls so far."""
    actor.require(Action.TRACE)
    return page(
        request,
        "trace/search.html",
        actor,
        households=await households.households(actor, ""),
        recalls=await recalls.recalls(actor),
    )


@get("/trace/backward")
async def backward(request: Request, actor: Actor, q: str = "") -> Template:
    traced = await trace.backward(actor, q)
    batches = [traced.batch] if traced.batch else []
    status = holds.subject_status(traced.code, traced.lots, batches)
    return page(request, "trace/backward.html", actor, traced=traced, q=q, **_held(status), **NAMED)


@get("/trace/forward")
async def forward(
    request: Request,
    actor: Actor,
    q: str = "",
    household_id: int | None = None,
    start: str = "",
    end: str = "",
    done: str = "",
) -> Template:
    """Where a lot went; after a hold, what the hold stopped (a release says so too)."""
    traced = await trace.forward(actor, q or None, household_id, _day(start), _day(end))
    status = holds.subject_status(q, traced.lots, traced.batches) if q else None
    effects = holds.hold_effects(q, traced.batches, traced.orders) if q and done == "held" else None
    return page(
        request,
        "trace/forward.html",
        actor,
        traced=traced,
        q=q,
        done=done,
        effects=effects,
        **_held(status),
        **NAMED,
    )


def _held(status: str | None) -> dict[str, Any]:
    """The lot's or batch's status and the hold, release and recall forms it allows."""
    return {"subject_status": status, "steps": holds.next_steps(status)}


@get("/trace/export")
async def download(actor: Actor, q: str, format: str = "xlsx") -> Response[bytes]:
    kind = "csv" if format == "csv" else "xlsx"
    body, media_type = export(await trace.chain_events(actor, q), kind)
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="trace.{kind}"'},
    )


async def _acted(
    request: Request, actor: Actor, work: Callable[[Form], Awaitable[str]]
) -> Response:
    """Run a form's action and go where it says (a refusal becomes the error page, coop.errors)."""
    form = Form(await request.form(), locale_for(request, actor))
    return Redirect(path=await work(form), status_code=303)


@post("/trace/hold")
async def hold(request: Request, actor: Actor) -> Response:
    async def work(form: Form) -> str:
        code = await holds.hold(actor, Hold(form.text("lot_code"), form.text("reason")))
        return f"/trace/forward?q={code}&done=held"

    return await _acted(request, actor, work)


@post("/trace/release")
async def release(request: Request, actor: Actor) -> Response:
    async def work(form: Form) -> str:
        code = await holds.release(actor, Hold(form.text("lot_code"), form.text("reason")))
        return f"/trace/forward?q={code}&done=released"

    return await _acted(request, actor, work)


@post("/trace/recalls")
async def open_recall(request: Request, actor: Actor) -> Response:
    async def work(form: Form) -> str:
        fields = NewRecall(form.text("lot_code"), form.text("reason"), form.flag("drill"))
        return f"/trace/recalls/{(await recalls.open_recall(actor, fields)).id}"

    return await _acted(request, actor, work)


async def _recall_page(
    request: Request, actor: Actor, found: RecallView, status_code: int = 200, error: str = ""
) -> Template:
    elapsed = None
    if found.drill and found.drill_started_at and found.drill_duration_ms is None:
        elapsed = format_duration(duration_ms(found.drill_started_at, clock.now()))
    took = None if found.drill_duration_ms is None else format_duration(found.drill_duration_ms)
    return page(
        request,
        "trace/recall.html",
        actor,
        status_code=status_code,
        recall=found,
        elapsed=elapsed,
        took=took,
        error=error,
        CHANNELS=CHANNELS,
        OUTCOMES=OUTCOMES,
    )


@get("/trace/recalls/{recall_id:int}")
async def recall(request: Request, actor: Actor, recall_id: int) -> Template:
    return await _recall_page(request, actor, await recalls.recall(actor, recall_id))


async def _recall_form(
    request: Request, actor: Actor, recall_id: int, work: Callable[[Form], Awaitable[object]]
) -> Response:
    """Save a recall form and show the recall again; a refusal is shown above the forms (422)."""
    form = Form(await request.form(), locale_for(request, actor))
    try:
        await work(form)
    except DomainError as error:
        found = await recalls.recall(actor, recall_id)
        text = error_text(error, locale_for(request, actor))
        return await _recall_page(request, actor, found, error.status, text)
    return Redirect(path=f"/trace/recalls/{recall_id}", status_code=303)


@post("/trace/recalls/{recall_id:int}/contacts")
async def contact(request: Request, actor: Actor, recall_id: int) -> Response:
    async def work(form: Form) -> object:
        order_id = form.text("order_id")
        fields = NewContact(
            order_id=int(order_id) if order_id.isdigit() else 0,
            channel=form.text("channel"),
            outcome=form.text("outcome"),
            note=form.text("note"),
        )
        return await recalls.record_contact(actor, recall_id, fields)

    return await _recall_form(request, actor, recall_id, work)


@post("/trace/recalls/{recall_id:int}/close")
async def close(request: Request, actor: Actor, recall_id: int) -> Response:
    async def work(form: Form) -> object:
        return await recalls.close_recall(actor, recall_id, Closing(form.text("note")))

    return await _recall_form(request, actor, recall_id, work)


@post("/trace/recalls/{recall_id:int}/drill-finish")
async def finish_drill(request: Request, actor: Actor, recall_id: int) -> Response:
    async def work(form: Form) -> object:
        return await recalls.finish_drill(actor, recall_id)

    return await _recall_form(request, actor, recall_id, work)


ROUTES = [
    search,
    backward,
    forward,
    download,
    hold,
    release,
    open_recall,
    recall,
    contact,
    close,
    finish_drill,
]
