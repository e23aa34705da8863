"""Grade prices (admin): each weighable product's grades, the price posted now and its history."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, InvalidInput
from coop.domain.money import parse_yuan
from coop.services import grades, households
from coop.services.grades import GradeFields
from coop.web.forms import Form, whole_number
from coop.web.shell import locale_for, page


async def _page(
    request: Request, actor: Actor, done: str = "", failed: dict[int, Form] | None = None
) -> Template:
    actor.require(Action.MANAGE_REFERENCE_DATA)
    weighable = [p for p in await households.products(actor) if p.unit == "kg"]
    return page(
        request,
        "grades.html",
        actor,
        status_code=422 if failed else 200,
        rows=[(product, await grades.grades(actor, product.id)) for product in weighable],
        done=done,
        failed=failed or {},
    )


@get("/products/grades")
async def listing(request: Request, actor: Actor, done: str = "") -> Template:
    """Every weighable product with its grades; an admin adds a grade or posts a new price."""
    return await _page(request, actor, done)


@post("/products/{product_id:int}/grades")
async def save(request: Request, actor: Actor, product_id: int) -> Response:
    """A new price is posted from now on: weigh-ins already recorded keep theirs."""
    actor.require(Action.MANAGE_REFERENCE_DATA)
    form = Form(await request.form(), locale_for(request, actor))
    price = form.read("price", parse_yuan, required=False)
    position = form.read("position", whole_number, required=False)
    if form.ok:
        try:
            fields = GradeFields(
                code=form.text("code"),
                name_zh=form.text("name_zh"),
                name_ug=form.text("name_ug"),
                name_en=form.text("name_en"),
                position=min(position or 0, 1000),
                active=form.flag("active"),
                price_fen_per_kg=price,
            )
            saved = await grades.save_grade(actor, product_id, fields)
        except (InvalidInput, Conflict) as error:
            form.fail("save", error)
        else:
            return Redirect(path=f"/products/grades?done={saved.code}", status_code=303)
    return await _page(request, actor, failed={product_id: form})


ROUTES = [listing, save]
