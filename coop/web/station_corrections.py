"""Correcting a weigh-in and confirming a grower's own record at the scale: the new amount is
shown before saving, voiding is its own explicit choice, an unusual weight is confirmed first."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import InvalidInput
from coop.domain.money import amount_fen
from coop.domain.weighin_checks import UNUSUAL_WEIGHT_G, is_unusual, unusual_confirmed
from coop.domain.weight import parse_weight
from coop.services import grower_records, weighin_corrections, weighins
from coop.web.forms import Form, new_key
from coop.web.shell import locale_for, page
from coop.web.weigh_station import confirmed_grams, offered_grades, station_page

_CHOICE_CODES = ("new_weight_or_void", "void_with_weight")  # shown at the weight field


@get("/weigh/lots/{lot_id:int}/correct")
async def correct_form(request: Request, actor: Actor, lot_id: int) -> Template:
    return await _correct_page(request, actor, lot_id, Form({}, locale_for(request, actor)))


async def _correct_page(
    request: Request, actor: Actor, lot_id: int, form: Form, status_code: int = 200
) -> Template:
    actor.require(Action.WEIGH)  # refused before anything is typed, not after
    lot = await weighins.weighin(actor, lot_id)
    weight_g = None
    if form.text("weight") and "weight" not in form.errors:
        weight_g = Form({"weight": form.text("weight")}, form.locale).read("weight", parse_weight)
    amount = amount_fen(weight_g, lot.price_fen_per_kg) if weight_g else None
    return page(
        request,
        "correct.html",
        actor,
        status_code=status_code,
        lot=lot,
        grades=await offered_grades(actor, lot.product_id),
        form=form,
        key=form.text("key") or new_key(),
        weight_g=weight_g,
        price_fen=lot.price_fen_per_kg,
        amount=amount,
        unusual_g=weight_g if weight_g and is_unusual(weight_g) else None,
        unusual_ok=bool(weight_g) and confirmed_grams(form) == weight_g,
        UNUSUAL_WEIGHT_G=UNUSUAL_WEIGHT_G,
    )


@post("/weigh/lots/{lot_id:int}/correct")
async def correct(request: Request, actor: Actor, lot_id: int) -> Response:
    """A reason, and either a new weight (保存更正) or the explicit void button (作废): an empty
    weight is refused with a message, never read as void."""
    form = Form(await request.form(), locale_for(request, actor))
    action = form.text("action")
    void = action == "void"
    weight_g = None if void else form.read("weight", parse_weight, required=False)
    if action == "preview" or not form.ok:
        return await _correct_page(request, actor, lot_id, form, 200 if form.ok else 422)
    if weight_g is not None and not unusual_confirmed(weight_g, confirmed_grams(form)):
        return await _correct_page(request, actor, lot_id, form)  # asks; nothing saved
    try:
        result = await weighin_corrections.correct_weighin(
            actor,
            lot_id,
            weight_g,
            form.text("reason"),
            form.key(),
            None if void else form.text("grade") or None,
            void=void,
        )
    except InvalidInput as error:
        form.fail("weight" if error.code in _CHOICE_CODES else "reason", error)
        return await _correct_page(request, actor, lot_id, form, 422)
    done = result.replacement.lot_code if result.replacement else result.original.lot_code
    return Redirect(path=f"/weigh?done={done}", status_code=303)


@post("/weigh/records/{record_id:int}/confirm")
async def confirm(request: Request, actor: Actor, record_id: int) -> Response:
    """Confirmed with the weighed figure; a figure other than the grower's needs a reason."""
    form = Form(await request.form(), locale_for(request, actor))
    weight_g = form.read("weight", parse_weight)
    if weight_g is not None and not unusual_confirmed(weight_g, confirmed_grams(form)):
        asked = {record_id: weight_g}
        return await station_page(request, actor, failed={record_id: form}, asked=asked, done="")
    if weight_g is not None:
        try:
            record = await grower_records.confirm_grower_record(
                actor, record_id, weight_g, form.text("reason"), form.key()
            )
        except InvalidInput as error:
            form.fail("reason", error)
        else:
            return Redirect(path=f"/weigh?done={record.lot_code or ''}", status_code=303)
    return await station_page(request, actor, status_code=422, failed={record_id: form}, done="")


ROUTES = [correct_form, correct, confirm]
