"""Jars sold never exceed jars in stock, under concurrent orders over real HTTP."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from support_jam_stock import jars_left, stock_jam

from coop.domain.actors import Role
from coop.tables import Order, OrderAllocation


@pytest.mark.slow
async def test_thirty_concurrent_one_jar_orders_against_twenty_jars_sell_exactly_twenty(
    live_server, world
):
    batch = await stock_jam(world, jars=20)
    clerk = world.headers(Role.CLERK)

    def one_jar(n: int) -> dict:
        return {
            "channel": "shop",
            "channel_order_no": f"RUSH-{n}",
            "lines": [{"product_id": world.jam_id, "jars": 1, "unit_price_fen": 3500}],
            "total_fen": 3500,
        }

    limits = httpx.Limits(max_connections=30)
    async with httpx.AsyncClient(base_url=live_server, limits=limits, timeout=60) as http:
        responses = await asyncio.gather(
            *(http.post("/api/v1/orders", json=one_jar(n), headers=clerk) for n in range(30))
        )

    assert sorted(r.status_code for r in responses) == [201] * 20 + [409] * 10
    for refused in (r for r in responses if r.status_code == 409):
        error = refused.json()["error"]
        assert error["code"] == "out_of_stock"
        assert "缺货" in error["message"]  # Chinese by default: out of stock
    assert await jars_left(batch.id) == 0
    orders = await Order.count().where(Order.cooperative == world.cooperative_id)
    assert orders == 20
    allocated = await OrderAllocation.select(OrderAllocation.jars).where(
        OrderAllocation.batch == batch.id
    )
    assert [row["jars"] for row in allocated] == [1] * 20


@pytest.mark.slow
async def test_ten_concurrent_refunds_of_one_order_return_its_jars_once(live_server, client, world):
    batch = await stock_jam(world, jars=10)
    clerk = world.headers(Role.CLERK)
    body = {
        "channel": "phone",
        "lines": [{"product_id": world.jam_id, "jars": 3, "unit_price_fen": 3500}],
        "total_fen": 10500,
    }
    order = (await client.post("/api/v1/orders", json=body, headers=clerk)).json()
    paid = await client.post(
        f"/api/v1/orders/{order['id']}/transitions", json={"to": "paid"}, headers=clerk
    )
    assert paid.status_code == 200
    assert await jars_left(batch.id) == 7

    refund = {"to": "refunded", "reason": "买家退货"}
    async with httpx.AsyncClient(base_url=live_server, timeout=60) as http:
        responses = await asyncio.gather(
            *(
                http.post(f"/api/v1/orders/{order['id']}/transitions", json=refund, headers=clerk)
                for _ in range(10)
            )
        )

    assert sorted(r.status_code for r in responses) == [200] + [409] * 9
    assert await jars_left(batch.id) == 10
