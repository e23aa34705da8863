"""The accountant's advances page: record a cash advance or inputs on credit; what is owed back."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.advances import parse_quantity
from coop.domain.money import parse_yuan
from coop.domain.statement import EntryKind
from coop.services import advances, payouts
from coop.web.forms import Form, new_key, whole_number
from coop.web.income import REFUSED
from coop.web.shell import locale_for, page


async def _page(
    request: Request, actor: Actor, form: Form | None = None, status_code: int = 200, done: str = ""
) -> Template:
    actor.require(Action.PAY)
    form = form or Form({"kind": EntryKind.ADVANCE.value}, locale_for(request, actor))
    return page(
        request,
        "money_out/advances.html",
        actor,
        status_code=status_code,
        form=form,
        key=form.text("key") or new_key(),
        balances=await payouts.balances(actor),
        recent=(await advances.advances(actor))[:50],
        done=done,
    )


@get("/advances")
async def advances_page(request: Request, actor: Actor, done: str = "") -> Template:
    return await _page(request, actor, done=done)


@post("/advances")
async def record(request: Request, actor: Actor) -> Response:
    """A cash advance in yuan, or inputs as a quantity at a unit price; refusals shown with why."""
    actor.require(Action.PAY)
    form = Form(await request.form(), locale_for(request, actor))
    household_id = form.read("household_id", whole_number)
    kind = form.text("kind")
    inputs = kind == EntryKind.INPUT_CREDIT
    amount = None if inputs else form.read("amount", parse_yuan)
    quantity = form.read("quantity", parse_quantity) if inputs else None
    unit_price = form.read("unit_price", parse_yuan) if inputs else None
    if household_id is None or not form.ok:
        return await _page(request, actor, form, 422)
    try:
        saved = await advances.record_advance(
            actor, household_id, kind, form.text("item"), amount, quantity, unit_price, form.key()
        )
    except REFUSED as error:
        form.fail("advance", error)
        return await _page(request, actor, form, error.status)
    return Redirect(path=f"/advances?done={saved.household_code}", status_code=303)


ROUTES = [advances_page, record]
