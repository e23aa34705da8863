"""Prices by grade through the JSON API, on SQLite and on PostgreSQL."""

from coop.domain.actors import Role
from coop.tables import HarvestLot


async def post_grade(client, world, code, price, **names):
    answer = await client.post(
        f"/api/v1/products/{world.fruit_id}/grades",
        json={"code": code, "name_zh": names.pop("name_zh", code), "price_fen_per_kg": price}
        | names,
        headers=world.headers(Role.ADMIN),
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


async def weigh(client, world, **body):
    return await client.post(
        "/api/v1/weighins",
        json={"household_id": world.households["H1"], "product_id": world.fruit_id} | body,
        headers=world.headers(Role.CLERK),
    )


async def test_a_weighin_of_a_grade_records_its_price_and_a_later_change_leaves_it(client, world):
    await post_grade(client, world, "特级", 1600, name_en="Premium", name_ug="ئالاھىدە")
    await post_grade(client, world, "一级", 1200, name_en="Grade one")

    first = await weigh(client, world, weight_g=10000, grade="特级")
    assert first.status_code == 201, first.text
    assert (first.json()["grade"], first.json()["price_fen_per_kg"]) == ("特级", 1600)
    assert first.json()["amount_fen"] == 16000

    await post_grade(client, world, "特级", 1800, name_en="Premium")

    again = await client.get(
        f"/api/v1/weighins/{first.json()['id']}", headers=world.headers(Role.CLERK)
    )
    assert (again.json()["price_fen_per_kg"], again.json()["amount_fen"]) == (1600, 16000)
    later = await weigh(client, world, weight_g=10000, grade="特级")
    assert (later.json()["price_fen_per_kg"], later.json()["amount_fen"]) == (1800, 18000)
    other = await weigh(client, world, weight_g=2500, grade="一级")
    assert (other.json()["price_fen_per_kg"], other.json()["amount_fen"]) == (1200, 3000)

    listed = (
        await client.get(
            f"/api/v1/products/{world.fruit_id}/grades", headers=world.headers(Role.CLERK)
        )
    ).json()
    assert [(g["code"], g["price_fen_per_kg"]) for g in listed] == [("特级", 1800), ("一级", 1200)]
    assert [p["price_fen_per_kg"] for p in listed[0]["history"]] == [1800, 1600]


async def test_a_correction_keeps_the_grade_and_the_price_of_the_original_weighin(client, world):
    await post_grade(client, world, "一级", 1200)
    lot = (await weigh(client, world, weight_g=10000, grade="一级")).json()
    await post_grade(client, world, "一级", 1500)

    corrected = await client.post(
        f"/api/v1/weighins/{lot['id']}/corrections",
        json={"weight_g": 9000, "reason": "秤没归零"},
        headers=world.headers(Role.CLERK),
    )
    assert corrected.status_code == 201, corrected.text
    replacement = corrected.json()["replacement"]
    assert (replacement["grade"], replacement["price_fen_per_kg"]) == ("一级", 1200)
    assert replacement["amount_fen"] == 10800


async def test_a_product_with_grades_refuses_a_weighin_without_one_or_with_an_unknown_one(
    client, world
):
    await post_grade(client, world, "特级", 1600)
    before = await HarvestLot.count().where(HarvestLot.cooperative == world.cooperative_id)

    missing = await weigh(client, world, weight_g=1000)
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "grade_required"
    assert "鲜树莓" in missing.json()["error"]["message"]
    unknown = await weigh(client, world, weight_g=1000, grade="三级")
    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "unknown_grade"

    assert await HarvestLot.count().where(HarvestLot.cooperative == world.cooperative_id) == before


async def test_a_grade_without_a_price_yet_is_refused_and_a_retired_grade_is_not_offered(
    client, world
):
    await client.post(
        f"/api/v1/products/{world.fruit_id}/grades",
        json={"code": "二级", "name_zh": "二级"},
        headers=world.headers(Role.ADMIN),
    )
    unpriced = await weigh(client, world, weight_g=1000, grade="二级")
    assert unpriced.json()["error"]["code"] == "grade_unpriced"
    not_offered_yet = await weigh(client, world, weight_g=1000)  # no grade has a price yet
    assert not_offered_yet.json()["price_fen_per_kg"] == 1000

    await post_grade(client, world, "二级", 800, active=False)
    back_to_the_product_price = await weigh(client, world, weight_g=1000)
    assert back_to_the_product_price.json()["price_fen_per_kg"] == 1000


async def test_only_an_admin_posts_grade_prices_and_a_jar_product_has_none(client, world):
    clerk = await client.post(
        f"/api/v1/products/{world.fruit_id}/grades",
        json={"code": "特级", "name_zh": "特级", "price_fen_per_kg": 1600},
        headers=world.headers(Role.CLERK),
    )
    assert clerk.status_code == 403
    jam = await client.post(
        f"/api/v1/products/{world.jam_id}/grades",
        json={"code": "特级", "name_zh": "特级", "price_fen_per_kg": 1600},
        headers=world.headers(Role.ADMIN),
    )
    assert jam.status_code == 422
    assert jam.json()["error"]["code"] == "not_weighable"


async def test_a_correction_to_another_grade_prices_it_as_posted_when_the_lot_was_weighed(
    client, world
):
    await post_grade(client, world, "特级", 1600)
    await post_grade(client, world, "一级", 1200)
    lot = (await weigh(client, world, weight_g=10000, grade="特级")).json()
    await post_grade(client, world, "一级", 1500)  # after the weigh-in: not its price

    regraded = await client.post(
        f"/api/v1/weighins/{lot['id']}/corrections",
        json={"grade": "一级", "reason": "等级定错了"},
        headers=world.headers(Role.CLERK),
    )
    assert regraded.status_code == 201, regraded.text
    replacement = regraded.json()["replacement"]
    assert (replacement["grade"], replacement["weight_g"]) == ("一级", 10000)
    assert (replacement["price_fen_per_kg"], replacement["amount_fen"]) == (1200, 12000)
