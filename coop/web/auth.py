"""Sign-in and sign-out with a session cookie, the language switch, and each role's start page."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from coop.domain.actors import Role, TooManyAttempts
from coop.domain.errors import Unauthorized
from coop.i18n import LOCALES
from coop.i18n.negotiation import LOCALE_COOKIE, locale_for
from coop.services import auth, users
from coop.services.auth import SESSION_DAYS
from coop.settings import Settings
from coop.web.shell import (
    N_,
    SESSION_COOKIE,
    error_text,
    home_of,
    page,
    safe_next,
    signed_in,
)

YEAR_S = 365 * 24 * 3600


def _cookie(request: Request, key: str, value: str, max_age: int, httponly: bool) -> Cookie:
    settings: Settings = request.app.state.settings
    return Cookie(
        key=key,
        value=value,
        max_age=max_age,
        httponly=httponly,
        samesite="lax",
        secure=settings.base_url.startswith("https:"),
        path="/",
    )


@get("/")
async def home(request: Request) -> Response:
    """Signed out: the sign-in page; signed in: the role's start page."""
    actor = await signed_in(request)
    return Redirect(path=home_of(actor.role) if actor else "/sign-in", status_code=303)


@get("/sign-in")
async def sign_in_form(request: Request, next: str = "/", expired: bool = False) -> Template:
    message = N_("Your session has expired; please sign in again.") if expired else None
    return page(request, "sign_in.html", next=safe_next(next), message=message, phone="")


@post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = await request.form()
    phone, target = str(form.get("phone", "")), safe_next(form.get("next"))
    try:
        signed = await auth.sign_in(phone, str(form.get("password", "")))
    except (Unauthorized, TooManyAttempts) as error:
        return page(
            request,
            "sign_in.html",
            status_code=error.status,
            next=target,
            phone=phone,
            error=error_text(error, locale_for(request)),
        )
    if target == "/":
        target = home_of(Role(signed.role))
    return Redirect(
        path=target,
        status_code=303,
        cookies=[
            _cookie(request, SESSION_COOKIE, signed.token, SESSION_DAYS * 24 * 3600, True),
            _cookie(request, LOCALE_COOKIE, signed.locale, YEAR_S, False),
        ],
    )


@post("/sign-out")
async def sign_out(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        await auth.sign_out(token)
    response = Redirect(path="/sign-in", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@post("/language")
async def choose_language(request: Request) -> Response:
    """Remembered in a cookie for this phone and, when signed in, for the user everywhere."""
    form = await request.form()
    locale = str(form.get("locale", ""))
    target = safe_next(form.get("next"))
    if locale not in LOCALES:
        return Redirect(path=target, status_code=303)
    actor = await signed_in(request)
    if actor is not None:
        await users.save_locale(actor, locale)
    return Redirect(
        path=target,
        status_code=303,
        cookies=[_cookie(request, LOCALE_COOKIE, locale, YEAR_S, False)],
    )


ROUTES = [home, sign_in_form, sign_in, sign_out, choose_language]
