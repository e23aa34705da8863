"""One hold: whichever way staff hold a harvest lot, its fruit stops AND its public page says so;
a lot held only on its page before the upgrade is held itself after it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from piccolo.engine.base import Engine
from support_old_schema import migrated_up_to, old_lot, old_world

from coop import db
from coop.domain.actors import Role
from coop.domain.errors import Conflict
from coop.services import batches, certifications
from coop.services.batch_views import InputLine, NewBatch
from coop.services.public import public_lot
from coop.tables import HarvestLot, Product
from web.conftest import post_form, sign_in

HELD = "本批次暂停销售"


async def by_api(site: httpx.AsyncClient, world, action: str, code: str, reason: str) -> None:
    url = {"hold": "/api/v1/holds", "release": "/api/v1/holds/release"}[action]
    answer = await site.post(
        url, json={"lot_code": code, "reason": reason}, headers=world.headers(Role.ADMIN)
    )
    assert answer.status_code == 200, answer.text


async def by_trace_page(site: httpx.AsyncClient, world, action: str, code: str, reason: str):
    if "coop_session" not in site.cookies:
        assert (await sign_in(site, world.phones[Role.CLERK])).status_code == 303
    answer = await post_form(
        site, f"/trace/forward?q={code}", f"/trace/{action}", {"lot_code": code, "reason": reason}
    )
    assert answer.status_code == 303, answer.text


async def take_fruit(world, code: str) -> None:
    """The processor puts 1 kg of the lot into a new draft batch of jam."""
    await Product.update({Product.processing_fee_fen_per_kg: 500}).where(Product.id == world.jam_id)
    processor = world.actors[Role.PROCESSOR]
    batch = await batches.start_batch(processor, NewBatch(product_id=world.jam_id))
    await batches.put_input(processor, batch.id, InputLine(code, 1_000))


@pytest.mark.parametrize("route", [by_api, by_trace_page], ids=["api", "trace-page"])
async def test_a_held_harvest_lot_is_not_processed_and_its_page_says_held(
    site, coop_world, make_lot, route
):
    code = await make_lot(coop_world)
    await certifications.certify(coop_world.actors[Role.ADMIN], coop_world.households["P1"])
    assert HELD not in (await site.get(f"/l/{code}")).text  # now in the page cache

    await route(site, coop_world, "hold", code, "农残待检")

    page = (await site.get(f"/l/{code}")).text
    assert HELD in page and "采摘日期" not in page
    with pytest.raises(Conflict) as refused:
        await take_fruit(coop_world, code)
    assert refused.value.code == "lot_not_for_sale"

    await route(site, coop_world, "release", code, "检测合格")

    page = (await site.get(f"/l/{code}")).text
    assert HELD not in page and "采摘日期" in page
    await take_fruit(coop_world, code)


BEFORE_THE_DROP = "2026-11-23T19:37:36:429670"  # the last migration with harvest_lot.public_status


@pytest.fixture
async def old_database(database_url, engine, tmp_path) -> AsyncIterator[Engine]:
    """A new database migrated only up to BEFORE_THE_DROP; the session's database bound after."""
    async with migrated_up_to(BEFORE_THE_DROP, database_url, engine, tmp_path) as old:
        yield old


async def test_a_lot_held_only_on_its_page_is_held_itself_after_the_upgrade(old_database):
    world = await old_world()  # written as the old schema's code wrote it
    held, recalled, plain = [await old_lot(world) for _ in range(3)]
    for code, status in ((held, "held"), (recalled, "recalled")):
        await HarvestLot.raw(
            "UPDATE harvest_lot SET public_status = {} WHERE code = {}", status, code
        )

    await db.migrate(old_database)

    rows = await HarvestLot.select(HarvestLot.code, HarvestLot.status)
    assert {r["code"]: r["status"] for r in rows} == {
        held: "held",
        recalled: "recalled",
        plain: "open",
    }
    assert (await public_lot(held)).status == "held"
    await certifications.certify(world.actors[Role.ADMIN], world.households["P1"])
    with pytest.raises(Conflict) as refused:
        await take_fruit(world, held)
    assert refused.value.code == "lot_not_for_sale"
    row = (await HarvestLot.raw("SELECT * FROM harvest_lot"))[0]
    assert "public_status" not in row and "status" in row
