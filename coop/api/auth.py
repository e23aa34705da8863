"""Sign-in, sign-out and API tokens."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar import Controller, Request, get, post

from coop.api.deps import bearer_token
from coop.domain.actors import Actor
from coop.services import auth
from coop.services.fields import Text20


class SignIn(msgspec.Struct, forbid_unknown_fields=True):
    phone: Text20
    password: Annotated[str, msgspec.Meta(max_length=200)]


class TokenRequest(msgspec.Struct, forbid_unknown_fields=True):
    name: str = ""


class Token(msgspec.Struct):
    token: str


class Me(msgspec.Struct):
    user_id: int
    cooperative_id: int
    role: str
    name: str
    household_id: int | None
    locale: str


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post("/sign-in", status_code=200, opt={"public": True})
    async def sign_in(self, data: SignIn) -> auth.SignedIn:
        """Signs in with phone and password; answers a session token (failures are rate-limited)."""
        return await auth.sign_in(data.phone, data.password)

    @post("/sign-out", status_code=204)
    async def sign_out(self, request: Request, actor: Actor) -> None:
        """Ends the session whose token is sent; API tokens stay valid."""
        token = bearer_token(request)
        if token:
            await auth.sign_out(token)

    @post("/tokens", status_code=201)
    async def create_token(self, actor: Actor, data: TokenRequest) -> Token:
        """Creates a named API token for scripts and the weigh station, shown once."""
        return Token(await auth.create_api_token(actor, data.name))

    @get("/me")
    async def me(self, actor: Actor) -> Me:
        """Who the token belongs to: user, cooperative, role, household and language."""
        return Me(
            actor.user_id,
            actor.cooperative_id,
            actor.role.value,
            actor.name,
            actor.household_id,
            actor.locale,
        )
