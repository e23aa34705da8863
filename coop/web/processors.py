"""Certified processors: admins certify households and let certifications lapse; staff see them."""

from __future__ import annotations

from datetime import date

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import InvalidInput
from coop.services import certifications, households
from coop.services.clock import today
from coop.web.forms import Form
from coop.web.processing import REFUSED, choice
from coop.web.shell import N_, locale_for, page


async def _processors(
    request: Request, actor: Actor, form: Form | None = None, status_code: int = 200, done: str = ""
) -> Template:
    actor.require(Action.READ_EVERY_HOUSEHOLD)
    form = form or Form({"certified_on": today().isoformat()}, locale_for(request, actor))
    rows = await certifications.certifications(actor, include_lapsed=True)
    certified = {row.household_id for row in rows if row.in_force}
    return page(
        request,
        "processors.html",
        actor,
        status_code=status_code,
        form=form,
        rows=rows,
        candidates=[h for h in await households.households(actor) if h.id not in certified],
        done=done,
    )


@get("/processors")
async def processors(request: Request, actor: Actor, done: str = "") -> Template:
    return await _processors(request, actor, done=done)


@post("/processors")
async def certify(request: Request, actor: Actor) -> Response:
    actor.require(Action.MANAGE_REFERENCE_DATA)
    form = Form(await request.form(), locale_for(request, actor))
    household_id = form.read("household_id", choice)
    certified_on = form.read("certified_on", _day, required=False)
    if household_id is not None and form.ok:
        try:
            made = await certifications.certify(
                actor, household_id, form.text("notes"), certified_on
            )
        except REFUSED as error:
            form.fail("certify", error)
        else:
            return Redirect(path=f"/processors?done={made.household_code}", status_code=303)
    return await _processors(request, actor, form, 422)


@post("/processors/{household_id:int}/lapse")
async def lapse(request: Request, actor: Actor, household_id: int) -> Response:
    actor.require(Action.MANAGE_REFERENCE_DATA)
    form = Form(await request.form(), locale_for(request, actor))
    try:
        lapsed = await certifications.lapse(actor, household_id, form.text("reason"))
    except REFUSED as error:
        form.fail(f"lapse-{household_id}", error)
        return await _processors(request, actor, form, 422)
    return Redirect(path=f"/processors?done={lapsed.household_code}", status_code=303)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(N_("Enter a date like 2026-07-01."), text=text) from None


ROUTES = [processors, certify, lapse]
