"""Sign-in by phone and password: sessions in the database, rate-limited, never logged."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import httpx
from conftest import PASSWORD
from litestar.routes import HTTPRoute

from coop.app import create_app
from coop.domain.actors import Role
from coop.settings import Settings

SIGN_IN = "/api/v1/auth/sign-in"
CJK = re.compile(r"[\u4e00-\u9fff]")


async def sign_in(client, phone: str, password: str, **headers: str) -> httpx.Response:
    return await client.post(SIGN_IN, json={"phone": phone, "password": password}, headers=headers)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_user_signs_in_with_phone_and_password_and_the_token_works_as_bearer(client, world):
    answer = await sign_in(client, world.phones[Role.CLERK], PASSWORD)
    assert answer.status_code == 200, answer.text
    signed_in = answer.json()
    assert signed_in["role"] == "clerk" and signed_in["user_id"] == world.actors[Role.CLERK].user_id

    me = await client.get("/api/v1/auth/me", headers=bearer(signed_in["token"]))
    assert me.status_code == 200 and me.json()["cooperative_id"] == world.cooperative_id
    households = await client.get("/api/v1/households", headers=bearer(signed_in["token"]))
    assert households.status_code == 200 and len(households.json()) == 3


async def test_a_wrong_password_gets_401_with_a_clear_message(client, world):
    answer = await sign_in(client, world.phones[Role.MEMBER], "not the password")
    english = await sign_in(
        client, world.phones[Role.MEMBER], "not the password", **{"Accept-Language": "en"}
    )
    assert answer.status_code == english.status_code == 401
    assert answer.json()["error"] == {"code": "wrong_password", "message": "手机号或密码错误。"}
    assert english.json()["error"]["message"] == "Wrong phone number or password."
    unknown = await sign_in(client, "13000000000", PASSWORD)
    assert unknown.status_code == 401 and unknown.json()["error"]["code"] == "wrong_password"


async def test_the_sixth_wrong_password_within_15_minutes_is_refused_even_with_the_right_one(
    client, world
):
    phone = world.phones[Role.WORK_TEAM]
    answers = [await sign_in(client, phone, f"guess {n}") for n in range(5)]
    assert [a.status_code for a in answers] == [401] * 5

    sixth = await sign_in(client, phone, "guess 6")
    assert sixth.status_code == 429
    assert sixth.json()["error"]["code"] == "too_many_attempts"
    assert "15" in sixth.json()["error"]["message"] and CJK.search(sixth.json()["error"]["message"])
    assert (await sign_in(client, phone, PASSWORD)).status_code == 429
    assert (await sign_in(client, world.phones[Role.CLERK], PASSWORD)).status_code == 200


async def test_guesses_sent_all_at_once_get_no_more_than_five_tries(client, world):
    phone = world.phones[Role.PROCESSOR]
    answers = await asyncio.gather(*(sign_in(client, phone, f"guess {n}") for n in range(20)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [401] * 5 + [429] * 15


async def test_the_limit_is_counted_in_the_database_so_another_worker_sees_it(
    client, engine, world
):
    phone = world.phones[Role.ADMIN]
    for n in range(5):
        await sign_in(client, phone, f"guess {n}")
    async with app_client(engine) as other_worker:
        assert (await sign_in(other_worker, phone, PASSWORD)).status_code == 429


async def test_a_session_survives_a_restart_of_the_app_and_sign_out_ends_it(client, engine, world):
    token = (await sign_in(client, world.phones[Role.MEMBER], PASSWORD)).json()["token"]

    async with app_client(engine) as restarted:
        me = await restarted.get("/api/v1/auth/me", headers=bearer(token))
        assert me.status_code == 200 and me.json()["household_id"] == world.households["H1"]

        out = await restarted.post("/api/v1/auth/sign-out", headers=bearer(token))
        assert out.status_code == 204
        after = await restarted.get("/api/v1/auth/me", headers=bearer(token))
        assert after.status_code == 401 and after.json()["error"]["code"] == "unauthorized"
    assert (await client.get("/api/v1/auth/me", headers=bearer(token))).status_code == 401
    api_token = await client.get("/api/v1/auth/me", headers=world.headers(Role.MEMBER))
    assert api_token.status_code == 200  # signing out ends that session only


async def test_passwords_never_reach_the_logs(client, world):
    secret = "Sesame-Open-9913"
    with every_log_record() as records:
        await sign_in(client, world.phones[Role.CLERK], secret)
        await sign_in(client, world.phones[Role.CLERK], PASSWORD)
        await client.post(SIGN_IN, content=b'{"phone": 1, "password": "' + secret.encode() + b'"')
        await client.post(SIGN_IN, json={"phone": "1", "password": secret, "extra": 1})
    logged = "\n".join(f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in records)
    assert records, "no log record was captured: the capture itself is broken"
    assert secret not in logged and PASSWORD not in logged


def api_routes(app) -> list[tuple[str, str]]:
    return sorted(
        (method, route.path)
        for route in app.routes
        if isinstance(route, HTTPRoute) and route.path.startswith("/api/v1")
        for method in route.methods - {"OPTIONS", "HEAD"}
    )


async def test_every_api_route_but_sign_in_answers_401_without_a_token(client, world):
    routes = api_routes(client._transport.app)
    assert len(routes) >= 15
    opened = []
    for method, template in routes:
        path = re.sub(r"\{[^}]+\}", str(world.households["H1"]), template)
        for headers in ({}, bearer("not-a-token"), {"Authorization": "Basic eDp5"}):
            answer = await client.request(method, path, json={}, headers=headers)
            if answer.status_code != 401 or "error" not in answer.json():
                opened.append((method, path, headers, answer.status_code))
    # sign-in alone is open: with an empty body it asks for the phone and password
    assert opened == [
        ("POST", SIGN_IN, h, 422)
        for h in ({}, bearer("not-a-token"), {"Authorization": "Basic eDp5"})
    ]


@contextmanager
def every_log_record() -> Iterator[list[logging.LogRecord]]:
    """Every record of every logger, at DEBUG, whatever handlers or propagation they have."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            self.format(record)
            records.append(record)

    handler = Keep(logging.DEBUG)
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        yield records
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


@asynccontextmanager
async def app_client(engine) -> AsyncIterator[httpx.AsyncClient]:
    """A second app on the same database: another worker, or the same one after a restart."""
    app = create_app(Settings(database_url="unused://", secret_key="test"), engine=engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
