"""The order desk's orders through the JSON API, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from support_jam_stock import jars_left, stock_jam, weigh

from coop.domain.actors import Role
from coop.services import clock
from coop.tables import Batch, HarvestLot, Order, OrderEvent

CLERK = Role.CLERK


def jam_order(world, jars: int = 2, **fields) -> dict:
    price = 3500
    shipping, discount = fields.pop("shipping_fen", 1200), fields.pop("discount_fen", 200)
    return {
        "channel": "shop",
        "buyer_name": "张三",
        "buyer_phone": "13900001234",
        "address": "乌鲁木齐市天山区",
        "lines": [{"product_id": world.jam_id, "jars": jars, "unit_price_fen": price}],
        "shipping_fen": shipping,
        "discount_fen": discount,
        "total_fen": jars * price + shipping - discount,
        **fields,
    }


async def place(client, world, body: dict, role: Role = CLERK) -> dict:
    response = await client.post("/api/v1/orders", json=body, headers=world.headers(role))
    assert response.status_code == 201, response.text
    return response.json()


async def move(client, world, order: dict, to: str, role: Role = CLERK, **fields):
    return await client.post(
        f"/api/v1/orders/{order['id']}/transitions",
        json={"to": to, **fields},
        headers=world.headers(role),
    )


async def orders_in(world) -> int:
    return await Order.count().where(Order.cooperative == world.cooperative_id)


async def test_an_order_goes_from_pending_to_delivered_and_every_step_names_who_and_when(
    client, world
):
    batch = await stock_jam(world, jars=10)
    order = await place(client, world, jam_order(world, jars=3))
    assert order["status"] == "pending"
    assert order["total_fen"] == 3 * 3500 + 1200 - 200
    assert await jars_left(batch.id) == 7

    for step in ("paid", "packed"):
        response = await move(client, world, order, step)
        assert response.status_code == 200, response.text
    no_tracking = await move(client, world, order, "shipped", carrier="顺丰")
    assert no_tracking.status_code == 422
    shipped = await move(client, world, order, "shipped", carrier="顺丰", tracking="SF1234567")
    assert shipped.json()["tracking"] == "SF1234567"
    delivered = await move(client, world, order, "delivered")
    assert delivered.status_code == 200

    events = delivered.json()["events"]
    assert [(e["from_status"], e["to_status"]) for e in events] == [
        ("", "pending"),
        ("pending", "paid"),
        ("paid", "packed"),
        ("packed", "shipped"),
        ("shipped", "delivered"),
    ]
    clerk = world.actors[CLERK]
    assert {(e["changed_by"], e["changed_by_name"]) for e in events} == {
        (clerk.user_id, clerk.name)
    }
    assert all(e["changed_at"] for e in events)
    assert events[3]["carrier"] == "顺丰"
    assert await jars_left(batch.id) == 7  # delivering changes no stock


async def test_a_shipped_order_cannot_be_cancelled_only_refunded_and_stock_comes_back_once(
    client, world
):
    batch = await stock_jam(world, jars=10)
    order = await place(client, world, jam_order(world, jars=4))
    for step, extra in (
        ("paid", {}),
        ("packed", {}),
        ("shipped", {"carrier": "EMS", "tracking": "E1"}),
    ):
        assert (await move(client, world, order, step, **extra)).status_code == 200

    cancelled = await move(client, world, order, "cancelled", reason="买家不要了")
    assert cancelled.status_code == 409
    assert cancelled.json()["error"]["code"] == "order_shipped"
    assert "退款" in cancelled.json()["error"]["message"]  # refund it instead
    no_reason = await move(client, world, order, "refunded")
    assert no_reason.status_code == 422

    refunded = await move(client, world, order, "refunded", reason="罐子碎了")
    assert refunded.status_code == 200
    assert refunded.json()["events"][-1]["reason"] == "罐子碎了"
    assert await jars_left(batch.id) == 10
    again = await move(client, world, order, "refunded", reason="again")
    assert again.status_code == 409
    assert await jars_left(batch.id) == 10  # a second refund returns nothing


async def test_a_refund_for_jars_that_do_not_come_back_leaves_the_stock(client, world):
    batch = await stock_jam(world, jars=10)
    order = await place(client, world, jam_order(world, jars=2))
    assert (await move(client, world, order, "paid")).status_code == 200
    refunded = await move(client, world, order, "refunded", reason="摔碎了", restock=False)
    assert refunded.status_code == 200
    assert await jars_left(batch.id) == 8


async def test_cancelling_before_shipping_returns_the_jars(client, world):
    batch = await stock_jam(world, jars=5)
    order = await place(client, world, jam_order(world, jars=5))
    assert await jars_left(batch.id) == 0
    response = await move(client, world, order, "cancelled", reason="电话取消")
    assert response.status_code == 200
    assert response.json()["lines"][0]["allocations"][0]["stock_taken"] is False
    assert await jars_left(batch.id) == 5


async def test_an_order_skipping_a_step_is_refused_with_the_reason(client, world):
    await stock_jam(world, jars=5)
    order = await place(client, world, jam_order(world, jars=1))
    response = await move(client, world, order, "shipped", carrier="EMS", tracking="E1")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"


async def test_a_total_that_is_not_lines_plus_shipping_minus_discount_is_refused(client, world):
    batch = await stock_jam(world, jars=5)
    body = jam_order(world, jars=2)
    body["total_fen"] += 1
    response = await client.post("/api/v1/orders", json=body, headers=world.headers(CLERK))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "total_mismatch"
    assert await orders_in(world) == 0
    assert await jars_left(batch.id) == 5  # nothing taken, nothing written


@pytest.mark.parametrize("field", ["total_fen", "shipping_fen", "unit_price_fen"])
async def test_fractional_money_is_refused(client, world, field):
    await stock_jam(world, jars=5)
    body = jam_order(world, jars=1)
    if field == "unit_price_fen":
        body["lines"][0]["unit_price_fen"] = 3500.5
    else:
        body[field] = body[field] + 0.5
    response = await client.post("/api/v1/orders", json=body, headers=world.headers(CLERK))
    assert response.status_code in (400, 422)
    assert response.json()["error"]["code"] == "invalid_request"
    assert await orders_in(world) == 0


async def test_jars_come_from_the_batch_with_the_earliest_best_before_and_can_be_repicked(
    client, world
):
    later = await stock_jam(world, jars=5, best_before=date(2027, 9, 1))
    sooner = await stock_jam(world, jars=2, best_before=date(2027, 7, 1))
    order = await place(client, world, jam_order(world, jars=3))
    picked = [(a["batch_code"], a["jars"]) for a in order["lines"][0]["allocations"]]
    assert picked == [(sooner.code, 2), (later.code, 1)]
    assert (await jars_left(sooner.id), await jars_left(later.id)) == (0, 4)

    line = order["lines"][0]["id"]
    repicked = await client.put(
        f"/api/v1/orders/{order['id']}/lines/{line}/picks",
        json={"batches": [{"batch_id": later.id, "jars": 3}]},
        headers=world.headers(CLERK),
    )
    assert repicked.status_code == 200, repicked.text
    allocations = repicked.json()["lines"][0]["allocations"]
    assert [(a["batch_code"], a["jars"]) for a in allocations] == [(later.code, 3)]
    assert (await jars_left(sooner.id), await jars_left(later.id)) == (2, 2)

    too_many = await client.put(
        f"/api/v1/orders/{order['id']}/lines/{line}/picks",
        json={"batches": [{"batch_id": sooner.id, "jars": 3}]},
        headers=world.headers(CLERK),
    )
    assert too_many.status_code == 409
    assert too_many.json()["error"]["code"] == "out_of_stock"
    assert (await jars_left(sooner.id), await jars_left(later.id)) == (2, 2)  # nothing changed


@pytest.mark.parametrize("status", ["held", "recalled"])
async def test_a_held_or_recalled_batch_cannot_be_sold_or_packed(client, world, status):
    batch = await stock_jam(world, jars=5)
    order = await place(client, world, jam_order(world, jars=1))
    assert (await move(client, world, order, "paid")).status_code == 200
    await Batch.update({Batch.status: status}).where(Batch.id == batch.id)

    packed = await move(client, world, order, "packed")
    assert packed.status_code == 409
    assert packed.json()["error"]["code"] == "batch_not_for_sale"
    assert batch.code in packed.json()["error"]["message"]

    picked = jam_order(world, jars=1)
    picked["lines"][0]["batches"] = [{"batch_id": batch.id, "jars": 1}]
    sold = await client.post("/api/v1/orders", json=picked, headers=world.headers(CLERK))
    assert sold.status_code == 409
    assert sold.json()["error"]["code"] == "batch_not_for_sale"
    unpicked = await client.post(
        "/api/v1/orders", json=jam_order(world, jars=1), headers=world.headers(CLERK)
    )
    assert unpicked.status_code == 409
    assert unpicked.json()["error"]["code"] == "out_of_stock"


async def test_a_shipped_jar_leads_to_its_order_and_the_order_to_its_batches_and_growers(
    client, world
):
    batch = await stock_jam(world, jars=20, growers=(("H1", 6000), ("H2", 4000)))
    order = await place(client, world, jam_order(world, jars=2))
    for step, extra in (
        ("paid", {}),
        ("packed", {}),
        ("shipped", {"carrier": "EMS", "tracking": "E9"}),
    ):
        assert (await move(client, world, order, step, **extra)).status_code == 200

    traced = await client.get(f"/api/v1/batches/{batch.id}/orders", headers=world.headers(CLERK))
    assert traced.status_code == 200
    assert [(o["id"], o["jars"], o["status"]) for o in traced.json()] == [
        (order["id"], 2, "shipped")
    ]

    detail = (
        await client.get(f"/api/v1/orders/{order['id']}", headers=world.headers(CLERK))
    ).json()
    assert detail["lines"][0]["allocations"][0]["batch_code"] == batch.code
    sources = await client.get(
        f"/api/v1/orders/{order['id']}/sources", headers=world.headers(Role.WORK_TEAM)
    )
    growers = sources.json()["lines"][0]["growers"]
    # 2 of 20 jars: a tenth of each grower's fruit
    assert [(g["household_code"], g["weight_g"]) for g in growers] == [("H1", 600), ("H2", 400)]


async def test_fresh_fruit_is_sold_from_the_oldest_lots_by_weight_and_returned_on_cancel(
    client, world
):
    first = await weigh(world, "H1", 3000)
    second = await weigh(world, "H2", 5000)
    body = {
        "channel": "on_site",
        "lines": [{"product_id": world.fruit_id, "weight_g": 4500}],
        "total_fen": 9000,  # 4.5 kg at the product's 20.00 yuan/kg
    }
    order = await place(client, world, body)
    allocations = order["lines"][0]["allocations"]
    assert [(a["lot_code"], a["weight_g"]) for a in allocations] == [
        (first.lot_code, 3000),
        (second.lot_code, 1500),
    ]
    sources = await client.get(
        f"/api/v1/orders/{order['id']}/sources", headers=world.headers(CLERK)
    )
    growers = sources.json()["lines"][0]["growers"]
    assert [(g["household_code"], g["weight_g"]) for g in growers] == [("H1", 3000), ("H2", 1500)]

    too_much = {
        **body,
        "lines": [{"product_id": world.fruit_id, "weight_g": 4000}],
        "total_fen": 8000,
    }
    refused = await client.post("/api/v1/orders", json=too_much, headers=world.headers(CLERK))
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "out_of_stock"

    assert (await move(client, world, order, "cancelled", reason="顾客走了")).status_code == 200
    left = (
        await HarvestLot.select(HarvestLot.remaining_g)
        .where(HarvestLot.id.is_in([first.id, second.id]))
        .order_by(HarvestLot.id)
    )
    assert [row["remaining_g"] for row in left] == [3000, 5000]


async def test_a_custom_processing_order_links_its_batch_and_carries_its_fee(client, world):
    batch = await stock_jam(world, jars=8, growers=(("H1", 5000),), buyer_name="李先生")
    assert batch.buyer_charge_fen == 2500  # 5 kg at 5.00 yuan/kg
    lots_before = await HarvestLot.select(HarvestLot.remaining_g).where(
        HarvestLot.cooperative == world.cooperative_id
    )
    body = {
        "channel": "on_site",
        "buyer_name": "李先生",
        "processing_batch_id": batch.id,
        "lines": [{"product_id": world.fruit_id, "weight_g": 5000, "unit_price_fen": 2000}],
        "total_fen": 10000 + 2500,
    }
    order = await place(client, world, body)
    assert order["processing_batch_id"] == batch.id
    fruit, fee = order["lines"]
    assert (fee["kind"], fee["line_total_fen"], fee["weight_g"]) == ("processing_fee", 2500, 5000)
    assert [(a["batch_code"], a["weight_g"], a["stock_taken"]) for a in fruit["allocations"]] == [
        (batch.code, 5000, False)
    ]
    lots_after = await HarvestLot.select(HarvestLot.remaining_g).where(
        HarvestLot.cooperative == world.cooperative_id
    )
    assert lots_after == lots_before  # the batch already took the fruit
    traced = await client.get(f"/api/v1/batches/{batch.id}/orders", headers=world.headers(CLERK))
    assert [(o["id"], o["jars"]) for o in traced.json()] == [(order["id"], 8)]

    twice = await client.post("/api/v1/orders", json=body, headers=world.headers(CLERK))
    assert twice.status_code == 409
    assert twice.json()["error"]["code"] == "batch_already_ordered"


async def test_members_and_processors_see_no_orders_and_the_work_team_no_buyer_contacts(
    client, world
):
    await stock_jam(world, jars=5)
    order = await place(client, world, jam_order(world, jars=1))
    url = f"/api/v1/orders/{order['id']}"
    for role in (Role.MEMBER, Role.PROCESSOR):
        assert (await client.get(url, headers=world.headers(role))).status_code == 403
        assert (await client.get("/api/v1/orders", headers=world.headers(role))).status_code == 403
    desk = (await client.get(url, headers=world.headers(Role.ADMIN))).json()
    assert (desk["buyer_phone"], desk["address"]) == ("13900001234", "乌鲁木齐市天山区")
    team = (await client.get(url, headers=world.headers(Role.WORK_TEAM))).json()
    assert (team["buyer_phone"], team["address"]) == (None, None)
    slip = await client.get(f"{url}/packing-slip", headers=world.headers(Role.WORK_TEAM))
    assert slip.status_code == 403
    paid = await move(client, world, order, "paid", role=Role.WORK_TEAM)
    assert paid.status_code == 403


async def test_another_cooperatives_order_does_not_exist(client, world):
    from conftest import make_world

    await stock_jam(world, jars=5)
    order = await place(client, world, jam_order(world, jars=1))
    other = await make_world()
    response = await client.get(f"/api/v1/orders/{order['id']}", headers=other.headers(CLERK))
    assert response.status_code == 404


async def test_the_packing_slip_names_the_buyer_the_jars_and_their_batches(client, world):
    batch = await stock_jam(world, jars=5, best_before=date(2027, 8, 1))
    order = await place(client, world, jam_order(world, jars=2, channel_order_no="TB-77"))
    slip = await client.get(
        f"/api/v1/orders/{order['id']}/packing-slip", headers=world.headers(CLERK)
    )
    assert slip.status_code == 200
    body = slip.json()
    assert (body["channel_order_no"], body["buyer_name"], body["address"]) == (
        "TB-77",
        "张三",
        "乌鲁木齐市天山区",
    )
    assert body["lines"][0]["batch_codes"] == [batch.code]
    assert body["lines"][0]["best_before"] == "2027-08-01"
    assert body["total_fen"] == order["total_fen"]


async def test_orders_are_listed_by_status_channel_and_day(client, world):
    await stock_jam(world, jars=5)
    shop = await place(client, world, jam_order(world, jars=1))
    phone = await place(client, world, jam_order(world, jars=1, channel="phone"))
    await move(client, world, phone, "paid")
    headers = world.headers(CLERK)

    async def ids(**params) -> list[int]:
        response = await client.get("/api/v1/orders", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [o["id"] for o in response.json()]

    assert await ids() == [phone["id"], shop["id"]]
    assert await ids(status="paid") == [phone["id"]]
    assert await ids(channel="shop") == [shop["id"]]
    today = clock.today()  # days are China's: an order at 07:00 on the 2nd is the 2nd's
    assert await ids(date_from=str(today), date_to=str(today)) == [phone["id"], shop["id"]]
    assert await ids(date_to=str(today - timedelta(days=1))) == []
    assert await ids(date_from=str(today + timedelta(days=1))) == []
    bad = await client.get("/api/v1/orders", params={"channel": "taobao"}, headers=headers)
    assert bad.status_code == 422


async def test_the_same_channel_order_number_is_recorded_once(client, world):
    await stock_jam(world, jars=5)
    await place(client, world, jam_order(world, jars=1, channel_order_no="WX-1"))
    again = await client.post(
        "/api/v1/orders",
        json=jam_order(world, jars=1, channel_order_no="WX-1"),
        headers=world.headers(CLERK),
    )
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "order_exists"
    other_channel = jam_order(world, jars=1, channel_order_no="WX-1", channel="wechat")
    await place(client, world, other_channel)
    events = await OrderEvent.count().where(OrderEvent.to_status == "pending")
    assert events >= 2


async def test_a_retried_order_with_the_same_idempotency_key_is_recorded_once(client, world):
    batch = await stock_jam(world, jars=5)
    headers = world.headers(CLERK, **{"Idempotency-Key": "tablet-7-order-1"})
    first = await client.post("/api/v1/orders", json=jam_order(world, jars=2), headers=headers)
    retry = await client.post("/api/v1/orders", json=jam_order(world, jars=2), headers=headers)
    assert (first.status_code, retry.status_code) == (201, 201)
    assert first.json()["id"] == retry.json()["id"]
    assert await orders_in(world) == 1
    assert await jars_left(batch.id) == 3


async def test_batches_cannot_be_repicked_once_the_order_is_packed(client, world):
    batch = await stock_jam(world, jars=5)
    order = await place(client, world, jam_order(world, jars=1))
    for step in ("paid", "packed"):
        assert (await move(client, world, order, step)).status_code == 200
    line = order["lines"][0]["id"]
    response = await client.put(
        f"/api/v1/orders/{order['id']}/lines/{line}/picks",
        json={"batches": [{"batch_id": batch.id, "jars": 1}]},
        headers=world.headers(CLERK),
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "allocation_fixed"


async def test_an_order_with_an_unknown_field_or_no_lines_is_refused(client, world):
    headers = world.headers(CLERK)
    unknown = {**jam_order(world), "total_yuan": 80}
    refused = await client.post("/api/v1/orders", json=unknown, headers=headers)
    assert refused.status_code == 422
    assert "total_yuan" in refused.json()["error"]["message"]
    empty = {"channel": "phone", "lines": [], "total_fen": 0}
    response = await client.post("/api/v1/orders", json=empty, headers=headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "no_lines"
