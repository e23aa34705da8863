"""The weigh station's forms through httpx (no JavaScript), on SQLite and PostgreSQL: a correction
voids only when asked, an unusual weight is confirmed first, amounts show before saving, and
the station says the day's totals."""

from __future__ import annotations

import re

from coop.domain.actors import Role
from coop.services import weighins
from coop.tables import Correction, HarvestLot, LedgerEntry
from web.conftest import post_form


async def weigh(world, household: str, grams: int) -> int:
    lot = await weighins.record_weighin(
        world.actors[Role.CLERK], world.households[household], world.fruit_id, grams
    )
    return lot.id


async def written(world) -> tuple[int, int, int]:
    mine = HarvestLot.cooperative == world.cooperative_id
    return (
        await HarvestLot.count().where(mine),
        await LedgerEntry.count().where(LedgerEntry.cooperative == world.cooperative_id),
        await Correction.count().where(Correction.cooperative == world.cooperative_id),
    )


async def test_the_correction_form_shows_the_old_weight_as_text_not_inside_the_field(
    visitor, world
):
    client = await visitor(Role.CLERK)
    lot_id = await weigh(world, "H1", 12_500)
    page = await client.get(f"/weigh/lots/{lot_id}/correct")
    field = re.search(r'<input id="weight"[^>]*>', page.text).group(0)
    assert "placeholder" not in field and 'value=""' in field
    assert re.search(
        r'data-testid="old-weight">[^<]*<span class="weight"><bdi class="num">12.5<', page.text
    )
    assert "作废这笔过磅" in page.text


async def test_an_empty_new_weight_is_refused_with_a_message_and_nothing_changes(visitor, world):
    client = await visitor(Role.CLERK)
    lot_id = await weigh(world, "H1", 12_500)
    url = f"/weigh/lots/{lot_id}/correct"
    before = await written(world)
    refused = await post_form(client, url, url, {"weight": "", "reason": "秤没归零"})
    assert refused.status_code == 422
    assert "请填写新重量" in refused.text and "作废" in refused.text
    assert await written(world) == before
    status = await HarvestLot.select(HarvestLot.status).where(HarvestLot.id == lot_id).first()
    assert status["status"] == "open"


async def test_the_void_button_voids_the_weigh_in_without_a_new_one(visitor, world):
    client = await visitor(Role.CLERK)
    lot_id = await weigh(world, "H1", 12_500)
    url = f"/weigh/lots/{lot_id}/correct"
    voided = await post_form(
        client, url, url, {"action": "void", "weight": "", "reason": "重复录入"}
    )
    assert voided.status_code == 303
    lots = await HarvestLot.select(HarvestLot.status).where(
        HarvestLot.cooperative == world.cooperative_id
    )
    assert lots == [{"status": "void"}]  # no replacement lot
    amounts = await LedgerEntry.select(LedgerEntry.amount_fen).where(
        LedgerEntry.cooperative == world.cooperative_id
    )
    assert sorted(e["amount_fen"] for e in amounts) == [-12_500, 12_500]


async def test_the_new_amount_is_shown_before_a_correction_is_saved(visitor, world):
    client = await visitor(Role.CLERK)
    lot_id = await weigh(world, "H1", 12_500)
    url = f"/weigh/lots/{lot_id}/correct"
    shown = await post_form(
        client, url, url, {"action": "preview", "weight": "12", "reason": "秤没归零"}
    )
    assert shown.status_code == 200
    assert re.search(r'data-testid="amount">.*120\.00', shown.text)
    assert await HarvestLot.count().where(HarvestLot.replaces == lot_id) == 0


async def test_1250_kg_is_saved_only_once_that_weight_is_confirmed(visitor, world):
    client = await visitor(Role.CLERK)
    household = world.households["H1"]
    url = f"/weigh/{household}"
    form = {"product_id": str(world.fruit_id), "weight": "1250", "price": "10", "key": "u1"}
    asked = await post_form(client, url, url, form)
    assert asked.status_code == 200 and 'data-testid="unusual"' in asked.text
    assert "1250 公斤超过 500 公斤" in asked.text
    wrong = await post_form(client, url, url, {**form, "unusual_ok": "125000"})  # another figure
    assert wrong.status_code == 200 and 'data-testid="unusual"' in wrong.text
    assert await HarvestLot.count().where(HarvestLot.household == household) == 0
    saved = await post_form(client, url, url, {**form, "unusual_ok": "1250000"})
    assert saved.status_code == 303
    lots = await HarvestLot.select(HarvestLot.weight_g).where(HarvestLot.household == household)
    assert lots == [{"weight_g": 1_250_000}]


async def test_an_unusual_corrected_weight_is_confirmed_too(visitor, world):
    client = await visitor(Role.CLERK)
    lot_id = await weigh(world, "H1", 12_500)
    url = f"/weigh/lots/{lot_id}/correct"
    asked = await post_form(client, url, url, {"weight": "1250", "reason": "秤没归零"})
    assert asked.status_code == 200 and 'data-testid="unusual"' in asked.text
    assert await HarvestLot.count().where(HarvestLot.replaces == lot_id) == 0
    done = await post_form(
        client, url, url, {"weight": "1250", "reason": "秤没归零", "unusual_ok": "1250000"}
    )
    assert done.status_code == 303
    assert await HarvestLot.count().where(HarvestLot.replaces == lot_id) == 1


async def test_a_growers_record_shows_its_amount_before_it_is_confirmed(visitor, world):
    grower = await visitor(Role.MEMBER)
    recorded = await post_form(
        grower, "/me", "/me/records", {"product_id": str(world.fruit_id), "weight": "8.4"}
    )
    assert recorded.status_code == 303
    clerk = await visitor(Role.CLERK)
    station = await clerk.get("/weigh")
    record = re.search(r'<li class="item" id="record-\d+">.*?</li>', station.text, re.S).group(0)
    assert re.search(r'data-testid="amount">.*84\.00', record, re.S)  # 8.4 kg at 10.00 yuan


async def test_the_station_shows_the_days_weigh_ins_kg_and_yuan(visitor, world):
    await weigh(world, "H1", 12_500)
    await weigh(world, "H2", 8_000)
    voided = await weigh(world, "P1", 3_000)
    client = await visitor(Role.CLERK)
    url = f"/weigh/lots/{voided}/correct"
    await post_form(client, url, url, {"action": "void", "reason": "重复录入"})
    station = await client.get("/weigh")
    total = re.search(r'data-testid="day-total">(.*?)</dl>', station.text, re.S).group(1)
    figures = re.findall(r'<bdi class="num">([^<]+)</bdi>', total)
    assert figures == ["2", "20.5", "205.00"]  # the voided weigh-in is not counted


async def test_confirming_a_growers_record_at_an_unusual_weight_asks_first(visitor, world):
    grower = await visitor(Role.MEMBER)
    await post_form(
        grower, "/me", "/me/records", {"product_id": str(world.fruit_id), "weight": "8"}
    )
    clerk = await visitor(Role.CLERK)
    station = await clerk.get("/weigh")
    record_id = re.search(r'id="record-(\d+)"', station.text).group(1)
    confirm = f"/weigh/records/{record_id}/confirm"
    form = {"weight": "800", "reason": "复秤"}
    asked = await post_form(clerk, "/weigh", confirm, form)
    assert asked.status_code == 200 and "800 公斤超过 500 公斤" in asked.text
    assert await HarvestLot.count().where(HarvestLot.cooperative == world.cooperative_id) == 0
    done = await post_form(clerk, "/weigh", confirm, {**form, "unusual_ok": "800000"})
    assert done.status_code == 303
    lots = await HarvestLot.select(HarvestLot.weight_g).where(
        HarvestLot.cooperative == world.cooperative_id
    )
    assert lots == [{"weight_g": 800_000}]
