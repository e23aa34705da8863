"""A processor's jam batches through the JSON API, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coop.db import write
from coop.domain.actors import Actor, Role
from coop.domain.lots import LotKind, new_lot_code
from coop.services.auth import create_api_token, create_user
from coop.services.stock import take_jars
from coop.tables import Product


@pytest.fixture
async def jam(world):
    """The world's jam: made from its fresh fruit at 5.00 yuan/kg, yielding 700 to 950 per mille."""
    await Product.update(
        {
            Product.input_product: world.fruit_id,
            Product.processing_fee_fen_per_kg: 500,
            Product.yield_min_per_mille: 700,
            Product.yield_max_per_mille: 950,
        }
    ).where(Product.id == world.jam_id)
    return world.jam_id


@pytest.fixture
async def certified(client, world, jam):
    """Household P1 certified to process by the admin."""
    response = await client.post(
        "/api/v1/processor-certifications",
        json={"household_id": world.households["P1"], "notes": "厨房卫生合格"},
        headers=world.headers(Role.ADMIN),
    )
    assert response.status_code == 201, response.text
    return response.json()


async def weigh(client, world, household: str, weight_g: int) -> dict:
    response = await client.post(
        "/api/v1/weighins",
        json={
            "household_id": world.households[household],
            "product_id": world.fruit_id,
            "weight_g": weight_g,
        },
        headers=world.headers(Role.CLERK),
    )
    assert response.status_code == 201, response.text
    return response.json()


async def start(client, world, role: Role = Role.PROCESSOR, **fields) -> dict:
    response = await client.post(
        "/api/v1/batches", json={"product_id": world.jam_id, **fields}, headers=world.headers(role)
    )
    assert response.status_code == 201, response.text
    return response.json()


async def put(client, world, batch: dict, lot: dict, weight_g: int, role=Role.PROCESSOR):
    return await client.put(
        f"/api/v1/batches/{batch['id']}/inputs",
        json={"lot_code": lot["lot_code"], "weight_g": weight_g},
        headers=world.headers(role),
    )


async def finish(client, world, batch: dict, jars: int, sugar_g: int = 1000, role=Role.PROCESSOR):
    return await client.post(
        f"/api/v1/batches/{batch['id']}/finish",
        json={"jars_filled": jars, "sugar_g": sugar_g},
        headers=world.headers(role),
    )


async def remaining_g(client, world, lot: dict) -> int:
    response = await client.get(f"/api/v1/weighins/{lot['id']}", headers=world.headers(Role.CLERK))
    return response.json()["remaining_g"]


async def made_batch(client, world, lots_g=(3000, 2000), jars=18) -> tuple[dict, list[dict]]:
    lots = [await weigh(client, world, "H1", grams + 1000) for grams in lots_g]
    batch = await start(client, world)
    for lot, grams in zip(lots, lots_g, strict=True):
        assert (await put(client, world, batch, lot, grams)).status_code == 200
    finished = await finish(client, world, batch, jars)
    assert finished.status_code == 200, finished.text
    return finished.json(), lots


async def test_a_processor_makes_18_jars_from_two_lots_and_earns_25_yuan(client, world, certified):
    first = await weigh(client, world, "H1", 10_000)
    second = await weigh(client, world, "H2", 4000)
    batch = await start(client, world)
    assert batch["status"] == "draft" and batch["code"].startswith("B")
    assert len(batch["code"]) <= 20
    assert batch["fee_rate_fen_per_kg"] == 500

    assert (await put(client, world, batch, first, 3000)).status_code == 200
    assert (await put(client, world, batch, second, 2000)).status_code == 200
    finished = await finish(client, world, batch, jars=18, sugar_g=1000)

    assert finished.status_code == 200, finished.text
    made = finished.json()
    assert made["status"] == "finished"
    assert (made["fruit_g"], made["jars_filled"], made["jars_in_stock"]) == (5000, 18, 18)
    assert made["fee_fen"] == 2500
    assert made["yield_per_mille"] == 750 and not made["yield_flagged"]
    made_on = date.fromisoformat(made["made_on"])
    assert date.fromisoformat(made["best_before"]) == made_on + timedelta(days=365)
    assert [(i["lot_code"], i["weight_g"]) for i in made["inputs"]] == [
        (first["lot_code"], 3000),
        (second["lot_code"], 2000),
    ]

    statement = await client.get(
        f"/api/v1/households/{world.households['P1']}/statement",
        headers=world.headers(Role.PROCESSOR),
    )
    assert [(e["kind"], e["amount_fen"]) for e in statement.json()["entries"]] == [
        ("processing_fee", 2500)
    ]
    assert statement.json()["income_fen"] == 2500
    assert await remaining_g(client, world, first) == 7000
    assert await remaining_g(client, world, second) == 2000
    stock = await client.get("/api/v1/stock", headers=world.headers(Role.ADMIN))
    assert [(s["product_id"], s["jars_in_stock"]) for s in stock.json()] == [(world.jam_id, 18)]


async def test_the_oldest_lots_are_suggested_first_and_the_suggestion_can_be_taken(
    client, world, certified
):
    oldest = await weigh(client, world, "H1", 3000)
    middle = await weigh(client, world, "H2", 4000)
    await weigh(client, world, "H1", 5000)
    batch = await start(client, world)

    suggestion = await client.get(
        f"/api/v1/batches/{batch['id']}/suggested-lots?weight_g=5000",
        headers=world.headers(Role.PROCESSOR),
    )
    assert suggestion.status_code == 200, suggestion.text
    assert [(s["lot_code"], s["take_g"]) for s in suggestion.json()["lots"]] == [
        (oldest["lot_code"], 3000),
        (middle["lot_code"], 2000),
    ]
    assert suggestion.json()["short_g"] == 0

    taken = await client.post(
        f"/api/v1/batches/{batch['id']}/suggested-lots",
        json={"weight_g": 5000},
        headers=world.headers(Role.PROCESSOR),
    )
    assert taken.status_code == 200, taken.text
    assert [(i["lot_code"], i["weight_g"]) for i in taken.json()["inputs"]] == [
        (oldest["lot_code"], 3000),
        (middle["lot_code"], 2000),
    ]
    too_much = await client.post(
        f"/api/v1/batches/{batch['id']}/suggested-lots",
        json={"weight_g": 50_000},
        headers=world.headers(Role.PROCESSOR),
    )
    assert too_much.status_code == 409
    assert too_much.json()["error"]["code"] == "not_enough_fruit"


async def test_a_lot_named_twice_takes_its_last_weight_and_can_be_removed(client, world, certified):
    lot = await weigh(client, world, "H1", 5000)
    batch = await start(client, world)
    await put(client, world, batch, lot, 1000)
    again = await put(client, world, batch, lot, 2500)
    assert [i["weight_g"] for i in again.json()["inputs"]] == [2500]
    removed = await client.delete(
        f"/api/v1/batches/{batch['id']}/inputs/{lot['lot_code']}",
        headers=world.headers(Role.PROCESSOR),
    )
    assert removed.status_code == 200 and removed.json()["inputs"] == []
    empty = await finish(client, world, batch, 10)
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "no_inputs"


async def test_a_household_that_is_not_certified_cannot_be_assigned_a_batch(
    client, world, certified
):
    refused = await client.post(
        "/api/v1/batches",
        json={"product_id": world.jam_id, "household_id": world.households["H2"]},
        headers=world.headers(Role.ADMIN),
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "not_certified"
    assert "H2" in refused.json()["error"]["message"]

    assigned = await start(client, world, Role.CLERK, household_id=world.households["P1"])
    assert assigned["household_id"] == world.households["P1"]


async def test_a_lapsed_processor_cannot_start_a_batch_until_certified_again(
    client, world, certified
):
    admin = world.headers(Role.ADMIN)
    lapsed = await client.post(
        f"/api/v1/processor-certifications/{world.households['P1']}/lapse",
        json={"reason": "卫生检查未通过"},
        headers=admin,
    )
    assert lapsed.status_code == 200, lapsed.text
    assert lapsed.json()["in_force"] is False
    refused = await client.post(
        "/api/v1/batches", json={"product_id": world.jam_id}, headers=world.headers(Role.PROCESSOR)
    )
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "not_certified"

    again = await client.post(
        "/api/v1/processor-certifications",
        json={"household_id": world.households["P1"]},
        headers=admin,
    )
    assert again.status_code == 201
    twice = await client.post(
        "/api/v1/processor-certifications",
        json={"household_id": world.households["P1"]},
        headers=admin,
    )
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "already_certified"
    await start(client, world)


async def test_only_an_admin_certifies_processors(client, world, jam):
    for role in (Role.CLERK, Role.PROCESSOR, Role.MEMBER):
        response = await client.post(
            "/api/v1/processor-certifications",
            json={"household_id": world.households["P1"]},
            headers=world.headers(role),
        )
        assert response.status_code == 403


async def test_a_processor_cannot_see_or_change_another_processors_batches(
    client, world, certified
):
    await client.post(
        "/api/v1/processor-certifications",
        json={"household_id": world.households["H2"]},
        headers=world.headers(Role.ADMIN),
    )
    other_id = await create_user(
        world.cooperative_id,
        "13711112222",
        "另一加工户",
        "pw-long-enough",
        Role.PROCESSOR,
        world.households["H2"],
    )
    other = Actor(
        other_id, world.cooperative_id, Role.PROCESSOR, "另一加工户", world.households["H2"]
    )
    other_headers = {"Authorization": f"Bearer {await create_api_token(other, 'test')}"}
    lot = await weigh(client, world, "H1", 5000)
    mine = await start(client, world)

    seen = await client.get(f"/api/v1/batches/{mine['id']}", headers=other_headers)
    assert seen.status_code == 403 and seen.json()["error"]["code"] == "not_your_batch"
    changed = await client.put(
        f"/api/v1/batches/{mine['id']}/inputs",
        json={"lot_code": lot["lot_code"], "weight_g": 1000},
        headers=other_headers,
    )
    assert changed.status_code == 403
    finished = await client.post(
        f"/api/v1/batches/{mine['id']}/finish", json={"jars_filled": 4}, headers=other_headers
    )
    assert finished.status_code == 403
    assert (await client.get("/api/v1/batches", headers=other_headers)).json() == []
    as_someone_else = await client.post(
        "/api/v1/batches",
        json={"product_id": world.jam_id, "household_id": world.households["P1"]},
        headers=other_headers,
    )
    assert as_someone_else.status_code == 403
    own = await client.get("/api/v1/batches", headers=world.headers(Role.PROCESSOR))
    assert [b["id"] for b in own.json()] == [mine["id"]]
    assert await remaining_g(client, world, lot) == 5000


async def test_taking_from_an_unknown_mistyped_short_or_exhausted_lot_names_the_lot(
    client, world, certified
):
    batch = await start(client, world)
    unknown = new_lot_code(LotKind.HARVEST, 2026)
    response = await client.put(
        f"/api/v1/batches/{batch['id']}/inputs",
        json={"lot_code": unknown, "weight_g": 1000},
        headers=world.headers(Role.PROCESSOR),
    )
    assert response.status_code == 404 and unknown in response.json()["error"]["message"]

    mistyped = unknown[:-1] + ("0" if unknown[-1] != "0" else "1")
    response = await client.put(
        f"/api/v1/batches/{batch['id']}/inputs",
        json={"lot_code": mistyped, "weight_g": 1000},
        headers=world.headers(Role.PROCESSOR),
    )
    assert response.status_code == 422 and mistyped in response.json()["error"]["message"]

    lot = await weigh(client, world, "H1", 2000)
    short = await put(client, world, batch, lot, 2500)
    assert short.status_code == 409 and short.json()["error"]["code"] == "lot_short"
    assert (
        short.json()["error"]["message"]
        == f"收购批号 {lot['lot_code']} 只剩 2 公斤，需要 2.5 公斤。"
    )

    await made_batch_from(client, world, lot, 2000, jars=6)
    exhausted = await put(client, world, batch, lot, 100)
    assert exhausted.status_code == 409 and exhausted.json()["error"]["code"] == "lot_exhausted"
    assert lot["lot_code"] in exhausted.json()["error"]["message"]


async def made_batch_from(client, world, lot: dict, weight_g: int, jars: int) -> dict:
    batch = await start(client, world)
    assert (await put(client, world, batch, lot, weight_g)).status_code == 200
    finished = await finish(client, world, batch, jars, sugar_g=0)
    assert finished.status_code == 200, finished.text
    return finished.json()


async def test_finishing_refuses_a_lot_emptied_since_it_was_added_and_changes_nothing(
    client, world, certified
):
    lot = await weigh(client, world, "H1", 3000)
    other = await weigh(client, world, "H2", 3000)
    late = await start(client, world)
    await put(client, world, late, other, 1000)
    await put(client, world, late, lot, 2000)
    await made_batch_from(client, world, lot, 2500, jars=9)

    refused = await finish(client, world, late, jars=10)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "lot_short"
    assert lot["lot_code"] in refused.json()["error"]["message"]
    assert await remaining_g(client, world, other) == 3000  # the first lot's take rolled back
    detail = await client.get(f"/api/v1/batches/{late['id']}", headers=world.headers(Role.ADMIN))
    assert detail.json()["status"] == "draft" and detail.json()["fee_fen"] is None


async def test_the_yield_flag_fires_outside_the_expected_range_and_not_inside(
    client, world, certified
):
    inside, _ = await made_batch(client, world, jars=18)  # 4500 g of 6000 g: 750 per mille
    outside, _ = await made_batch(client, world, jars=12)  # 3000 g of 6000 g: 500 per mille
    assert not inside["yield_flagged"]
    assert outside["yield_flagged"] and outside["yield_per_mille"] == 500
    assert (outside["yield_min_per_mille"], outside["yield_max_per_mille"]) == (700, 950)

    flagged = await client.get("/api/v1/batches?flagged=true", headers=world.headers(Role.ADMIN))
    assert [b["id"] for b in flagged.json()] == [outside["id"]]


async def test_correcting_a_batch_restores_lots_and_stock_and_reposts_the_fee(
    client, world, certified
):
    made, lots = await made_batch(client, world)  # lots of 4 kg and 3 kg, 3 kg + 2 kg taken
    corrected = await client.post(
        f"/api/v1/batches/{made['id']}/corrections",
        json={
            "reason": "第二批果子记错了",
            "replacement": {
                "jars_filled": 16,
                "sugar_g": 900,
                "inputs": [{"lot_code": lots[0]["lot_code"], "weight_g": 4000}],
            },
        },
        headers=world.headers(Role.PROCESSOR),
    )
    assert corrected.status_code == 201, corrected.text
    original, replacement = corrected.json()["original"], corrected.json()["replacement"]
    assert original["status"] == "corrected" and original["jars_in_stock"] == 0
    assert original["correction_reason"] == "第二批果子记错了"
    assert replacement["replaces_id"] == made["id"] and replacement["code"] != made["code"]
    assert (replacement["fee_fen"], replacement["jars_in_stock"]) == (2000, 16)
    assert replacement["made_on"] == made["made_on"]
    assert await remaining_g(client, world, lots[0]) == 0
    assert await remaining_g(client, world, lots[1]) == 3000  # restored

    statement = await client.get(
        f"/api/v1/households/{world.households['P1']}/statement",
        headers=world.headers(Role.PROCESSOR),
    )
    entries = statement.json()["entries"]
    assert [(e["kind"], e["amount_fen"]) for e in entries] == [
        ("processing_fee", 2500),
        ("reversal", -2500),
        ("processing_fee", 2000),
    ]
    assert entries[1]["reverses_id"] == entries[0]["id"]
    assert entries[1]["reason"] == "第二批果子记错了"
    assert statement.json()["income_fen"] == 2000
    stock = await client.get("/api/v1/stock", headers=world.headers(Role.ADMIN))
    assert [s["jars_in_stock"] for s in stock.json()] == [16]

    again = await client.post(
        f"/api/v1/batches/{made['id']}/corrections",
        json={"reason": "再改"},
        headers=world.headers(Role.ADMIN),
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "batch_not_finished"


async def test_a_batch_corrected_away_gives_back_all_its_fruit_and_jars(client, world, certified):
    made, lots = await made_batch(client, world)
    corrected = await client.post(
        f"/api/v1/batches/{made['id']}/corrections",
        json={"reason": "重复录入"},
        headers=world.headers(Role.ADMIN),
    )
    assert corrected.status_code == 201, corrected.text
    assert corrected.json()["replacement"] is None
    assert [await remaining_g(client, world, lot) for lot in lots] == [4000, 3000]
    stock = await client.get("/api/v1/stock", headers=world.headers(Role.ADMIN))
    assert stock.json() == []


async def test_a_batch_whose_jars_were_sold_cannot_be_corrected(client, world, certified):
    made, lots = await made_batch(client, world)
    async with write():
        assert await take_jars(made["id"], 18)
        assert not await take_jars(made["id"], 1)  # never below zero
    refused = await client.post(
        f"/api/v1/batches/{made['id']}/corrections",
        json={"reason": "装错了"},
        headers=world.headers(Role.ADMIN),
    )
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "batch_jars_sold"
    assert [await remaining_g(client, world, lot) for lot in lots] == [1000, 1000]


async def test_a_weighin_whose_fruit_went_into_a_batch_cannot_be_corrected(
    client, world, certified
):
    _, lots = await made_batch(client, world)
    refused = await client.post(
        f"/api/v1/weighins/{lots[0]['id']}/corrections",
        json={"reason": "秤没归零", "weight_g": 3900},
        headers=world.headers(Role.CLERK),
    )
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "lot_in_use"
    assert lots[0]["lot_code"] in refused.json()["error"]["message"]


async def test_jam_made_for_a_buyer_charges_the_buyer_and_credits_the_processor(
    client, world, certified
):
    lot = await weigh(client, world, "H1", 5000)
    batch = await start(
        client,
        world,
        Role.CLERK,
        household_id=world.households["P1"],
        buyer_name="游客 陈女士",
        buyer_phone="13600000000",
        order_ref="ORD-1",
    )
    await put(client, world, batch, lot, 4000, role=Role.CLERK)
    made = (await finish(client, world, batch, 14, sugar_g=800, role=Role.CLERK)).json()
    assert (made["fee_fen"], made["buyer_charge_fen"]) == (2000, 2000)
    assert made["buyer_name"] == "游客 陈女士"
    statement = await client.get(
        f"/api/v1/households/{world.households['P1']}/statement",
        headers=world.headers(Role.ADMIN),
    )
    assert [(e["kind"], e["amount_fen"]) for e in statement.json()["entries"]] == [
        ("processing_fee", 2000)
    ]
    stock = await client.get("/api/v1/stock", headers=world.headers(Role.ADMIN))
    assert stock.json() == []  # the buyer's jars are not for sale


async def test_a_processor_cannot_set_its_own_fee_rate_but_an_admin_can(client, world, certified):
    refused = await client.post(
        "/api/v1/batches",
        json={"product_id": world.jam_id, "fee_rate_fen_per_kg": 900},
        headers=world.headers(Role.PROCESSOR),
    )
    assert refused.status_code == 403
    batch = await start(
        client, world, Role.ADMIN, household_id=world.households["P1"], fee_rate_fen_per_kg=600
    )
    assert batch["fee_rate_fen_per_kg"] == 600


async def test_a_finished_batch_cannot_be_finished_or_filled_again(client, world, certified):
    made, lots = await made_batch(client, world)
    again = await finish(client, world, made, 18)
    assert again.status_code == 409 and again.json()["error"]["code"] == "batch_not_draft"
    more = await put(client, world, made, lots[0], 500)
    assert more.status_code == 409
    assert [await remaining_g(client, world, lot) for lot in lots] == [1000, 1000]


async def test_batches_filter_by_status_and_refuse_an_unknown_status(client, world, certified):
    made, _ = await made_batch(client, world)
    draft = await start(client, world)
    admin = world.headers(Role.ADMIN)
    finished = await client.get("/api/v1/batches?status=finished", headers=admin)
    drafts = await client.get("/api/v1/batches?status=draft", headers=admin)
    assert [b["id"] for b in finished.json()] == [made["id"]]
    assert [b["id"] for b in drafts.json()] == [draft["id"]]
    unknown = await client.get("/api/v1/batches?status=eaten", headers=admin)
    assert unknown.status_code == 422
    member = await client.get("/api/v1/batches", headers=world.headers(Role.MEMBER))
    assert member.status_code == 403


async def test_bad_numbers_are_refused_before_anything_is_written(client, world, certified):
    lot = await weigh(client, world, "H1", 5000)
    batch = await start(client, world)
    for body in (
        {"lot_code": lot["lot_code"], "weight_g": 0},
        {"lot_code": lot["lot_code"], "weight_g": "a kilo"},
        {"lot_code": lot["lot_code"], "weight_g": 1000, "extra": 1},
    ):
        response = await client.put(
            f"/api/v1/batches/{batch['id']}/inputs",
            json=body,
            headers=world.headers(Role.PROCESSOR),
        )
        assert 400 <= response.status_code < 500, body
    await put(client, world, batch, lot, 1000)
    for jars in (0, -3):
        response = await finish(client, world, batch, jars)
        assert response.status_code == 422
    assert await remaining_g(client, world, lot) == 5000


async def test_staff_list_certified_processors_and_a_processor_sees_its_own(
    client, world, certified
):
    listed = await client.get("/api/v1/processor-certifications", headers=world.headers(Role.CLERK))
    assert [(c["household_code"], c["in_force"]) for c in listed.json()] == [("P1", True)]
    assert listed.json()[0]["notes"] == "厨房卫生合格"
    own = await client.get(
        "/api/v1/processor-certifications", headers=world.headers(Role.PROCESSOR)
    )
    assert [c["household_code"] for c in own.json()] == ["P1"]
    not_certified = await client.post(
        f"/api/v1/processor-certifications/{world.households['H2']}/lapse",
        json={"reason": "不适用"},
        headers=world.headers(Role.ADMIN),
    )
    assert not_certified.status_code == 404
    assert not_certified.json()["error"]["code"] == "not_certified"


async def test_an_admin_sets_a_products_fee_rate_and_expected_yield(client, world):
    admin = world.headers(Role.ADMIN)
    jam = {
        "code": "jam-500",
        "name_zh": "树莓酱 500克",
        "unit": "jar",
        "net_weight_g": 500,
        "shelf_life_days": 365,
        "input_product": world.fruit_id,
        "processing_fee_fen_per_kg": 500,
        "yield_min_per_mille": 700,
        "yield_max_per_mille": 950,
    }
    created = await client.post("/api/v1/products", json=jam, headers=admin)
    assert created.status_code == 201, created.text
    assert created.json()["processing_fee_fen_per_kg"] == 500
    assert created.json()["input_product"] == world.fruit_id
    for wrong in (
        {"yield_min_per_mille": 950, "yield_max_per_mille": 700},
        {"yield_min_per_mille": 700, "yield_max_per_mille": None},
        {"processing_fee_fen_per_kg": -1},
    ):
        refused = await client.post(
            "/api/v1/products", json={**jam, "code": "jam-x", **wrong}, headers=admin
        )
        assert refused.status_code == 422, wrong
