"""The content version moves with every change a public page shows, and never queues writers."""

from __future__ import annotations

import asyncio

import pytest
from piccolo.engine.postgres import PostgresEngine

from coop.services.content_version import read_version
from coop.tables import Household

CONSENT = (
    f"UPDATE {Household._meta.tablename} SET consent_public_name = NOT consent_public_name"
    " WHERE id = $1"
)


async def test_a_change_moves_the_version_once_it_commits_and_a_stock_move_never(engine, world):
    before = await read_version(engine)
    await Household.update({Household.phone: "13900000000"}).where(
        Household.id == world.households["H1"]
    )
    assert await read_version(engine) == before  # a phone is never on a public page
    await Household.update({Household.consent_public_name: True}).where(
        Household.id == world.households["H1"]
    )
    assert await read_version(engine) > before


@pytest.mark.postgres_only  # SQLite runs one write transaction at a time anyway
async def test_on_postgresql_a_writer_never_waits_for_another_writers_open_transaction(
    engine, world
):
    """A public-table change in an open transaction must not hold the version row until COMMIT."""
    assert isinstance(engine, PostgresEngine)
    first, second = world.households["H1"], world.households["H2"]
    async with engine.pool.acquire() as slow, engine.pool.acquire() as quick, slow.transaction():
        await slow.execute(CONSENT, first)  # and the transaction stays open
        before = await read_version(engine)

        async def change_and_commit() -> None:
            async with quick.transaction():
                await quick.execute(CONSENT, second)

        await asyncio.wait_for(change_and_commit(), timeout=5)
        assert await read_version(engine) > before  # the quick one committed, and shows
