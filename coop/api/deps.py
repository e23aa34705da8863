"""Who is asking, for the JSON API: a Bearer token (a session's or a script's API token)."""

from __future__ import annotations

from typing import Annotated

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.spec import Example
from litestar.params import Body, BodyKwarg, HeaderParameter, Parameter

from coop.domain.actors import Actor
from coop.domain.errors import Unauthorized
from coop.domain.weight import MAX_WEIGHT_G
from coop.services.auth import actor_for_api_token, actor_for_session
from coop.services.fields import MAX_ID, MAX_SEASON, PLAIN


def bearer_token(connection: ASGIConnection) -> str | None:
    scheme, _, token = connection.headers.get("authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


async def signed_in(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The guard on every API route but sign-in: who asks is known before anything is parsed."""
    if handler.opt.get("public"):
        return
    token = bearer_token(connection)
    actor = token and (await actor_for_api_token(token) or await actor_for_session(token))
    if not actor:
        raise Unauthorized(
            "Sign in first: send 'Authorization: Bearer <token>'.", code="unauthorized"
        )
    connection.state.actor = actor


async def current_actor(request: Request) -> Actor:
    """The actor the `signed_in` guard found."""
    return request.state.actor


def example(summary: str, value: dict) -> BodyKwarg:
    """A request body's example in the OpenAPI document."""
    return Body(examples=[Example(summary=summary, value=value)])


IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        required=False,
        description="1 to 100 characters; retrying with the same key returns the first result.",
    ),
]

PathId = Annotated[int, Parameter(ge=1, le=MAX_ID, description="a record's id")]
OptionalId = Annotated[int | None, Parameter(ge=1, le=MAX_ID, required=False)]
OptionalSeason = Annotated[int | None, Parameter(ge=1, le=MAX_SEASON, required=False)]
Season = Annotated[int, Parameter(ge=1, le=MAX_SEASON, description="a season: its year")]
# Text from the address: bounded, and without the control characters PostgreSQL refuses (NUL).
QueryText = Annotated[str, Parameter(max_length=200, pattern=PLAIN)]
OptionalText = Annotated[str | None, Parameter(max_length=200, pattern=PLAIN, required=False)]
QueryGrams = Annotated[int, Parameter(ge=1, le=MAX_WEIGHT_G, description="integer grams")]
