"""Concurrent requests over real HTTP (uvicorn on 127.0.0.1), on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn
from piccolo.query.functions.aggregate import Sum

from coop.app import create_app
from coop.domain.actors import Role
from coop.domain.money import amount_fen
from coop.services import income_queries as q
from coop.services.income import fetch
from coop.settings import Settings
from coop.tables import HarvestLot, LedgerEntry

pytestmark = pytest.mark.slow


@pytest.fixture
async def server(engine, database) -> AsyncIterator[str]:
    """The app served by uvicorn in this event loop, sharing the test's database engine."""
    app = create_app(Settings(database_url="unused://", secret_key="test"), engine=engine)
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    host, port = listening.getsockname()
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    served = uvicorn.Server(config)
    task = asyncio.create_task(served.serve(sockets=[listening]))
    while not served.started:
        assert not task.done(), task.exception()
        await asyncio.sleep(0.01)
    try:
        yield f"http://{host}:{port}"
    finally:
        served.should_exit = True
        await task
        listening.close()


@pytest.fixture
async def http(server) -> AsyncIterator[httpx.AsyncClient]:
    limits = httpx.Limits(max_connections=50)
    async with httpx.AsyncClient(base_url=server, limits=limits, timeout=60) as client:
        yield client


async def lots_of(world) -> list[dict]:
    return await HarvestLot.select().where(HarvestLot.cooperative == world.cooperative_id)


async def ledger_sum(world) -> int:
    row = await (
        LedgerEntry.select(Sum(LedgerEntry.amount_fen).as_alias("total"))
        .where(LedgerEntry.cooperative == world.cooperative_id)
        .first()
    )
    return int(row["total"] or 0) if row else 0


async def test_50_concurrent_weigh_ins_make_50_lots_with_distinct_codes_and_exact_totals(
    http, world
):
    deliveries = [(1000 + 37 * n, 950 + n) for n in range(50)]  # grams, fen per kg: odd roundings
    answers = await asyncio.gather(
        *(
            http.post(
                "/api/v1/weighins",
                json={
                    "household_id": world.households["H1" if n % 2 else "H2"],
                    "product_id": world.fruit_id,
                    "weight_g": grams,
                    "price_fen_per_kg": price,
                },
                headers=world.headers(Role.CLERK),
            )
            for n, (grams, price) in enumerate(deliveries)
        )
    )
    assert [a.status_code for a in answers] == [201] * 50, [a.text for a in answers][:3]
    expected = sum(amount_fen(grams, price) for grams, price in deliveries)
    assert sum(a.json()["amount_fen"] for a in answers) == expected

    lots = await lots_of(world)
    assert len(lots) == 50
    assert len({lot["code"] for lot in lots}) == 50
    assert {a.json()["lot_code"] for a in answers} == {lot["code"] for lot in lots}
    assert await ledger_sum(world) == expected

    # the totals the income review reads, added up by the database as the 50 commit at once
    season = lots[0]["season"]
    kept = await fetch(q.village_totals(world.cooperative_id, (season,)))
    assert {(row["household"], int(row["fen"]), int(row["weight_g"])) for row in kept} == {
        (
            world.households[household],
            sum(amount_fen(g, p) for n, (g, p) in enumerate(deliveries) if n % 2 == odd),
            sum(g for n, (g, _) in enumerate(deliveries) if n % 2 == odd),
        )
        for household, odd in (("H1", 1), ("H2", 0))
    }
    days = await fetch(q.village_days(world.cooperative_id, season))
    assert sum(int(row["fen"]) for row in days) == expected


async def test_one_request_sent_5_times_at_once_with_one_idempotency_key_makes_one_lot(http, world):
    request = {
        "household_id": world.households["H1"],
        "product_id": world.fruit_id,
        "weight_g": 12500,
        "price_fen_per_kg": 1000,
    }
    headers = world.headers(Role.CLERK, **{"Idempotency-Key": "scale-3-0815-0001"})
    answers = await asyncio.gather(
        *(http.post("/api/v1/weighins", json=request, headers=headers) for _ in range(5))
    )
    assert [a.status_code for a in answers] == [201] * 5, [a.text for a in answers]
    assert len({a.text for a in answers}) == 1
    assert len(await lots_of(world)) == 1
    assert await ledger_sum(world) == 12500

    changed = await http.post(
        "/api/v1/weighins", json={**request, "weight_g": 12000}, headers=headers
    )
    assert changed.status_code == 409
    assert changed.json()["error"]["code"] == "idempotency_key_reused"
    assert len(await lots_of(world)) == 1


async def test_10_concurrent_corrections_of_one_lot_let_exactly_one_through(http, world):
    clerk = world.headers(Role.CLERK)
    lot = (
        await http.post(
            "/api/v1/weighins",
            json={
                "household_id": world.households["H2"],
                "product_id": world.fruit_id,
                "weight_g": 8000,
            },
            headers=clerk,
        )
    ).json()
    answers = await asyncio.gather(
        *(
            http.post(
                f"/api/v1/weighins/{lot['id']}/corrections",
                json={"weight_g": 7000 + n, "reason": f"复秤 {n}"},
                headers=clerk,
            )
            for n in range(10)
        )
    )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201] + [409] * 9, [a.text for a in answers]
    assert {a.json()["error"]["code"] for a in answers if a.status_code == 409} == {
        "already_corrected"
    }
    winner = next(a.json() for a in answers if a.status_code == 201)

    reversals = await LedgerEntry.select().where(
        (LedgerEntry.cooperative == world.cooperative_id) & (LedgerEntry.kind == "reversal")
    )
    assert len(reversals) == 1 and reversals[0]["amount_fen"] == -8000
    assert len(await lots_of(world)) == 2
    assert await ledger_sum(world) == winner["replacement"]["amount_fen"]
