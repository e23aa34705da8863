"""The grower's pages: my weigh-ins by season, record my harvest weight, my records and their
status, my statement."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Actor
from coop.domain.errors import InvalidInput
from coop.domain.weight import parse_weight
from coop.services import deliveries, grower_records, households, statements
from coop.web.forms import Form, new_key
from coop.web.shell import home_of, locale_for, page


async def _mine(
    request: Request,
    actor: Actor,
    form: Form | None = None,
    status_code: int = 200,
    season: int | None = None,
    **extra,
) -> Template:
    form = form or Form({}, locale_for(request, actor))
    products = [p for p in await households.products(actor) if p.unit == "kg"]
    return page(
        request,
        "grower.html",
        actor,
        status_code=status_code,
        form=form,
        key=form.text("key") or new_key(),
        products=products,
        records=await grower_records.grower_records(actor),
        d=await deliveries.my_deliveries(actor, season),
        **extra,
    )


@get("/me")
async def my_harvest(
    request: Request, actor: Actor, saved: bool = False, season: int | None = None
) -> Response:
    """A household's own weigh-ins of a season and its own records; staff have no household, so
    they go to their start page."""
    if actor.household_id is None:
        return Redirect(path=home_of(actor.role), status_code=303)
    return await _mine(request, actor, season=season, saved=saved)


@post("/me/records")
async def record(request: Request, actor: Actor) -> Response:
    form = Form(await request.form(), locale_for(request, actor))
    weight_g = form.read("weight", parse_weight)
    product_id = form.text("product_id")
    if weight_g is not None:
        try:
            await grower_records.record_own_harvest(
                actor,
                int(product_id) if product_id.isdigit() else 0,
                weight_g,
                form.text("note"),
                form.key(),
            )
        except InvalidInput as error:
            form.fail("weight", error)
        else:
            return Redirect(path="/me?saved=1", status_code=303)
    return await _mine(request, actor, form, 422)


@get("/households/{household_id:int}/statement")
async def statement(
    request: Request, actor: Actor, household_id: int, season: int | None = None
) -> Template:
    """Staff open any household's; a household only its own (a clear refusal page otherwise)."""
    return page(
        request,
        "statement.html",
        actor,
        s=await statements.statement(actor, household_id, season),
    )


ROUTES = [my_harvest, record, statement]
