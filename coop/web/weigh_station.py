"""The weigh station (clerk): find, weigh, see the amount, save once; the day's totals."""

from __future__ import annotations

from datetime import datetime, time

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import InvalidInput
from coop.domain.money import amount_fen, format_yuan, parse_yuan
from coop.domain.weighin_checks import UNUSUAL_WEIGHT_G, is_unusual, unusual_confirmed
from coop.domain.weight import parse_weight
from coop.services import grades, grower_records, households, station_day, weighins
from coop.services.certificates import Received
from coop.services.clock import LOCAL, today
from coop.services.grades import GradeView
from coop.services.households import ProductView
from coop.web.forms import Form, new_key
from coop.web.shell import N_, locale_for, page


def _start_of_today() -> datetime:
    return datetime.combine(today(), time(0), tzinfo=LOCAL)


async def station_page(
    request: Request,
    actor: Actor,
    q: str = "",
    status_code: int = 200,
    asked: dict[int, int] | None = None,
    **extra: object,
) -> Template:
    """The station's start: search, growers' records to confirm (each with its price for the
    amount shown before confirming), today's weigh-ins and the day's totals."""
    actor.require(Action.WEIGH)  # growers record their own harvest on /me
    pending = await grower_records.grower_records(actor, "pending")
    prices = {p.id: p.purchase_price_fen_per_kg for p in await _weighable(actor)}
    asked = asked or {}  # a record's unusual weight, asked to confirm
    return page(
        request,
        "weigh_station.html",
        actor,
        status_code=status_code,
        q=q,
        found=await households.households(actor, q) if q else [],
        pending=pending,
        prices=prices,
        amounts={
            r.id: amount_fen(asked.get(r.id, r.weight_g), prices[r.product_id])
            for r in pending
            if r.product_id in prices
        },
        asked=asked,
        today_lots=await weighins.weighins(actor, since=_start_of_today()),
        day=await station_day.day_total(actor),
        UNUSUAL_WEIGHT_G=UNUSUAL_WEIGHT_G,
        **extra,
    )


@get("/weigh")
async def station(request: Request, actor: Actor, q: str = "", done: str = "") -> Response:
    """Search by code or name (as you type with htmx), today's weigh-ins, records to confirm.

    A search that finds exactly one household (a card code typed in full) opens its weigh form.
    """
    q = q.strip()
    if q and not request.headers.get("hx-request"):
        found = await households.households(actor, q)
        if len(found) == 1:
            return Redirect(path=f"/weigh/{found[0].id}", status_code=303)
    return await station_page(request, actor, q, done=done)


async def _weighable(actor: Actor) -> list[ProductView]:
    return [product for product in await households.products(actor) if product.unit == "kg"]


async def _weigh_form(
    request: Request,
    actor: Actor,
    household_id: int,
    form: Form | None = None,
    status_code: int = 200,
) -> Template:
    """The form with the amount worked out from what is typed so far (the no-JS preview too)."""
    actor.require(Action.WEIGH)
    household = await households.household_view(actor, household_id)
    products = await _weighable(actor)
    locale = locale_for(request, actor)
    form = form or Form(request.query_params, locale)
    product = _chosen(products, form.text("product_id"))
    offered = await offered_grades(actor, product.id if product else None)
    grade = _grade(offered, form.text("grade"))
    price_text = (
        ""
        if offered
        else form.text("price")
        or (format_yuan(product.purchase_price_fen_per_kg) if product else "")
    )
    preview = Form({"weight": form.text("weight"), "price": price_text}, locale)
    weight_g = preview.read("weight", parse_weight) if preview.text("weight") else None
    if offered:
        price = grade.price_fen_per_kg if grade else None
        if weight_g and grade is None:
            preview.fail("grade", InvalidInput(N_("Choose a grade.")))
    else:
        price = preview.read("price", parse_yuan)
    return page(
        request,
        "weigh_form.html",
        actor,
        status_code=status_code,
        household=household,
        products=products,
        product=product,
        grades=offered,
        grade=grade.code if grade else "",
        weight=form.text("weight"),
        price=price_text,
        certificate_no=form.text("certificate_no"),
        certificate_on_behalf=form.text("certificate_on_behalf") == "1",
        key=form.text("key") or new_key(),
        amount=amount_fen(weight_g, price) if weight_g and price else None,
        weight_g=weight_g,
        price_fen=price,
        unusual_g=weight_g if weight_g and is_unusual(weight_g) else None,
        unusual_ok=bool(weight_g) and confirmed_grams(form) == weight_g,
        UNUSUAL_WEIGHT_G=UNUSUAL_WEIGHT_G,
        errors=form.errors,  # a posted form's errors, next to their fields
        preview_error=None if form.errors else next(iter(preview.errors.values()), None),
    )


async def offered_grades(actor: Actor, product_id: int | None) -> list[GradeView]:
    """The product's grades with their prices now; none: the product's price is typed."""
    return (await grades.priced_grades(actor)).get(product_id, []) if product_id else []


def _grade(offered: list[GradeView], code: str) -> GradeView | None:
    """The grade chosen; a product with one grade needs no choosing."""
    by_code = {grade.code: grade for grade in offered}
    return by_code.get(code) or (offered[0] if len(offered) == 1 else None)


def confirmed_grams(form: Form) -> int | None:
    """The grams the clerk confirmed as right although unusual (the checkbox names them)."""
    text = form.text("unusual_ok")
    return int(text) if text.isdigit() and len(text) < 12 else None


def _chosen(products: list[ProductView], product_id: str) -> ProductView | None:
    by_id = {str(product.id): product for product in products}
    return by_id.get(product_id) or (products[0] if products else None)


@get("/weigh/{household_id:int}")
async def weigh_form(request: Request, actor: Actor, household_id: int) -> Template:
    return await _weigh_form(request, actor, household_id)


@post("/weigh/{household_id:int}")
async def weigh(request: Request, actor: Actor, household_id: int) -> Response:
    """Preview shows the amount; save records once per form (its key) and opens the receipt.
    An unusual weight is saved only once that very weight is confirmed."""
    form = Form(await request.form(), locale_for(request, actor))
    weight_g = form.read("weight", parse_weight)
    product_id = form.read("product_id", _product_id)
    offered = await offered_grades(actor, product_id)
    grade = _grade(offered, form.text("grade"))
    price = None if offered else form.read("price", parse_yuan)
    if offered and grade is None:
        form.fail("grade", InvalidInput(N_("Choose a grade.")))
    if form.text("action") == "preview" or not form.ok:
        return await _weigh_form(request, actor, household_id, form, 200 if form.ok else 422)
    assert weight_g is not None and product_id is not None
    if not unusual_confirmed(weight_g, confirmed_grams(form)):
        return await _weigh_form(request, actor, household_id, form)  # asks; nothing saved
    try:
        received = Received(form.text("certificate_no"), form.text("certificate_on_behalf") == "1")
        lot = await weighins.record_weighin(
            actor, household_id, product_id, weight_g, price, grade.code if grade else "",
            idempotency_key=form.key(), received=received,
        )  # fmt: skip
    except InvalidInput as error:
        form.fail("save", error)
        return await _weigh_form(request, actor, household_id, form, 422)
    return Redirect(path=f"/receipts/{lot.id}?saved=1", status_code=303)


def _product_id(text: str) -> int:
    if not text.isdigit():
        raise InvalidInput(N_("Choose a product."))
    return int(text)


ROUTES = [station, weigh_form, weigh]
