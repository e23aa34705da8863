"""The one place where errors become responses: a stable code and a message a person can act on.

Bad input is a 4xx and changes nothing; anything unexpected is logged and answered with a plain
500 that reveals nothing of the server.
"""

from __future__ import annotations

import logging
import re

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from coop.domain.errors import DomainError
from coop.i18n import negotiate, translate

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


# What msgspec says about a body it refuses, as sentences a person can read in their language.
VALIDATION_MESSAGES = (
    (r"Input data was truncated", "The JSON ends too early; check that it is complete."),
    (r"JSON is malformed", "This is not valid JSON."),
    (r"Number out of range", "A number is too large."),
    (r"Object missing required field `(?P<name>[^`]+)`", "The field {name} is missing."),
    (
        r"Object contains unknown field `(?P<name>[^`]+)`",
        "The field {name} is unknown; check its name and its unit.",
    ),
    (r"Expected `object`, got `(?P<got>[^`]+)`", "Send one JSON object, not {got}."),
    (
        r"Expected `(?P<expected>[^`]+)`, got `(?P<got>[^`]+)`",
        "{field} should be {expected}, not {got}.",
    ),
    (r"Expected `str` of length <= (?P<limit>\d+)", "{field} is at most {limit} characters."),
    (r"Expected `str` of length >= (?P<limit>\d+)", "{field} is at least {limit} characters."),
    (r"Expected `str` matching regex", "{field} is not in the expected form."),
    (r"Expected `[^`]+` >= (?P<limit>\S+)", "{field} must be at least {limit}."),
    (r"Expected `[^`]+` > (?P<limit>\S+)", "{field} must be more than {limit}."),
    (r"Expected `[^`]+` <= (?P<limit>\S+)", "{field} must be at most {limit}."),
    (r"Expected `[^`]+` < (?P<limit>\S+)", "{field} must be less than {limit}."),
)
_VALIDATION = [(re.compile(pattern), message) for pattern, message in VALIDATION_MESSAGES]


def locale_of(request: Request) -> str:
    return negotiate(request.headers.get("accept-language"), request.cookies.get("coop_locale"))


def error_body(code: str, message: str, locale: str, **params: object) -> dict:
    return {"error": {"code": code, "message": translate(message, locale, **params)}}


def domain_error(request: Request, error: DomainError) -> Response:
    body = error_body(error.code, error.message, locale_of(request), **error.params)
    return Response(body, status_code=error.status, media_type=MediaType.JSON)


def explain(item: dict, locale: str) -> str:
    """One of msgspec's complaints in the asker's language; as msgspec put it when unforeseen."""
    field, said = str(item.get("key") or ""), str(item.get("message", ""))
    for pattern, message in _VALIDATION:
        if found := pattern.match(said):
            return translate(message, locale, field=field, **found.groupdict())
    return f"{field} {said}".strip()


def validation_error(request: Request, error: ValidationException) -> Response:
    locale = locale_of(request)
    items = error.extra if isinstance(error.extra, list) else []
    details = "; ".join(explain(item, locale) for item in items if isinstance(item, dict))
    body = error_body(
        "invalid_request",
        "Some of the data sent is not valid: {detail}",
        locale,
        detail=details or error.detail or "",
    )
    return Response(body, status_code=422 if error.extra else 400, media_type=MediaType.JSON)


def http_error(request: Request, error: HTTPException) -> Response:
    code, message = HTTP_MESSAGES.get(error.status_code, ("error", "{detail}"))
    locale = locale_of(request)
    detail = explain({"message": error.detail}, locale)
    body = error_body(code, message, locale, detail=detail)
    return Response(
        body,
        status_code=error.status_code,
        media_type=MediaType.JSON,
        headers=getattr(error, "headers", None),
    )


def server_error(request: Request, error: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    body = error_body(
        "server_error", "Something went wrong on the server; nothing was saved.", locale_of(request)
    )
    return Response(body, status_code=HTTP_500_INTERNAL_SERVER_ERROR, media_type=MediaType.JSON)


HANDLERS = {
    DomainError: domain_error,
    ValidationException: validation_error,
    HTTPException: http_error,
    Exception: server_error,
}
