"""The accountant's payout runs: a run for a period, its preview with exclusions and caps, lock,
confirm, the payment lists, and each line marked paid or failed."""

from __future__ import annotations

from datetime import date, timedelta

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import InvalidInput
from coop.domain.money import parse_yuan
from coop.domain.payout_runs import RUN_METHODS, LineStatus, RunStatus
from coop.domain.payouts import PayoutMethod
from coop.exports.download import download
from coop.exports.payout_lists import payment_list
from coop.i18n.names import NAMES
from coop.services import clock, payout_runs
from coop.web.forms import Form, new_key, whole_number
from coop.web.income import REFUSED
from coop.web.shell import N_, locale_for, page

METHODS = {method: NAMES[PayoutMethod][method] for method in RUN_METHODS}
LISTS = {"bank": N_("Bank transfer list"), "wallet": N_("WeChat Pay or Alipay transfer list")}


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(N_("Enter a date like 2026-07-01."), text=text) from None


async def _runs_page(
    request: Request, actor: Actor, form: Form | None = None, status_code: int = 200
) -> Template:
    actor.require(Action.PAY)
    today = clock.today()
    form = form or Form(
        {"start": (today - timedelta(days=14)).isoformat(), "end": today.isoformat()},
        locale_for(request, actor),
    )
    return page(
        request,
        "money_out/runs.html",
        actor,
        status_code=status_code,
        form=form,
        key=form.text("key") or new_key(),
        runs=await payout_runs.runs(actor),
        METHODS=METHODS,
        RUN_STATUS=NAMES[RunStatus],
    )


@get("/payout-runs")
async def runs_page(request: Request, actor: Actor) -> Template:
    return await _runs_page(request, actor)


@post("/payout-runs")
async def new_run(request: Request, actor: Actor) -> Response:
    actor.require(Action.PAY)
    form = Form(await request.form(), locale_for(request, actor))
    start, end = form.read("start", _day), form.read("end", _day)
    if start is None or end is None:
        return await _runs_page(request, actor, form, 422)
    try:
        run = await payout_runs.create_run(actor, start, end, form.text("method"), form.key())
    except REFUSED as error:
        form.fail("run", error)
        return await _runs_page(request, actor, form, error.status)
    return Redirect(path=f"/payout-runs/{run.id}", status_code=303)


async def _run_page(
    request: Request, actor: Actor, run_id: int, error: str = "", status_code: int = 200
) -> Template:
    return page(
        request,
        "money_out/run.html",
        actor,
        status_code=status_code,
        run=await payout_runs.run(actor, run_id),
        error=error,
        METHODS=METHODS,
        LISTS=LISTS,
        RUN_STATUS=NAMES[RunStatus],
        LINE_STATUS=NAMES[LineStatus],
    )


@get("/payout-runs/{run_id:int}")
async def run_page(request: Request, actor: Actor, run_id: int) -> Template:
    return await _run_page(request, actor, run_id)


async def _step(request: Request, actor: Actor, run_id: int, step) -> Response:
    """Do one step of the run; a refusal is the run's page again, saying why."""
    try:
        await step()
    except REFUSED as error:
        form = Form({}, locale_for(request, actor))
        form.fail("run", error)
        return await _run_page(request, actor, run_id, form.errors["run"], error.status)
    return Redirect(path=f"/payout-runs/{run_id}", status_code=303)


@post("/payout-runs/{run_id:int}/changes")
async def change(request: Request, actor: Actor, run_id: int) -> Response:
    """Exclude a household, cap it (an empty cap takes a cap back), with the reason."""
    form = Form(await request.form(), locale_for(request, actor))
    household_id = form.read("household_id", whole_number)
    cap = form.read("cap", parse_yuan, required=False)
    if household_id is None or not form.ok:
        message = next(iter(form.errors.values()))
        return await _run_page(request, actor, run_id, message, 422)
    excluded, reason = form.flag("excluded"), form.text("reason")
    return await _step(
        request,
        actor,
        run_id,
        lambda: payout_runs.change(actor, run_id, household_id, excluded, cap, reason),
    )


@post("/payout-runs/{run_id:int}/lock")
async def lock(request: Request, actor: Actor, run_id: int) -> Response:
    return await _step(request, actor, run_id, lambda: payout_runs.lock(actor, run_id))


@post("/payout-runs/{run_id:int}/confirm")
async def confirm(request: Request, actor: Actor, run_id: int) -> Response:
    return await _step(request, actor, run_id, lambda: payout_runs.confirm(actor, run_id))


@post("/payout-runs/{run_id:int}/lines/{household_id:int}")
async def mark(request: Request, actor: Actor, run_id: int, household_id: int) -> Response:
    form = Form(await request.form(), locale_for(request, actor))
    status = form.text("status")
    return await _step(
        request, actor, run_id, lambda: payout_runs.mark(actor, run_id, household_id, status)
    )


@get(
    [
        "/payout-runs/{run_id:int}/bank.xlsx",
        "/payout-runs/{run_id:int}/bank.csv",
        "/payout-runs/{run_id:int}/wallet.xlsx",
        "/payout-runs/{run_id:int}/wallet.csv",
    ]
)
async def export(request: Request, actor: Actor, run_id: int) -> Response[bytes]:
    """The same list as the API's: the bill numbers stored when the run was locked."""
    name = request.url.path.rsplit("/", 1)[1]
    which, format = name.split(".")
    locale = locale_for(request, actor)
    sheet = payment_list(which, *await payout_runs.payment_list(actor, run_id), locale)
    return download(
        sheet, "csv" if format == "csv" else "xlsx", f"payout-run-{run_id}-{which}", locale
    )


ROUTES = [runs_page, new_run, run_page, change, lock, confirm, mark, export]
