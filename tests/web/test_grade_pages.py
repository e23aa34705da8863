"""Prices by grade on the pages: the admin's grade prices, the weigh form and the offline queue."""

from __future__ import annotations

import re

from conftest import World

from coop.domain.actors import Role
from coop.services.grades import GradeFields, save_grade
from coop.tables import GradePrice, HarvestLot
from web.conftest import csrf_of, post_form


async def post_grades(world: World, *grades: tuple[str, str, int]) -> None:
    for code, name_en, price in grades:
        fields = GradeFields(code=code, name_zh=code, name_en=name_en, price_fen_per_kg=price)
        await save_grade(world.actors[Role.ADMIN], world.fruit_id, fields)


async def lots(world: World) -> list[dict]:
    return await HarvestLot.select(
        HarvestLot.grade, HarvestLot.price_fen_per_kg, HarvestLot.amount_fen
    ).where(HarvestLot.cooperative == world.cooperative_id)


async def test_an_admin_posts_grade_prices_and_sees_each_grades_history(visitor, world):
    admin = await visitor(Role.ADMIN)
    added = await post_form(
        admin,
        "/products/grades",
        f"/products/{world.fruit_id}/grades",
        {"code": "特级", "name_zh": "特级果", "name_en": "Premium", "price": "16", "active": "on"},
    )
    assert added.status_code == 303, added.text
    changed = await post_form(
        admin,
        "/products/grades",
        f"/products/{world.fruit_id}/grades",
        {"code": "特级", "name_zh": "特级果", "price": "18.50", "active": "on"},
    )
    assert changed.status_code == 303
    page = (await admin.get("/products/grades")).text
    assert "特级果" in page and "18.50" in page
    history = re.search(r'data-testid="history">(.*?)</table>', page, re.S).group(1)
    assert history.index("18.50") < history.index("16.00")  # newest first, the old one kept

    bad = await post_form(
        admin,
        "/products/grades",
        f"/products/{world.fruit_id}/grades",
        {"code": "一级", "name_zh": "一级", "price": "12.345"},
    )
    assert bad.status_code == 422 and "一级" in bad.text
    nothing = await post_form(
        admin,
        "/products/grades",
        f"/products/{world.fruit_id}/grades",
        {"code": "一级", "name_zh": "一级", "price": "0"},
    )
    assert nothing.status_code == 422 and "大于零" in nothing.text
    assert await GradePrice.count().where(GradePrice.cooperative == world.cooperative_id) == 2

    clerk = await visitor(Role.CLERK)
    assert (await clerk.get("/products/grades")).status_code == 403


async def test_the_weigh_form_offers_the_grades_and_records_the_chosen_grades_price(visitor, world):
    await post_grades(world, ("特级", "Premium", 1600), ("一级", "Grade one", 1200))
    clerk = await visitor(Role.CLERK)
    household = world.households["H1"]
    form = await clerk.get(f"/weigh/{household}")
    assert 'name="grade" value="特级" data-price-fen="1600"' in form.text
    assert "16.00" in form.text and "12.00" in form.text
    assert 'name="price"' not in form.text  # the grade's price is the price
    as_you_type = await clerk.get(f"/weigh/{household}?weight=10&grade=一级")
    assert "120.00" in as_you_type.text

    fields = {"_csrf_token": csrf_of(form), "product_id": str(world.fruit_id), "weight": "10"}
    without = await clerk.post(f"/weigh/{household}", data={**fields, "action": "save", "key": "a"})
    assert without.status_code == 422 and "等级" in without.text
    assert await lots(world) == []

    saved = await clerk.post(
        f"/weigh/{household}",
        data={**fields, "grade": "一级", "price": "99", "action": "save", "key": "b"},
    )
    assert saved.status_code == 303, saved.text
    assert await lots(world) == [{"grade": "一级", "price_fen_per_kg": 1200, "amount_fen": 12000}]
    receipt = (await clerk.get(saved.headers["location"])).text
    assert "一级" in receipt and "120.00" in receipt

    await post_grades(world, ("一级", "Grade one", 1400))
    assert await lots(world) == [{"grade": "一级", "price_fen_per_kg": 1200, "amount_fen": 12000}]
    later = await clerk.post(
        f"/weigh/{household}", data={**fields, "grade": "一级", "action": "save", "key": "c"}
    )
    assert later.status_code == 303
    assert sorted(lot["price_fen_per_kg"] for lot in await lots(world)) == [1200, 1400]


async def test_the_offline_station_gets_the_grades_and_its_queue_carries_the_grade(visitor, world):
    await post_grades(world, ("特级", "Premium", 1600))
    clerk = await visitor(Role.CLERK)
    data = (await clerk.get("/weigh/offline-data")).json()
    fruit = next(p for p in data["products"] if p["id"] == world.fruit_id)
    assert fruit["grades"] == [
        {
            "code": "特级",
            "name_zh": "特级",
            "name_ug": "",
            "name_en": "Premium",
            "price_fen_per_kg": 1600,
        }
    ]
    await clerk.get("/weigh")
    headers = {"accept": "application/json", "x-coop-csrf": clerk.cookies["coop_csrf"]}
    body = {
        "household_id": world.households["H1"],
        "product_id": world.fruit_id,
        "weight_g": 5000,
        "price_fen_per_kg": 1600,
    }
    refused = await clerk.post(
        "/weigh/queue", json=body, headers={**headers, "idempotency-key": "g-1"}
    )
    assert refused.status_code == 422 and "等级" in refused.json()["error"]["message"]

    await post_grades(world, ("特级", "Premium", 1700))  # changed while the entry waited
    sent = await clerk.post(
        "/weigh/queue",
        json={**body, "grade": "特级"},
        headers={**headers, "idempotency-key": "g-2"},
    )
    assert sent.status_code == 201, sent.text
    assert await lots(world) == [{"grade": "特级", "price_fen_per_kg": 1600, "amount_fen": 8000}]


async def test_the_correction_form_keeps_the_grade_or_changes_it_at_the_original_price(
    visitor, world
):
    await post_grades(world, ("特级", "Premium", 1600), ("一级", "Grade one", 1200))
    clerk = await visitor(Role.CLERK)
    household = world.households["H1"]
    fields = {"product_id": str(world.fruit_id), "weight": "10", "action": "save"}
    for key, grade in (("k1", "特级"), ("k2", "特级")):
        saved = await post_form(
            clerk,
            f"/weigh/{household}",
            f"/weigh/{household}",
            {**fields, "key": key, "grade": grade},
        )
        assert saved.status_code == 303
    first, second = [
        row["id"]
        for row in await HarvestLot.select(HarvestLot.id)
        .where(HarvestLot.cooperative == world.cooperative_id)
        .order_by(HarvestLot.id)
    ]
    await post_grades(world, ("一级", "Grade one", 1500), ("特级", "Premium", 1900))

    page = f"/weigh/lots/{first}/correct"
    assert '<option value="一级"' in (await clerk.get(page)).text
    kept = await post_form(clerk, page, page, {"reason": "秤没归零", "weight": "9", "key": "c1"})
    regraded = await post_form(
        clerk,
        f"/weigh/lots/{second}/correct",
        f"/weigh/lots/{second}/correct",
        {"reason": "等级定错了", "grade": "一级", "key": "c2"},
    )
    assert kept.status_code == regraded.status_code == 303
    replacements = await (
        HarvestLot.select(HarvestLot.grade, HarvestLot.price_fen_per_kg, HarvestLot.amount_fen)
        .where((HarvestLot.cooperative == world.cooperative_id) & HarvestLot.replaces.is_not_null())
        .order_by(HarvestLot.id)
    )
    assert replacements == [
        {"grade": "特级", "price_fen_per_kg": 1600, "amount_fen": 14400},
        {"grade": "一级", "price_fen_per_kg": 1200, "amount_fen": 12000},
    ]
