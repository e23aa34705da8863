"""Members' accounts (成员账户): capital, reserve-fund shares and each season's transaction volume,
members and non-members apart; admins record shares paid in or withdrawn (issue 8)."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.money import parse_yuan
from coop.domain.surplus import ShareKind
from coop.i18n.names import NAMES
from coop.services import income, members
from coop.services.members import KEEPERS
from coop.web.forms import Form, new_key, whole_number
from coop.web.income import REFUSED
from coop.web.shell import N_, locale_for, page

SHARE_KINDS = NAMES[ShareKind]
DIRECTIONS = {"in": N_("Paid in"), "out": N_("Withdrawn")}


async def _accounts(
    request: Request,
    actor: Actor,
    season: int | None,
    form: Form | None = None,
    status_code: int = 200,
    done: str = "",
) -> Template:
    actor.require(Action.REVIEW_INCOME)
    season = await income.current_season(actor, season)
    accounts = await members.accounts(actor, season)
    names = {a.household_id: a for a in accounts}
    form = form or Form({}, locale_for(request, actor))
    return page(
        request,
        "income/members.html",
        actor,
        status_code=status_code,
        season=season,
        members=[a for a in accounts if a.is_member],
        others=[a for a in accounts if not a.is_member],
        shares=list(reversed(await members.shares(actor)))[:30],
        names=names,
        may_record=actor.role in KEEPERS,
        form=form,
        key=form.text("key") or new_key(),
        SHARE_KINDS=SHARE_KINDS,
        DIRECTIONS=DIRECTIONS,
        done=done,
    )


@get("/members")
async def accounts_page(
    request: Request, actor: Actor, season: int | None = None, done: str = ""
) -> Template:
    return await _accounts(request, actor, season, done=done)


@post("/members/shares")
async def record_share(request: Request, actor: Actor) -> Response:
    """Capital or a reserve-fund share, typed in yuan, paid in or withdrawn."""
    actor.require(*KEEPERS)
    form = Form(await request.form(), locale_for(request, actor))
    household_id = form.read("household_id", whole_number)
    season = form.read("season", whole_number)
    amount_fen = form.read("amount", parse_yuan)
    if household_id is None or season is None or amount_fen is None:
        return await _accounts(request, actor, season, form, 422)
    signed = -amount_fen if form.text("direction") == "out" else amount_fen
    try:
        share = await members.record_share(
            actor, household_id, season, form.text("kind"), signed, form.text("note"), form.key()
        )
    except REFUSED as error:
        form.fail("share", error)
        return await _accounts(request, actor, season, form, error.status)
    return Redirect(path=f"/members?season={share.season}&done={share.id}", status_code=303)


ROUTES = [accounts_page, record_share]
