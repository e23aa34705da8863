"""掌上村务 pages for the work team: the day's text messages, notices with a preview, replies,
and each household's language and opt-out. Thin: the rules live in coop.services."""

from __future__ import annotations

import secrets
from datetime import date

from litestar import Request, Response, get, post
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import InvalidInput
from coop.domain.sms import Kind
from coop.i18n.names import NAMES
from coop.services import clock, message_views, notices, replies
from coop.web.forms import Form
from coop.web.shell import N_, error_text, locale_for, page

LANGUAGES = {"zh_CN": "中文", "ug": "ئۇيغۇرچە"}


def _day(text: str | None) -> date:
    if not text:
        return clock.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(N_("Enter a date as YYYY-MM-DD."), code="invalid_date") from None


@get("/messages")
async def day_page(request: Request, actor: Actor, day: str | None = None) -> Template:
    """The day's messages: sent, delivered, failed, and the numbers that failed."""
    sending = await message_views.day_sending(actor, _day(day))
    return page(request, "messages/day.html", actor, sending=sending, kinds=NAMES[Kind])


@post("/messages/hour")
async def set_hour(request: Request, actor: Actor) -> Response:
    form = Form(await request.form(), locale_for(request, actor))
    hour = form.text("hour")
    if not hour.isdigit():
        raise InvalidInput("The hour is a whole number from 0 to 23.", code="invalid_hour")
    await message_views.set_receipt_hour(actor, int(hour))
    return Redirect(path="/messages", status_code=303)


async def _notice_page(
    request: Request,
    actor: Actor,
    draft: notices.Draft | None = None,
    preview: notices.Preview | None = None,
    error: str = "",
    status_code: int = 200,
) -> Template:
    actor.require(Action.MESSAGE_HOUSEHOLDS)
    return page(
        request,
        "messages/notice.html",
        actor,
        status_code=status_code,
        draft=draft or notices.Draft(text_zh=""),
        preview=preview,
        error=error,
        groups=await message_views.village_groups(actor),
    )


def _draft(form: Form) -> notices.Draft:
    return notices.Draft(
        form.text("text_zh"), form.text("text_ug"), form.text("village_group"), form.text("key")
    )


@get("/messages/notices")
async def notice_form(request: Request, actor: Actor) -> Template:
    return await _notice_page(request, actor)


@post("/messages/notices/preview")
async def notice_preview(request: Request, actor: Actor) -> Template:
    """How many households and how many SMS parts; nothing is sent."""
    draft = _draft(Form(await request.form(), locale_for(request, actor)))
    try:
        preview = await notices.preview(actor, draft)
    except InvalidInput as refused:
        message = error_text(refused, locale_for(request, actor))
        return await _notice_page(request, actor, draft, error=message, status_code=422)
    keyed = notices.Draft(draft.text_zh, draft.text_ug, draft.village_group, secrets.token_hex(8))
    return await _notice_page(request, actor, keyed, preview)


@post("/messages/notices")
async def notice_send(request: Request, actor: Actor) -> Response:
    draft = _draft(Form(await request.form(), locale_for(request, actor)))
    try:
        await notices.send(actor, draft)
    except InvalidInput as refused:
        message = error_text(refused, locale_for(request, actor))
        return await _notice_page(request, actor, draft, error=message, status_code=422)
    return Redirect(path="/messages", status_code=303)


@get("/messages/replies")
async def replies_page(request: Request, actor: Actor) -> Template:
    """Households' suggestions and questions (意见建议), and unknown numbers apart."""
    return page(
        request,
        "messages/replies.html",
        actor,
        known=await replies.replies(actor),
        strangers=await replies.replies(actor, known=False),
    )


@post("/messages/replies/{reply_id:int}/answered")
async def answered(actor: Actor, reply_id: int) -> Response:
    await replies.mark_answered(actor, reply_id)
    return Redirect(path="/messages/replies", status_code=303)


@get("/messages/households")
async def households_page(request: Request, actor: Actor) -> Template:
    return page(
        request,
        "messages/households.html",
        actor,
        choices=await message_views.choices(actor),
        languages=LANGUAGES,
    )


@post("/messages/households/{household_id:int}")
async def choose(request: Request, actor: Actor, household_id: int) -> Response:
    form = Form(await request.form(), locale_for(request, actor))
    await message_views.choose(actor, household_id, form.text("locale"), form.flag("opted_out"))
    return Redirect(path="/messages/households", status_code=303)


ROUTES = [
    day_page,
    set_hour,
    notice_form,
    notice_preview,
    notice_send,
    replies_page,
    answered,
    households_page,
    choose,
]
