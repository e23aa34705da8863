"""Household management for admins: list, create, edit, deactivate; card code, consent, baseline."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, InvalidInput
from coop.domain.money import format_yuan, parse_yuan
from coop.services import households
from coop.services.households import HouseholdFields, HouseholdView
from coop.web.forms import Form, whole_number
from coop.web.shell import locale_for, page


@get("/households")
async def listing(
    request: Request, actor: Actor, q: str = "", inactive: bool = False, done: str = ""
) -> Template:
    """Admins only: a clerk finds households at the weigh station and gets a refusal here."""
    actor.require(Action.MANAGE_REFERENCE_DATA)
    return page(
        request,
        "households.html",
        actor,
        q=q,
        inactive=inactive,
        done=done,
        rows=await households.households(actor, q, include_inactive=inactive),
    )


def _values(household: HouseholdView | None) -> dict[str, str]:
    """A household's fields as the form shows them (baseline in yuan)."""
    if household is None:
        return {"is_member": "on"}
    return {
        "code": household.code,
        "display_name": household.display_name,
        "is_member": "on" if household.is_member else "",
        "consent_public_name": "on" if household.consent_public_name else "",
        "phone": household.phone,
        "village_group": household.village_group,
        "baseline_income": _yuan_or_empty(household.baseline_income_fen),
        "baseline_year": "" if household.baseline_year is None else str(household.baseline_year),
    }


def _yuan_or_empty(fen: int | None) -> str:
    return "" if fen is None else format_yuan(fen)


def _form_page(
    request: Request, actor: Actor, form: Form, household: HouseholdView | None, status: int = 200
) -> Template:
    return page(
        request, "household_form.html", actor, status_code=status, form=form, household=household
    )


@get("/households/new")
async def new_form(request: Request, actor: Actor) -> Template:
    actor.require(Action.MANAGE_REFERENCE_DATA)
    return _form_page(request, actor, Form(_values(None), locale_for(request, actor)), None)


@get("/households/{household_id:int}/edit")
async def edit_form(request: Request, actor: Actor, household_id: int) -> Template:
    actor.require(Action.MANAGE_REFERENCE_DATA)
    household = await households.household_view(actor, household_id)
    return _form_page(
        request, actor, Form(_values(household), locale_for(request, actor)), household
    )


def _fields(form: Form, active: bool) -> HouseholdFields | None:
    baseline = form.read("baseline_income", parse_yuan, required=False)
    year = form.read("baseline_year", whole_number, required=False)
    if not form.ok:
        return None
    return HouseholdFields(
        code=form.text("code"),
        display_name=form.text("display_name"),
        is_member=form.flag("is_member"),
        consent_public_name=form.flag("consent_public_name"),
        phone=form.text("phone"),
        village_group=form.text("village_group"),
        baseline_income_fen=baseline,
        baseline_year=year,
        active=active,
    )


async def _save(request: Request, actor: Actor, household: HouseholdView | None) -> Response:
    form = Form(await request.form(), locale_for(request, actor))
    fields = _fields(form, household.active if household else True)
    if fields is not None:
        try:
            if household is None:
                saved = await households.create_household(actor, fields)
            else:
                saved = await households.update_household(actor, household.id, fields)
        except (InvalidInput, Conflict) as error:
            form.fail("save", error)
        else:
            return Redirect(path=f"/households?done={saved.code}", status_code=303)
    return _form_page(request, actor, form, household, 422)


@post("/households/new")
async def create(request: Request, actor: Actor) -> Response:
    actor.require(Action.MANAGE_REFERENCE_DATA)
    return await _save(request, actor, None)


@post("/households/{household_id:int}/edit")
async def update(request: Request, actor: Actor, household_id: int) -> Response:
    actor.require(Action.MANAGE_REFERENCE_DATA)
    return await _save(request, actor, await households.household_view(actor, household_id))


@post("/households/{household_id:int}/active")
async def set_active(request: Request, actor: Actor, household_id: int) -> Response:
    form = await request.form()
    saved = await households.set_household_active(actor, household_id, form.get("active") == "1")
    return Redirect(path=f"/households?inactive=1&done={saved.code}", status_code=303)


ROUTES = [listing, new_form, edit_form, create, update, set_active]
