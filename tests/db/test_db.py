"""The one way to write (coop.db.write) under concurrency, on SQLite and on PostgreSQL."""

import asyncio
from zoneinfo import ZoneInfo

import pytest

from coop import db
from coop.domain.actors import Role
from coop.services import clock
from coop.tables import AuditEvent, Household


async def audit_rows(world, action: str) -> int:
    return await AuditEvent.count().where(
        (AuditEvent.cooperative == world.cooperative_id) & (AuditEvent.action == action)
    )


async def add_event(world, action: str) -> None:
    await db.insert(
        AuditEvent,
        cooperative=world.cooperative_id,
        action=action,
        detail="{}",
        at=clock.now(),
    )


async def test_a_read_beside_an_open_write_transaction_sees_only_what_is_committed(database, world):
    inside, release = asyncio.Event(), asyncio.Event()

    async def writing() -> None:
        async with db.write():
            await add_event(world, "beside")
            inside.set()
            await release.wait()

    task = asyncio.create_task(writing())
    await inside.wait()
    assert await audit_rows(world, "beside") == 0
    release.set()
    await task
    assert await audit_rows(world, "beside") == 1


async def test_a_write_outside_a_transaction_waits_for_an_open_one_and_both_land(database, world):
    inside = asyncio.Event()

    async def writing() -> None:
        async with db.write():
            await add_event(world, "first")
            inside.set()
            await asyncio.sleep(0.05)

    task = asyncio.create_task(writing())
    await inside.wait()
    await asyncio.wait_for(add_event(world, "second"), timeout=5)  # no transaction of its own
    await task
    assert (await audit_rows(world, "first"), await audit_rows(world, "second")) == (1, 1)


async def test_a_failed_write_transaction_leaves_nothing_and_the_next_one_works(database, world):
    try:
        async with db.write():
            await add_event(world, "rolled back")
            raise RuntimeError("the scale fell over")
    except RuntimeError:
        pass
    async with db.write():
        await add_event(world, "kept")
    assert (await audit_rows(world, "rolled back"), await audit_rows(world, "kept")) == (0, 1)


async def test_concurrent_weighins_make_distinct_lots_and_an_exact_ledger(client, world):
    body = {"household_id": world.households["H2"], "product_id": world.fruit_id}

    async def weigh(grams: int):
        return await client.post(
            "/api/v1/weighins", json={**body, "weight_g": grams}, headers=world.headers(Role.CLERK)
        )

    answers = await asyncio.gather(*(weigh(1000 + n) for n in range(30)))
    assert [a.status_code for a in answers] == [201] * 30
    lots = [a.json() for a in answers]
    assert len({lot["lot_code"] for lot in lots}) == 30
    statement = (
        await client.get(
            f"/api/v1/households/{world.households['H2']}/statement",
            headers=world.headers(Role.CLERK),
        )
    ).json()
    assert statement["income_fen"] == sum(lot["amount_fen"] for lot in lots)


async def test_a_second_writer_of_a_locked_row_waits_until_the_first_commits(database, world):
    steps: list[str] = []
    household = Household.select(Household.id).where(Household.id == world.households["H1"])

    async def writing(name: str, hold_s: float) -> None:
        async with db.write():
            await db.lock_rows(household)
            steps.append(f"{name} in")
            await asyncio.sleep(hold_s)
            steps.append(f"{name} out")

    first = asyncio.create_task(writing("first", 0.05))
    await asyncio.sleep(0.01)
    await writing("second", 0)
    await first
    assert steps == ["first in", "first out", "second in", "second out"]


def test_the_day_in_china_is_eight_hours_after_utc_on_sqlite_and_named_on_postgresql():
    assert db.local_day("at", clock.LOCAL, "sqlite") == "date(at, '+8 hours')"
    assert db.local_day("at", clock.LOCAL, "postgres") == "(at AT TIME ZONE 'Asia/Shanghai')::date"


def test_sqlite_cannot_name_the_days_of_a_zone_with_summer_time():
    with pytest.raises(ValueError):
        db.local_day("at", ZoneInfo("Europe/Berlin"), "sqlite")
