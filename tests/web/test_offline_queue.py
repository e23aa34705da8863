"""The offline queue's door: each entry's id is its Idempotency-Key, so resends make one lot."""

from __future__ import annotations

import asyncio

import httpx

from coop.domain.actors import Role
from coop.tables import Cooperative, GrowerRecord, HarvestLot, LedgerEntry, ReceivedCertificate


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


async def test_a_weight_from_the_scale_keeps_its_raw_frame_and_device_a_typed_one_is_marked(
    visitor, world
):
    client = await queue_client(visitor)
    scale = {"raw": "ST,+00012.50  kg", "device": "USB 067b:2303"}
    sent = await send(client, "entry-0101", {**entry(world), "scale": scale})
    assert sent.status_code == 201 and sent.json()["weight_source"] == "scale"
    typed = await send(client, "entry-0102", entry(world, 8000))
    assert typed.status_code == 201 and typed.json()["weight_source"] == "typed"
    rows = await (
        HarvestLot.select(
            HarvestLot.weight_g,
            HarvestLot.weight_source,
            HarvestLot.scale_reading,
            HarvestLot.scale_device,
        )
        .where(HarvestLot.cooperative == world.cooperative_id)
        .order_by(HarvestLot.id)
    )
    assert rows == [
        {
            "weight_g": 12500,
            "weight_source": "scale",
            "scale_reading": "ST,+00012.50  kg",
            "scale_device": "USB 067b:2303",
        },
        {"weight_g": 8000, "weight_source": "typed", "scale_reading": "", "scale_device": ""},
    ]
    receipt = await client.get(f"/receipts/{sent.json()['lot_id']}")
    assert "电子秤读数" in receipt.text and "ST,+00012.50  kg" in receipt.text


async def test_a_weight_the_scale_frame_does_not_show_is_refused(visitor, world):
    client = await queue_client(visitor)
    for key, frame, code in [
        ("entry-0201", "ST,+00012.00  kg", "scale_mismatch"),
        ("entry-0202", "US,+00012.50  kg", "scale_not_stable"),
        ("entry-0203", "OL,+9999999E kg", "scale_not_stable"),
        ("entry-0204", "garbage", "scale_frame_malformed"),
    ]:
        answer = await send(client, key, {**entry(world), "scale": {"raw": frame}})
        assert answer.status_code == 422, frame
        assert answer.json()["error"]["code"] == code
        assert frame in answer.json()["error"]["message"]  # the clerk sees what the scale sent
    assert await lot_count(world) == 0


async def test_a_growers_queued_record_sent_three_times_is_recorded_once(visitor, world):
    grower = await visitor(Role.MEMBER)
    await grower.get("/me")
    headers = {"idempotency-key": "record-0001", "x-coop-csrf": grower.cookies["coop_csrf"]}
    body = {"product_id": world.fruit_id, "weight_g": 8400, "note": "两筐"}
    answers = [await grower.post("/me/queue", json=body, headers=headers) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [201, 201, 201]
    assert len({answer.json()["record_id"] for answer in answers}) == 1
    count = await GrowerRecord.count().where(GrowerRecord.household == world.households["H1"])
    assert count == 1
    refused = await grower.post(
        "/me/queue", json={**body, "weight_g": 0}, headers={**headers, "idempotency-key": "r-2"}
    )
    assert refused.status_code == 400 and refused.json()["error"]["message"]


async def test_a_queued_weigh_in_keeps_the_sellers_certificate_noted_at_the_scale(visitor, world):
    client = await queue_client(visitor)
    body = {**entry(world), "certificate_no": "HZ-2026-0042"}
    answers = [await send(client, "entry-cert", body) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [201, 201]
    received = await ReceivedCertificate.select(ReceivedCertificate.number).where(
        ReceivedCertificate.harvest_lot == answers[0].json()["lot_id"]
    )
    assert received == [{"number": "HZ-2026-0042"}]


async def test_when_certificates_are_required_a_queued_weigh_in_without_one_is_refused(
    visitor, world
):
    await Cooperative.update({Cooperative.require_certificate: True}).where(
        Cooperative.id == world.cooperative_id
    )
    client = await queue_client(visitor)
    answer = await send(client, "entry-nocert", entry(world))
    assert answer.status_code == 422
    assert "合格证" in answer.json()["error"]["message"]
    assert await lot_count(world) == 0
