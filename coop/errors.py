"""The one place where errors become responses: a stable code and a message a person can act on.

Bad input is a 4xx and changes nothing; anything unexpected is logged and answered with a plain
500 that reveals nothing of the server. The API (/api/, /schema, /healthz) answers JSON; pages
are answered by the page answer create_app passes in (coop.web.error_pages), so that this module
depends on neither the pages nor the API. DocumentedErrors writes the same answers into the
OpenAPI document, once for every operation.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any

import msgspec
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example
from litestar.plugins import ReceiveRoutePlugin
from litestar.routes import BaseRoute, HTTPRoute
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from coop.domain.errors import DomainError
from coop.i18n import translate
from coop.i18n.negotiation import locale_for

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

PageAnswer = Callable[[Request, int, str, str], Response]
"""How pages answer an error: (request, status, code, the message in the visitor's language)."""


def wants_json(request: Request) -> bool:
    return request.url.path.startswith(JSON_PATHS)


# What msgspec says about a body it refuses, as sentences a person can read in their language.
VALIDATION_MESSAGES = (
    (r"Input data was truncated", "The JSON ends too early; check that it is complete."),
    (r"maximum recursion depth exceeded while deserializing", "The JSON is nested too deeply."),
    (r"^'data'$", "The request has no body; send one JSON object."),
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
    (
        r"Expected `str` matching regex '\^\[\^\\+x00",
        "{field} holds control characters; send plain text.",
    ),
    (r"Expected `str` matching regex", "{field} is not in the expected form."),
    (r"Expected `[^`]+` >= (?P<limit>\S+)", "{field} must be at least {limit}."),
    (r"Expected `[^`]+` > (?P<limit>\S+)", "{field} must be more than {limit}."),
    (r"Expected `[^`]+` <= (?P<limit>\S+)", "{field} must be at most {limit}."),
    (r"Expected `[^`]+` < (?P<limit>\S+)", "{field} must be less than {limit}."),
)
_VALIDATION = [(re.compile(pattern), message) for pattern, message in VALIDATION_MESSAGES]


def error_body(code: str, message: str, locale: str, **params: object) -> dict:
    return {"error": {"code": code, "message": translate(message, locale, **params)}}


def respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    params: dict[str, object] | None = None,
    headers: dict[str, str] | None = None,
    *,
    pages: PageAnswer,
) -> Response:
    """JSON for the API; for pages, whatever the page answer makes of it."""
    params = params or {}
    if wants_json(request):
        body = error_body(code, message, locale_for(request), **params)
        return Response(body, status_code=status, media_type=MediaType.JSON, headers=headers)
    return pages(request, status, code, translate(message, locale_for(request), **params))


def domain_error(request: Request, error: DomainError, pages: PageAnswer) -> Response:
    return respond(request, error.status, error.code, error.message, error.params, pages=pages)


def explain(item: dict, locale: str) -> str:
    """One of msgspec's complaints in the asker's language; as msgspec put it when unforeseen."""
    field, said = str(item.get("key") or ""), str(item.get("message", ""))
    for pattern, message in _VALIDATION:
        if found := pattern.match(said):
            return translate(message, locale, field=field, **found.groupdict())
    return f"{field} {said}".strip()


def validation_error(request: Request, error: ValidationException, pages: PageAnswer) -> Response:
    locale = locale_for(request)
    items = error.extra if isinstance(error.extra, list) else []
    details = "; ".join(explain(item, locale) for item in items if isinstance(item, dict))
    return respond(
        request,
        422 if error.extra else 400,
        "invalid_request",
        "Some of the data sent is not valid: {detail}",
        {"detail": details or error.detail or ""},
        pages=pages,
    )


def http_error(request: Request, error: HTTPException, pages: PageAnswer) -> Response:
    code, message = HTTP_MESSAGES.get(error.status_code, ("error", "{detail}"))
    if error.status_code == 403 and "CSRF" in (error.detail or ""):
        code, message = CSRF_FAILED
    detail = explain({"message": error.detail}, locale_for(request))
    headers = getattr(error, "headers", None)
    return respond(
        request, error.status_code, code, message, {"detail": detail}, headers, pages=pages
    )


def too_deep(request: Request, error: RecursionError, pages: PageAnswer) -> Response:
    """A body nested deeper than the JSON reader goes is bad input; any other recursion a bug."""
    if "deserializing" not in str(error):
        return server_error(request, error, pages)
    detail = explain({"message": str(error)}, locale_for(request))
    return respond(request, 400, *HTTP_MESSAGES[400], {"detail": detail}, pages=pages)


def server_error(request: Request, error: Exception, pages: PageAnswer) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    return respond(
        request,
        HTTP_500_INTERNAL_SERVER_ERROR,
        "server_error",
        "Something went wrong on the server; nothing was saved.",
        pages=pages,
    )


def handlers(pages: PageAnswer) -> dict[type[Exception], Callable[[Request, Any], Response]]:
    """Litestar's exception handlers: each kind of error to its answer, pages answering as given."""
    return {
        DomainError: partial(domain_error, pages=pages),
        ValidationException: partial(validation_error, pages=pages),
        HTTPException: partial(http_error, pages=pages),
        RecursionError: partial(too_deep, pages=pages),
        Exception: partial(server_error, pages=pages),
    }


class ErrorDetail(msgspec.Struct):
    code: Annotated[str, msgspec.Meta(description="stable, for programs: not_found, conflict…")]
    message: Annotated[str, msgspec.Meta(description="for people, in the asker's language")]


class ErrorBody(msgspec.Struct):
    """Every error the API answers, whatever its status."""

    error: ErrorDetail


# Each status the API answers with an ErrorBody: what it means, and an example (code, message).
ERROR_STATUSES: dict[int, tuple[str, str, str]] = {
    400: (
        "The request could not be read (not JSON, cut short).",
        "bad_request",
        "This is not valid JSON.",
    ),
    401: ("Not signed in, or the token is unknown.", "unauthorized", "Please sign in first."),
    403: (
        "Signed in, but this role may not do this.",
        "forbidden",
        "You are not allowed to do this.",
    ),
    404: (
        "An id or code in the address, the query or the body names nothing in this cooperative.",
        "not_found",
        "Not found.",
    ),
    409: (
        "Clashes with what is recorded: stock, a status, a duplicate; nothing was written.",
        "conflict",
        "This clashes with what is already recorded; reload and try again.",
    ),
    413: ("The request body is too large.", "too_large", "The request is too large."),
    422: (
        "A field is missing, of a wrong type, out of range or breaks a rule; nothing was written.",
        "invalid_request",
        "Some of the data sent is not valid: weight_g must be at least 1.",
    ),
    429: (
        "Too many failed sign-ins; wait and try again.",
        "too_many_attempts",
        "Too many attempts.",
    ),
    500: (
        "Unexpected; logged on the server, nothing was saved.",
        "server_error",
        "Something went wrong on the server; nothing was saved.",
    ),
}


def error_response(status: int) -> ResponseSpec:
    """The OpenAPI response for one error status: the ErrorBody with an example."""
    description, code, message = ERROR_STATUSES[status]
    example = Example(summary=code, value={"error": {"code": code, "message": message}})
    return ResponseSpec(
        data_container=ErrorBody,
        generate_examples=False,
        description=description,
        examples=[example],
    )


def error_statuses(handler: HTTPRouteHandler, route: HTTPRoute) -> list[int]:
    """The error statuses an API operation can answer, from what it reads and whether it writes."""
    reads = bool(route.path_parameters) or any(
        name not in {"actor", "request", "self"} for name in handler.parsed_fn_signature.parameters
    )
    writes = bool(handler.http_methods - {"GET", "HEAD"})
    statuses = [401, 403, 500]
    statuses += [400, 404, 422] if reads else []
    statuses += [409] if writes else []
    statuses += [413] if "data" in handler.parsed_fn_signature.parameters else []
    statuses += [429] if handler.opt.get("public") else []
    return sorted(statuses)


class DocumentedErrors(ReceiveRoutePlugin):
    """Writes the real error answers into the OpenAPI document of every operation under a prefix,
    in place of the framework's own error body (which this API never sends)."""

    def __init__(self, prefix: str = "/api/") -> None:
        self.prefix = prefix

    def receive_route(self, route: BaseRoute) -> None:
        if not isinstance(route, HTTPRoute) or not route.path.startswith(self.prefix):
            return
        for handler in route.route_handlers:
            own = dict(handler.responses or {})
            documented = {
                status: error_response(status) for status in error_statuses(handler, route)
            }
            handler.responses = {**documented, **own}
