"""The order desk: list, filters, a new order with its total, transitions, packing slip."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, InvalidInput
from coop.domain.orders import NEXT, Channel, OrderStatus
from coop.i18n import translate
from coop.i18n.names import NAMES
from coop.services import (
    households,
    order_creation,
    order_queries,
    order_reports,
    order_transitions,
)
from coop.services.order_views import NewLine, NewOrder, Transition
from coop.web.certificates import certificate_qrs
from coop.web.forms import Form, new_key
from coop.web.order_drafts import LINES, read_draft, with_prices
from coop.web.shell import N_, locale_for, page

PAPERS = ("a4", "80mm")
ORDER_STATUS = NAMES[OrderStatus]
CHANNELS = NAMES[Channel]
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
    actor.require(Action.READ_ORDERS)
    form = Form(request.query_params, locale_for(request, actor))
    start = form.read("date_from", date_of, required=False)
    end = form.read("date_to", date_of, required=False)
    rows = (
        await order_queries.orders(actor, status or None, channel or None, start, end)
        if form.ok
        else []
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


async def _new_form(
    request: Request, actor: Actor, data: Any, status_code: int = 200, failure: str = ""
) -> Template:
    actor.require(Action.TAKE_ORDERS)
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
    actor.require(Action.TAKE_ORDERS)
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
        saved = await order_creation.create_order(actor, fields, form.key())
    except (InvalidInput, Conflict) as error:
        form.fail("save", error)
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
    view = await order_queries.order(actor, order_id)
    sources = await order_reports.order_sources(actor, order_id)
    allowed = NEXT[OrderStatus(view.status)] if actor.may(Action.TAKE_ORDERS) else frozenset()
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
        desk=actor.may(Action.TAKE_ORDERS),
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
    actor.require(Action.TAKE_ORDERS)
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
        await order_transitions.transition(actor, order_id, change)
    except InvalidInput as error:
        form.fail("to", error)
        return await _detail(request, actor, order_id, 422, failed=(wanted, form))
    except Conflict:
        if (await order_queries.order(actor, order_id)).status != wanted:
            raise
    return Redirect(path=f"/orders/{order_id}", status_code=303)


@get("/orders/{order_id:int}/slip")
async def slip(request: Request, actor: Actor, order_id: int, paper: str = "a4") -> Template:
    """The packing slip for the box: an A4 sheet or an 80 mm roll; the order desk only."""
    packing = await order_reports.packing_slip(actor, order_id)
    return order_page(
        request,
        "orders/slip.html",
        actor,
        slip=packing,
        paper=paper if paper in PAPERS else PAPERS[0],
        certificate_qrs=certificate_qrs(packing, request.app.state.settings.base_url),
    )


ROUTES = [desk, new_form, create, detail, move, slip]
