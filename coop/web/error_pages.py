"""How a page answers an error: signed out, to sign-in and back; otherwise a page in the visitor's
language saying what went wrong (coop.errors decides the status and the message)."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from litestar import Request, Response
from litestar.response import Redirect, Template

from coop.i18n import translate
from coop.i18n.negotiation import locale_for
from coop.web.shell import N_, SESSION_COOKIE, page, safe_next

ERROR_TITLES = {
    403: N_("Not allowed"),
    404: N_("Not found"),
    429: N_("Too many attempts"),
    500: N_("Something went wrong"),
}


def page_answer(request: Request, status: int, code: str, message: str) -> Response:
    """coop.errors' answer for pages: sign-in when signed out, else the error page."""
    if status == 401:
        return sign_in_redirect(request, code)
    return error_page(request, status, message)


def sign_in_redirect(request: Request, code: str) -> Redirect:
    """Back to where the visitor was going once signed in (same-site paths only)."""
    target = request.url.path if request.method == "GET" else "/"
    query = f"?next={quote(target)}" + ("&expired=1" if code == "session_expired" else "")
    response = Redirect(path="/sign-in" + query, status_code=303)
    if code == "session_expired":
        response.delete_cookie(SESSION_COOKIE)
    return response


def error_page(request: Request, status_code: int, message: str) -> Template:
    """A friendly page in the visitor's language with the signed-in person's menu, a way back,
    and what a refused form held, so nothing typed is lost."""
    actor = getattr(request.state, "actor", None)
    title = ERROR_TITLES.get(status_code, N_("This did not work"))
    return page(
        request,
        "error.html",
        actor,
        status_code=status_code,
        status=status_code,
        title=translate(title, locale_for(request, actor)),
        message=message,
        back=came_from(request),
        typed=getattr(request.state, "typed", []),
    )


def came_from(request: Request) -> str | None:
    """The page on this site the visitor came from (its Referer), to go back to."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc != request.url.netloc or not referer.path:
        return None
    back = safe_next(referer.path + (f"?{referer.query}" if referer.query else ""))
    return None if back == request.url.path else back
