"""Bad input gets a 4xx with a clear message (Chinese by default) and writes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from conftest import World, make_world
from litestar.routes import HTTPRoute

from coop.domain.actors import Role
from coop.tables import AuditEvent, GrowerRecord, HarvestLot, LedgerEntry

CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH = re.compile(r"\b[A-Za-z]{2,} [a-z]{2,} ")
WRITTEN = (HarvestLot, LedgerEntry, GrowerRecord, AuditEvent)


async def rows_written() -> tuple[int, ...]:
    return tuple([await table.count() for table in WRITTEN])


@dataclass(frozen=True)
class Bad:
    """One bad request: who sends it, where, and what; `status` is the 4xx a person should get."""

    role: Role
    method: str
    path: Callable[[World, World], str]
    body: Callable[[World, World], object] | bytes
    status: int
    content_type: str = "application/json"


def weighin(**fields: object) -> Callable[[World, World], object]:
    def body(world: World, other: World) -> object:
        return {
            "household_id": world.households["H1"],
            "product_id": world.fruit_id,
            "weight_g": 12500,
            **fields,
        }

    return body


WEIGHINS = lambda w, o: "/api/v1/weighins"  # noqa: E731
BAD = {
    "malformed JSON": Bad(Role.CLERK, "POST", WEIGHINS, b'{"household_id": 1,', 400),
    "a body that is not JSON": Bad(
        Role.CLERK, "POST", WEIGHINS, b"household=1&weight=12.5", 400, "text/plain"
    ),
    "a zero weight": Bad(Role.CLERK, "POST", WEIGHINS, weighin(weight_g=0), 422),
    "a negative weight": Bad(Role.CLERK, "POST", WEIGHINS, weighin(weight_g=-12500), 422),
    "a weight finer than a gram": Bad(Role.CLERK, "POST", WEIGHINS, weighin(weight_g=12500.5), 422),
    "a weight in the wrong units": Bad(
        Role.CLERK,
        "POST",
        WEIGHINS,
        lambda w, o: {
            "household_id": w.households["H1"],
            "product_id": w.fruit_id,
            "weight_kg": 12.5,
        },
        422,
    ),
    "an unknown household": Bad(Role.CLERK, "POST", WEIGHINS, weighin(household_id=2**31 - 1), 404),
    "an unknown product": Bad(Role.CLERK, "POST", WEIGHINS, weighin(product_id=2**31 - 1), 404),
    "a household of another cooperative": Bad(
        Role.CLERK,
        "POST",
        WEIGHINS,
        lambda w, o: weighin(household_id=o.households["H1"])(w, o),
        404,
    ),
    "a product of another cooperative": Bad(
        Role.CLERK, "POST", WEIGHINS, lambda w, o: weighin(product_id=o.fruit_id)(w, o), 404
    ),
    "a jar product weighed in": Bad(
        Role.CLERK, "POST", WEIGHINS, lambda w, o: weighin(product_id=w.jam_id)(w, o), 422
    ),
    "a member reading another household's statement": Bad(
        Role.MEMBER,
        "GET",
        lambda w, o: f"/api/v1/households/{w.households['H2']}/statement",
        b"",
        403,
    ),
    "a processor reading another household's statement": Bad(
        Role.PROCESSOR,
        "GET",
        lambda w, o: f"/api/v1/households/{w.households['H1']}/statement",
        b"",
        403,
    ),
    "a clerk reading a statement of another cooperative": Bad(
        Role.CLERK,
        "GET",
        lambda w, o: f"/api/v1/households/{o.households['H1']}/statement",
        b"",
        404,
    ),
    "a clerk creating a household": Bad(
        Role.CLERK,
        "POST",
        lambda w, o: "/api/v1/households",
        lambda w, o: {"code": "H9", "display_name": "新农户"},
        403,
    ),
    "a clerk creating a product": Bad(
        Role.CLERK,
        "POST",
        lambda w, o: "/api/v1/products",
        lambda w, o: {"code": "wine", "name_zh": "树莓酒"},
        403,
    ),
    "a member weighing in": Bad(Role.MEMBER, "POST", WEIGHINS, weighin(), 403),
    "a correction of another cooperative's lot": Bad(
        Role.CLERK,
        "POST",
        lambda w, o: f"/api/v1/weighins/{o.lot_id}/corrections",
        lambda w, o: {"reason": "错了", "void": True},
        404,
    ),
    "a correction with neither a new weight nor the void choice": Bad(
        Role.CLERK,
        "POST",
        lambda w, o: f"/api/v1/weighins/{w.lot_id}/corrections",
        lambda w, o: {"reason": "错了"},
        422,
    ),
    "a correction without a reason": Bad(
        Role.CLERK,
        "POST",
        lambda w, o: f"/api/v1/weighins/{w.lot_id}/corrections",
        lambda w, o: {"reason": "  ", "weight_g": 12000},
        422,
    ),
    "a grower confirming its own record": Bad(
        Role.MEMBER,
        "POST",
        lambda w, o: f"/api/v1/grower-records/{w.record_id}/confirm",
        lambda w, o: {"weight_g": 8400},
        403,
    ),
    "an id beyond any column": Bad(
        Role.CLERK, "POST", WEIGHINS, weighin(household_id=2**40, product_id=2**40), 422
    ),
}


async def with_a_lot_and_a_pending_record(client, world: World) -> World:
    """A lot to correct and a grower's pending record, made before counting."""
    lot = await client.post(
        "/api/v1/weighins", json=weighin()(world, world), headers=world.headers(Role.CLERK)
    )
    record = await client.post(
        "/api/v1/grower-records",
        json={"product_id": world.fruit_id, "weight_g": 8400},
        headers=world.headers(Role.MEMBER),
    )
    assert lot.status_code == 201 and record.status_code == 201, (lot.text, record.text)
    world.lot_id = lot.json()["id"]
    world.record_id = record.json()["id"]
    return world


async def send(client, world: World, other: World, bad: Bad, **headers: str):
    body = bad.body if isinstance(bad.body, bytes) else None
    json = None if isinstance(bad.body, bytes) else bad.body(world, other)
    extra = {"Content-Type": bad.content_type} if body else {}
    return await client.request(
        bad.method,
        bad.path(world, other),
        content=body,
        json=json,
        headers=world.headers(bad.role, **extra, **headers),
    )


@pytest.mark.parametrize("case", BAD, ids=str)
async def test_bad_input_gets_a_4xx_with_a_chinese_then_english_message_and_writes_nothing(
    client, world, case
):
    bad = BAD[case]
    other = await with_a_lot_and_a_pending_record(client, await make_world())
    await with_a_lot_and_a_pending_record(client, world)
    before = await rows_written()

    chinese = await send(client, world, other, bad)
    english = await send(client, world, other, bad, **{"Accept-Language": "en"})

    assert chinese.status_code == english.status_code == bad.status, chinese.text
    error, error_en = chinese.json()["error"], english.json()["error"]
    assert error["code"] == error_en["code"] and error["code"]
    assert CJK.search(error["message"]), error
    assert ENGLISH.search(error_en["message"]) and error_en["message"] != error["message"], error_en
    assert await rows_written() == before


def routes_with_a_body(app) -> list[tuple[str, str]]:
    """Every POST and PUT under /api/v1 that reads a body, as the app itself lists them."""
    return sorted(
        (method, route.path)
        for route in app.routes
        if isinstance(route, HTTPRoute) and route.path.startswith("/api/v1")
        for handler in route.route_handlers
        if "data" in handler.parsed_fn_signature.parameters
        for method in handler.http_methods & {"POST", "PUT"}
    )


SWEEP_BODIES = [b"{", b"[]", b'{"x":1}', b"1" + b"0" * 40, b'{"weight_g": 1e400}']


async def test_no_post_or_put_route_answers_500_to_bad_bodies(client, world):
    """Every route's body parser and every path parameter refuse junk with a 4xx."""
    routes = routes_with_a_body(client._transport.app)
    assert ("POST", "/api/v1/weighins") in routes
    ids = {str(world.households["H1"]), "0", "-1", str(2**40)}
    before = await rows_written()
    failures = []
    for method, template in routes:
        for path_id in ids:
            path = re.sub(r"\{[^}]+\}", path_id, template)
            for body in SWEEP_BODIES:
                for role in (Role.ADMIN, Role.MEMBER):
                    answer = await client.request(
                        method,
                        path,
                        content=body,
                        headers=world.headers(role, **{"Content-Type": "application/json"}),
                    )
                    if not 400 <= answer.status_code < 500 or "error" not in answer.json():
                        failures.append((method, path, body[:20], role, answer.status_code))
    assert failures == [], "\n".join(map(str, failures))
    assert await rows_written() == before


async def test_huge_numbers_in_well_formed_bodies_and_queries_are_refused_not_crashed(
    client, world
):
    clerk = world.headers(Role.CLERK)
    before = await rows_written()
    for answer in [
        await client.post(
            "/api/v1/weighins", json=weighin(weight_g=10**30)(world, world), headers=clerk
        ),
        await client.post(
            "/api/v1/weighins", json=weighin(price_fen_per_kg=10**18)(world, world), headers=clerk
        ),
        await client.get(f"/api/v1/weighins?household_id={2**40}", headers=clerk),
        await client.get(f"/api/v1/weighins/{2**40}", headers=clerk),
        await client.get(
            f"/api/v1/households/{world.households['H1']}/statement?season={2**40}", headers=clerk
        ),
        await client.post(
            "/api/v1/households",
            json={"code": "H9", "display_name": "新农户", "baseline_year": 2**40},
            headers=world.headers(Role.ADMIN),
        ),
        await client.post(
            "/api/v1/products",
            json={"code": "jam9", "name_zh": "酱", "unit": "jar", "net_weight_g": 2**40},
            headers=world.headers(Role.ADMIN),
        ),
    ]:
        assert 400 <= answer.status_code < 500, (answer.request.url, answer.text)
        assert CJK.search(answer.json()["error"]["message"])
    assert await rows_written() == before


async def test_odd_query_strings_are_answered_without_a_server_error(client, world):
    clerk = world.headers(Role.CLERK)
    for query in [
        "/api/v1/weighins?since=2026-06-01T08:00:00",
        "/api/v1/weighins?since=2026-06-01T08:00:00%2B08:00",
        "/api/v1/weighins?since=yesterday",
        "/api/v1/weighins?household_id=abc",
        "/api/v1/grower-records?status=%27%3B--",
        "/api/v1/households?search=%25_%5C",
        "/api/v1/households?include_inactive=maybe",
        f"/api/v1/households/{world.households['H1']}/statement?season=0",
    ]:
        answer = await client.get(query, headers=clerk)
        assert answer.status_code < 500, (query, answer.text)


async def test_validation_messages_name_the_field_and_the_fix_in_the_asker_s_language(
    client, world
):
    clerk = world.headers(Role.CLERK)
    zero = await client.post(
        "/api/v1/weighins", json=weighin(weight_g=0)(world, world), headers=clerk
    )
    assert zero.json()["error"]["message"] == "提交的数据有误：weight_g 不能小于 1。"
    wrong_unit = await client.post(
        "/api/v1/weighins",
        json={
            "household_id": world.households["H1"],
            "product_id": world.fruit_id,
            "weight_kg": 12.5,
        },
        headers=world.headers(Role.CLERK, **{"Accept-Language": "en"}),
    )
    assert wrong_unit.json()["error"]["message"] == (
        "Some of the data sent is not valid: "
        "The field weight_kg is unknown; check its name and its unit."
    )
    fraction = await client.post(
        "/api/v1/weighins",
        json=weighin(weight_g=12500.5)(world, world),
        headers=world.headers(Role.CLERK, **{"Accept-Language": "ug"}),
    )
    assert fraction.json()["error"]["message"].endswith("weight_g int بولۇشى كېرەك، float ئەمەس.")
    cut_short = await client.post(
        "/api/v1/weighins",
        content=b'{"household_id": 1, "weight_g": 12',
        headers=world.headers(Role.CLERK, **{"Content-Type": "application/json"}),
    )
    assert cut_short.status_code == 400
    assert (
        cut_short.json()["error"]["message"]
        == "无法读取请求：JSON 提前结束了，请检查内容是否完整。"
    )
