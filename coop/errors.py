"""The one place where errors become responses: a stable code and a message a person can act on.

Bad input is a 4xx and changes nothing; anything unexpected is logged and answered with a plain
500 that reveals nothing of the server. The API (/api/, /schema, /healthz) answers JSON; pages
answer a page in the visitor's language, and a page that needs a signed-in user sends to sign-in.
"""

from __future__ import annotations

import logging

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from coop.domain.errors import DomainError
from coop.i18n import negotiate, translate
from coop.web.shell import error_page, sign_in_redirect

log = logging.getLogger("coop")

HTTP_MESSAGES = {
    400: ("bad_request", "The request could not be read: {detail}"),
    401: ("unauthorized", "Please sign in first."),
    403: ("forbidden", "You are not allowed to do this."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("too_large", "The request is too large."),
    415: ("unsupported_media_type", "Send the request as JSON."),
    429: ("too_many_requests", "Too many requests; wait a moment and try again."),
}
CSRF_FAILED = (
    "csrf_failed",
    "This form is out of date: go back, reload the page and send it again.",
)
JSON_PATHS = ("/api/", "/schema", "/healthz")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith(JSON_PATHS)


def locale_of(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"), request.cookies.get("coop_locale"))


def error_body(code: str, message: str, locale: str, **params: object) -> dict:
    return {"error": {"code": code, "message": translate(message, locale, **params)}}


def respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    params: dict[str, object] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """JSON for the API; for pages, sign-in when signed out, else a page saying what went wrong."""
    params = params or {}
    if wants_json(request):
        body = error_body(code, message, locale_of(request), **params)
        return Response(body, status_code=status, media_type=MediaType.JSON, headers=headers)
    if status == 401:
        return sign_in_redirect(request, code)
    return error_page(request, status, translate(message, locale_of(request), **params))


def domain_error(request: Request, error: DomainError) -> Response:
    return respond(request, error.status, error.code, error.message, error.params)


def validation_error(request: Request, error: ValidationException) -> Response:
    details = "; ".join(
        f"{item.get('key', '') or ''} {item.get('message', '')}".strip()
        for item in (error.extra or [])
        if isinstance(item, dict)
    ) or (error.detail or "")
    return respond(
        request,
        422 if error.extra else 400,
        "invalid_request",
        "Some of the data sent is not valid: {detail}",
        {"detail": details},
    )


def http_error(request: Request, error: HTTPException) -> Response:
    code, message = HTTP_MESSAGES.get(error.status_code, ("error", "{detail}"))
    if error.status_code == 403 and "CSRF" in (error.detail or ""):
        code, message = CSRF_FAILED
    headers = getattr(error, "headers", None)
    return respond(request, error.status_code, code, message, {"detail": error.detail}, headers)


def server_error(request: Request, error: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return respond(
        request,
        HTTP_500_INTERNAL_SERVER_ERROR,
        "server_error",
        "Something went wrong on the server; nothing was saved.",
    )


HANDLERS = {
    DomainError: domain_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    Exception: server_error,
}
