"""The offline queue's door: each entry's id is its Idempotency-Key, so resends make one lot."""

from __future__ import annotations

import asyncio

import httpx

from coop.domain.actors import Role
from coop.tables import HarvestLot, LedgerEntry


async def queue_client(visitor) -> httpx.AsyncClient:
    client = await visitor(Role.CLERK)
    await client.get("/weigh")  # sets the CSRF cookie the page's script sends back
    return client


def send(client: httpx.AsyncClient, key: str, body: dict, csrf: bool = True):
    headers = {"idempotency-key": key, "accept": "application/json"}
    if csrf:
        headers["x-coop-csrf"] = client.cookies["coop_csrf"]
    return client.post("/weigh/queue", json=body, headers=headers)


def entry(world, weight_g: int = 12500) -> dict:
    return {
        "household_id": world.households["H1"],
        "product_id": world.fruit_id,
        "weight_g": weight_g,
        "price_fen_per_kg": 1000,
    }


async def lot_count(world) -> int:
    return await HarvestLot.count().where(HarvestLot.cooperative == world.cooperative_id)


async def test_the_same_entry_sent_five_times_makes_one_lot_and_one_credit(visitor, world):
    client = await queue_client(visitor)
    answers = [await send(client, "entry-0001", entry(world)) for _ in range(5)]
    assert [answer.status_code for answer in answers] == [201] * 5
    first = answers[0].json()
    assert first["weight_g"] == 12500 and first["amount_fen"] == 12500
    assert all(answer.json() == first for answer in answers)
    assert await lot_count(world) == 1
    credits = await LedgerEntry.count().where(
        (LedgerEntry.source_type == "harvest_lot") & (LedgerEntry.source_id == first["lot_id"])
    )
    assert credits == 1


async def test_the_same_entry_sent_twice_at_once_makes_one_lot(visitor, world):
    client = await queue_client(visitor)
    other = await queue_client(visitor)  # a second tab of the same clerk, its own cookies
    answers = await asyncio.gather(
        send(client, "entry-0002", entry(world, 8000)),
        send(other, "entry-0002", entry(world, 8000)),
    )
    assert [answer.status_code for answer in answers] == [201, 201]
    assert answers[0].json()["lot_id"] == answers[1].json()["lot_id"]
    assert await lot_count(world) == 1


async def test_a_key_reused_for_another_weight_is_refused_with_a_reason(visitor, world):
    client = await queue_client(visitor)
    assert (await send(client, "entry-0003", entry(world, 5000))).status_code == 201
    clash = await send(client, "entry-0003", entry(world, 6000))
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "idempotency_key_reused"
    assert clash.json()["error"]["message"]  # in the clerk's language, shown beside the entry
    assert await lot_count(world) == 1


async def test_refusals_are_json_with_a_reason_and_change_nothing(visitor, world):
    client = await queue_client(visitor)
    unknown = await send(client, "entry-0004", {**entry(world), "weight_kg": 12.5})
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "invalid_entry"
    zero = await send(client, "entry-0005", entry(world, 0))
    assert zero.status_code == 400 and "weight_g" in zero.json()["error"]["message"]
    jar = await send(client, "entry-0006", {**entry(world), "product_id": world.jam_id})
    assert jar.status_code == 422 and jar.json()["error"]["code"] == "not_weighable"
    no_token = await send(client, "entry-0007", entry(world), csrf=False)
    assert no_token.status_code == 403
    assert await lot_count(world) == 0


async def test_only_weighers_may_send_weigh_ins(visitor, world):
    grower = await visitor(Role.MEMBER)
    await grower.get("/me")
    answer = await send(grower, "entry-0008", entry(world))
    assert answer.status_code == 403
    assert await lot_count(world) == 0
