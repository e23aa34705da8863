"""Pages through httpx: a visitor is a client with its own cookies, signing in through the form."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from conftest import PASSWORD, World

from coop.domain.actors import Role

CSRF_FIELD = re.compile(r'name="_csrf_token" value="([^"]+)"')

Visitor = Callable[..., Awaitable[httpx.AsyncClient]]


def csrf_of(page: httpx.Response) -> str:
    match = CSRF_FIELD.search(page.text)
    assert match, "the page has no CSRF field"
    return match.group(1)


async def post_form(
    client: httpx.AsyncClient, form_page: str, action: str, data: dict[str, str]
) -> httpx.Response:
    """Open the page that holds the form, then post it with that page's CSRF token."""
    token = csrf_of(await client.get(form_page))
    return await client.post(action, data={**data, "_csrf_token": token})


async def sign_in(
    client: httpx.AsyncClient, phone: str, password: str = PASSWORD
) -> httpx.Response:
    return await post_form(client, "/sign-in", "/sign-in", {"phone": phone, "password": password})


@pytest.fixture
async def visitor(app, database, world: World) -> AsyncIterator[Visitor]:
    """visitor(role) is a new browser-like client signed in as that role; visitor() signed out."""
    clients: list[httpx.AsyncClient] = []

    async def new(role: Role | None = None) -> httpx.AsyncClient:
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver"
        )
        clients.append(client)
        if role is not None:
            signed = await sign_in(client, world.phones[role])
            assert signed.status_code == 303, signed.text
        return client

    yield new
    for client in clients:
        await client.aclose()
