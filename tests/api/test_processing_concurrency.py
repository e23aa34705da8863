"""Fruit taken from a lot never exceeds what was weighed in, under concurrent requests."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from coop.domain.actors import Role
from coop.tables import HarvestLot, LedgerEntry, Product


@pytest.mark.slow
async def test_forty_batches_each_taking_1_kg_from_a_10_kg_lot_leave_exactly_ten_finished(
    client, live_server, world
):
    await Product.update({Product.processing_fee_fen_per_kg: 500}).where(Product.id == world.jam_id)
    admin, processor = world.headers(Role.ADMIN), world.headers(Role.PROCESSOR)
    certified = await client.post(
        "/api/v1/processor-certifications",
        json={"household_id": world.households["P1"]},
        headers=admin,
    )
    assert certified.status_code == 201, certified.text
    lot = (
        await client.post(
            "/api/v1/weighins",
            json={
                "household_id": world.households["H1"],
                "product_id": world.fruit_id,
                "weight_g": 10_000,
            },
            headers=world.headers(Role.CLERK),
        )
    ).json()
    batch_ids = []
    for _ in range(40):
        batch = await client.post(
            "/api/v1/batches", json={"product_id": world.jam_id}, headers=processor
        )
        taken = await client.put(
            f"/api/v1/batches/{batch.json()['id']}/inputs",
            json={"lot_code": lot["lot_code"], "weight_g": 1000},
            headers=processor,
        )
        assert taken.status_code == 200, taken.text
        batch_ids.append(batch.json()["id"])

    limits = httpx.Limits(max_connections=40)
    async with httpx.AsyncClient(base_url=live_server, limits=limits, timeout=60) as http:
        responses = await asyncio.gather(
            *(
                http.post(
                    f"/api/v1/batches/{batch_id}/finish",
                    json={"jars_filled": 3},
                    headers=processor,
                )
                for batch_id in batch_ids
            )
        )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * 10 + [409] * 30
    for refused in (r for r in responses if r.status_code == 409):
        error = refused.json()["error"]
        assert error["code"] in {"lot_short", "lot_exhausted"}
        assert lot["lot_code"] in error["message"]
    row = await HarvestLot.select(HarvestLot.remaining_g).where(HarvestLot.id == lot["id"]).first()
    assert row == {"remaining_g": 0}
    fees = await LedgerEntry.select(LedgerEntry.amount_fen).where(
        (LedgerEntry.household == world.households["P1"]) & (LedgerEntry.source_type == "batch")
    )
    assert [fee["amount_fen"] for fee in fees] == [500] * 10
