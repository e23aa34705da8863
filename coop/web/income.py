"""Income pages: the village review with charts and downloads, the village's one-page summary and
a household's printable review for the work ledger (工作台账), balances owed and the admin's payout
form."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.charts.reviews import household_charts, village_charts
from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, InvalidInput, NotFound
from coop.domain.money import parse_yuan
from coop.domain.payouts import PayoutMethod
from coop.exports.download import Format, download
from coop.exports.income import ledger_sheet, review_sheet
from coop.i18n.names import NAMES
from coop.services import income, payouts, reports
from coop.web.forms import Form, new_key, whole_number
from coop.web.shell import N_, locale_for, page

REFUSED = (InvalidInput, Conflict, NotFound)  # shown next to the form; Forbidden is a refusal page
METHODS = NAMES[PayoutMethod]
BASIS = {"previous_season": N_("last season's income"), "baseline": N_("the baseline income")}


async def _village(request: Request, actor: Actor, season: int | None, template: str) -> Template:
    village = await reports.village_page(actor, season)
    return page(
        request,
        template,
        actor,
        p=village,
        r=village.review,
        charts=village_charts(village.review, locale_for(request, actor)),
        BASIS=BASIS,
    )


@get("/income")
async def village(request: Request, actor: Actor, season: int | None = None) -> Template:
    """The village's season: figures, charts, one row per household, downloads."""
    return await _village(request, actor, season, "income/village.html")


@get("/income/summary")
async def summary(request: Request, actor: Actor, season: int | None = None) -> Template:
    """The village's season on one A4 page, to print and file in the work ledger."""
    return await _village(request, actor, season, "income/summary.html")


def _format(request: Request) -> Format:
    return "csv" if request.url.path.endswith(".csv") else "xlsx"


@get(["/income/export.xlsx", "/income/export.csv"])
async def export(request: Request, actor: Actor, season: int | None = None) -> Response[bytes]:
    """The review as a file to save, the same sheet as the API's and the CLI's."""
    review = await income.village_review(actor, season)
    locale = locale_for(request, actor)
    return download(
        review_sheet(review, locale), _format(request), f"income-{review.season}", locale
    )


@get(["/income/ledger.xlsx", "/income/ledger.csv"])
async def ledger(
    request: Request, actor: Actor, season: int | None = None, household_id: int | None = None
) -> Response[bytes]:
    """A season's ledger, one sortable row per entry; a household downloads only its own."""
    season = await income.current_season(actor, season)
    lines = await reports.ledger_lines(actor, season, household_id)
    locale = locale_for(request, actor)
    return download(ledger_sheet(lines, locale), _format(request), f"ledger-{season}", locale)


@get("/income/households/{household_id:int}")
async def household(
    request: Request, actor: Actor, household_id: int, season: int | None = None
) -> Template:
    """One household's review and its season's entries on A4; a household sees only its own."""
    printable = await reports.household_page(actor, household_id, season)
    return page(
        request,
        "income/household.html",
        actor,
        p=printable,
        r=printable.review,
        charts=household_charts(printable.review, locale_for(request, actor)),
        BASIS=BASIS,
    )


async def _payouts(
    request: Request, actor: Actor, form: Form | None = None, status_code: int = 200, done: str = ""
) -> Template:
    """Balances owed for the reviewers; the form only for those who pay (admins)."""
    actor.require(Action.REVIEW_INCOME)
    form = form or Form({}, locale_for(request, actor))
    return page(
        request,
        "income/payouts.html",
        actor,
        status_code=status_code,
        form=form,
        key=form.text("key") or new_key(),
        balances=await payouts.balances(actor),
        recent=(await payouts.payouts(actor))[:20],
        may_pay=actor.may(Action.PAY),
        METHODS=METHODS,
        done=done,
    )


@get("/payouts")
async def payout_page(request: Request, actor: Actor, done: str = "") -> Template:
    return await _payouts(request, actor, done=done)


@post("/payouts")
async def pay(request: Request, actor: Actor) -> Response:
    """A payout typed in yuan; above the balance the service refuses it and says why."""
    actor.require(Action.PAY)
    form = Form(await request.form(), locale_for(request, actor))
    household_id = form.read("household_id", whole_number)
    amount_fen = form.read("amount", parse_yuan)
    if household_id is not None and amount_fen is not None:
        try:
            paid = await payouts.record_payout(
                actor,
                household_id,
                amount_fen,
                form.text("method"),
                form.text("reference"),
                form.key(),
            )
        except REFUSED as error:
            form.fail("payout", error)
            return await _payouts(request, actor, form, error.status)
        return Redirect(path=f"/payouts?done={paid.household_code}", status_code=303)
    return await _payouts(request, actor, form, 422)


ROUTES = [village, summary, export, ledger, household, payout_page, pay]
