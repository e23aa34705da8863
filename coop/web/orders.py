"""The order desk (issue 7): list, filters, a new order with its total, transitions, slip."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Actor
from coop.domain.errors import Conflict, DomainError, InvalidInput
from coop.domain.money import format_yuan, parse_yuan
from coop.domain.orders import (
    NEXT,
    Channel,
    OrderStatus,
    check_total,
    fruit_line_total,
    jar_line_total,
    order_total,
)
from coop.domain.weight import parse_weight
from coop.i18n import translate
from coop.i18n.names import NAMES
from coop.services import households, order_reports, orders
from coop.services.households import ProductView
from coop.services.orders import ORDER_DESK, READERS, NewLine, NewOrder, Transition
from coop.web.forms import Form, new_key
from coop.web.shell import N_, locale_for, page

LINES = 3  # line rows on the new-order form; empty rows are ignored
PAPERS = ("a4", "80mm")
ORDER_STATUS = NAMES[OrderStatus]
CHANNELS = NAMES[Channel]
TOTAL_MISMATCH = N_("Total {stated} yuan should be {expected} yuan: lines + shipping − discount.")
ACTIONS = {  # the buttons, in the order an order moves
    "paid": N_("Mark as paid"),
    "packed": N_("Mark as packed"),
    "shipped": N_("Ship"),
    "delivered": N_("Mark as delivered"),
    "cancelled": N_("Cancel the order"),
    "refunded": N_("Refund"),
}


def order_page(request: Request, name: str, actor: Actor, **context: Any) -> Template:
    """A page of the order desk: status and channel codes are shown by their translated names."""
    return page(request, name, actor, ORDER_STATUS=ORDER_STATUS, CHANNELS=CHANNELS, **context)


# --- the list -------------------------------------------------------------------------------------


@get("/orders")
async def desk(
    request: Request,
    actor: Actor,
    status: str = "",
    channel: str = "",
    date_from: str = "",
    date_to: str = "",
) -> Template:
    """Newest first; filters by status, channel and the days the orders were taken."""
    actor.require(*READERS)
    form = Form(request.query_params, locale_for(request, actor))
    start = form.read("date_from", date_of, required=False)
    end = form.read("date_to", date_of, required=False)
    rows = (
        await orders.orders(actor, status or None, channel or None, start, end) if form.ok else []
    )
    return order_page(
        request,
        "orders/list.html",
        actor,
        status_code=200 if form.ok else 422,
        rows=rows,
        form=form,
        status=status,
        channel=channel,
    )


def date_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(N_("Write the date like 2026-07-01."), code="invalid_date") from None


# --- a new order ----------------------------------------------------------------------------------


@dataclass
class DraftLine:
    """One row of the form as typed, and what it costs when it can be read."""

    index: int
    product: ProductView | None
    jars: int | None = None
    weight_g: int | None = None
    price_fen: int | None = None
    total_fen: int | None = None


@dataclass
class Draft:
    lines: list[DraftLine]
    shipping_fen: int
    discount_fen: int
    total_fen: int | None  # lines + shipping − discount, when every line can be read
    stated_fen: int | None  # the total the channel says the buyer paid, if typed


def read_draft(form: Form, products: list[ProductView]) -> Draft:
    """What the form says so far; each unreadable field keeps its reason in form.errors."""
    by_id = {str(product.id): product for product in products}
    lines = []
    for index in range(LINES):
        product = by_id.get(form.text(f"product_{index}"))
        if product is None or not form.text(f"quantity_{index}"):
            continue
        line = DraftLine(index, product)
        if product.unit == "jar":
            line.jars = form.read(f"quantity_{index}", jar_count)
        else:
            line.weight_g = form.read(f"quantity_{index}", parse_weight)
        line.price_fen = form.read(f"price_{index}", parse_yuan)
        line.total_fen = _line_total(form, line)
        lines.append(line)
    shipping = form.read("shipping", parse_yuan, required=False) or 0
    discount = form.read("discount", parse_yuan, required=False) or 0
    stated = form.read("total", parse_yuan, required=False)
    total = None
    if lines and form.ok:
        try:
            total = order_total([line.total_fen or 0 for line in lines], shipping, discount)
            if stated is not None:
                check_total(stated, [line.total_fen or 0 for line in lines], shipping, discount)
        except InvalidInput as error:
            form.fail("total", explained(error))
    return Draft(lines, shipping, discount, total, stated)


def _line_total(form: Form, line: DraftLine) -> int | None:
    if line.price_fen is None or (line.jars is None and line.weight_g is None):
        return None
    try:
        if line.jars is not None:
            return jar_line_total(line.jars, line.price_fen)
        assert line.weight_g is not None
        return fruit_line_total(line.weight_g, line.price_fen)
    except InvalidInput as error:
        form.fail(f"quantity_{line.index}", error)
        return None


def jar_count(text: str) -> int:
    if not text.isdigit():
        raise InvalidInput(N_("Enter a whole number of jars, for example 2."), code="invalid_jars")
    return int(text)


def explained(error: DomainError) -> DomainError:
    """A refused total says its figures in yuan, as the clerk typed them, not in fen."""
    if error.code != "total_mismatch":
        return error
    return InvalidInput(
        TOTAL_MISMATCH,
        code=error.code,
        stated=format_yuan(int(str(error.params["stated"]))),
        expected=format_yuan(int(str(error.params["expected"]))),
    )


def with_prices(data: Any, products: list[ProductView]) -> dict[str, str]:
    """The typed values, each line's unit price prefilled from its product when left empty."""
    values = {str(name): str(value) for name, value in data.items() if isinstance(value, str)}
    by_id = {str(product.id): product for product in products}
    for index in range(LINES):
        product = by_id.get(values.get(f"product_{index}", ""))
        if product is not None and not values.get(f"price_{index}", "").strip():
            values[f"price_{index}"] = format_yuan(product.price_fen)
    return values


async def _new_form(
    request: Request, actor: Actor, data: Any, status_code: int = 200, failure: str = ""
) -> Template:
    actor.require(*ORDER_DESK)
    products = await households.products(actor)
    form = Form(with_prices(data, products), locale_for(request, actor))
    draft = read_draft(form, products)
    return order_page(
        request,
        "orders/new.html",
        actor,
        status_code=status_code,
        form=form,
        draft=draft,
        products=products,
        channels=[channel.value for channel in Channel],
        rows=range(LINES),
        key=form.text("key") or new_key(),
        failure=failure,
    )


@get("/orders/new")
async def new_form(request: Request, actor: Actor) -> Template:
    """Also the live total (htmx asks it as you type) and the no-JS "show the total" answer."""
    return await _new_form(request, actor, request.query_params)


@post("/orders/new")
async def create(request: Request, actor: Actor) -> Response:
    """Save records once per form (its key) and opens the order; refusals stay on the form."""
    actor.require(*ORDER_DESK)
    data = await request.form()
    products = await households.products(actor)
    locale = locale_for(request, actor)
    form = Form(with_prices(data, products), locale)
    draft = read_draft(form, products)
    if form.text("action") != "save":  # "show the total" without JavaScript
        return await _new_form(request, actor, data)
    if not form.ok or draft.total_fen is None:  # an unreadable field, or no line at all
        failure = "" if not form.ok else translate("An order needs at least one line.", locale)
        return await _new_form(request, actor, data, 422, failure)
    fields = NewOrder(
        channel=form.text("channel"),
        channel_order_no=form.text("channel_order_no"),
        buyer_name=form.text("buyer_name"),
        buyer_phone=form.text("buyer_phone"),
        address=form.text("address"),
        shipping_fen=draft.shipping_fen,
        discount_fen=draft.discount_fen,
        total_fen=draft.total_fen if draft.stated_fen is None else draft.stated_fen,
        lines=[
            NewLine(
                product_id=line.product.id,
                jars=line.jars,
                weight_g=line.weight_g,
                unit_price_fen=line.price_fen,
            )
            for line in draft.lines
            if line.product is not None
        ],
    )
    try:
        saved = await orders.create_order(actor, fields, form.key())
    except (InvalidInput, Conflict) as error:
        form.fail("save", explained(error))
        return await _new_form(
            request, actor, data, 409 if isinstance(error, Conflict) else 422, form.errors["save"]
        )
    return Redirect(path=f"/orders/{saved.id}?saved=1", status_code=303)


# --- one order ------------------------------------------------------------------------------------


async def _detail(
    request: Request,
    actor: Actor,
    order_id: int,
    status_code: int = 200,
    failed: tuple[str, Form] | None = None,
    saved: bool = False,
) -> Template:
    view = await orders.order(actor, order_id)
    sources = await order_reports.order_sources(actor, order_id)
    allowed = NEXT[OrderStatus(view.status)] if actor.role in ORDER_DESK else frozenset()
    return order_page(
        request,
        "orders/detail.html",
        actor,
        status_code=status_code,
        order=view,
        growers={line.line_id: line.growers for line in sources.lines},
        actions=[(to, label) for to, label in ACTIONS.items() if to in allowed],
        failed=failed,
        saved=saved,
        desk=actor.role in ORDER_DESK,
    )


@get("/orders/{order_id:int}")
async def detail(request: Request, actor: Actor, order_id: int, saved: bool = False) -> Template:
    """The order, what fills it, whose fruit it was, its history, and the moves it may make."""
    return await _detail(request, actor, order_id, saved=saved)


@post("/orders/{order_id:int}/transition")
async def move(request: Request, actor: Actor, order_id: int) -> Response:
    """One step; an illegal one is the service's 409 as a page, a missing detail stays here.

    A second tap of the same button finds the order already moved and just shows it.
    """
    actor.require(*ORDER_DESK)
    form = Form(await request.form(), locale_for(request, actor))
    wanted = form.text("to")
    change = Transition(
        to=wanted,
        reason=form.text("reason"),
        carrier=form.text("carrier"),
        tracking=form.text("tracking"),
        restock=form.flag("restock"),
    )
    try:
        await orders.transition(actor, order_id, change)
    except InvalidInput as error:
        form.fail("to", error)
        return await _detail(request, actor, order_id, 422, failed=(wanted, form))
    except Conflict:
        if (await orders.order(actor, order_id)).status != wanted:
            raise
    return Redirect(path=f"/orders/{order_id}", status_code=303)


@get("/orders/{order_id:int}/slip")
async def slip(request: Request, actor: Actor, order_id: int, paper: str = "a4") -> Template:
    """The packing slip for the box: an A4 sheet or an 80 mm roll; the order desk only."""
    return order_page(
        request,
        "orders/slip.html",
        actor,
        slip=await order_reports.packing_slip(actor, order_id),
        paper=paper if paper in PAPERS else PAPERS[0],
    )


ROUTES = [desk, new_form, create, detail, move, slip]
