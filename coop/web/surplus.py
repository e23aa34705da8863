"""The year-end surplus return (盈余返还): the board types the terms, sees every member's return,
and confirms once; afterwards the page shows what was posted (issue 8)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import NotFound
from coop.domain.money import parse_yuan
from coop.domain.surplus import MIN_VOLUME_SHARE_PERCENT
from coop.services import income, surplus
from coop.services.surplus import CONFIRMERS, SurplusReturnView, Terms
from coop.web.forms import Form, whole_number
from coop.web.income import REFUSED
from coop.web.shell import locale_for, page

DEFAULT_RESERVE_PERCENT = 10


async def _page(
    request: Request,
    actor: Actor,
    season: int,
    form: Form,
    view: SurplusReturnView | None = None,
    status_code: int = 200,
) -> Template:
    return page(
        request,
        "income/surplus.html",
        actor,
        status_code=status_code,
        season=season,
        form=form,
        view=view,
        may_confirm=actor.role in CONFIRMERS,
        minimum=MIN_VOLUME_SHARE_PERCENT,
        default_reserve=DEFAULT_RESERVE_PERCENT,
    )


@get("/surplus")
async def surplus_page(request: Request, actor: Actor, season: int | None = None) -> Template:
    """The posted return of the season, or the form to work one out."""
    actor.require(Action.REVIEW_INCOME)
    season = await income.current_season(actor, season)
    try:
        posted = await surplus.posted(actor, season)
    except NotFound:
        posted = None
    return await _page(request, actor, season, Form({}, locale_for(request, actor)), posted)


def _terms(form: Form) -> Terms | None:
    season = form.read("season", whole_number)
    surplus_fen = form.read("surplus", parse_yuan)
    reserve = form.read("reserve_percent", whole_number)
    by_volume = form.read("volume_share_percent", whole_number)
    if season is None or surplus_fen is None or reserve is None or by_volume is None:
        return None
    return Terms(season, surplus_fen, reserve, by_volume)


async def _refused(request: Request, actor: Actor, form: Form, status_code: int) -> Template:
    season = form.read("season", whole_number) or await income.current_season(actor, None)
    return await _page(request, actor, season, form, status_code=status_code)


async def _with_terms(
    request: Request, actor: Actor, use: Callable[[Actor, Terms], Awaitable[SurplusReturnView]]
) -> tuple[Form, SurplusReturnView | Template]:
    """The board's terms read from the form and used; a refusal is the form again, with why."""
    form = Form(await request.form(), locale_for(request, actor))
    terms = _terms(form)
    if terms is None:
        return form, await _refused(request, actor, form, 422)
    try:
        return form, await use(actor, terms)
    except REFUSED as error:
        form.fail("terms", error)
        return form, await _refused(request, actor, form, error.status)


@post("/surplus/preview")
async def preview(request: Request, actor: Actor) -> Template:
    """Each member's return under the typed terms; nothing is written."""
    actor.require(Action.REVIEW_INCOME)
    form, outcome = await _with_terms(request, actor, surplus.preview)
    if isinstance(outcome, Template):
        return outcome
    return await _page(request, actor, outcome.season, form, outcome)


@post("/surplus/confirm")
async def confirm(request: Request, actor: Actor) -> Response:
    """Post the previewed return; a second confirmation posts nothing more."""
    actor.require(*CONFIRMERS)
    _, outcome = await _with_terms(request, actor, surplus.confirm)
    if isinstance(outcome, Template):
        return outcome
    return Redirect(path=f"/surplus?season={outcome.season}", status_code=303)


ROUTES = [surplus_page, preview, confirm]
