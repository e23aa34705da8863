"""The weigh station's day total counts China's day, on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime

import pytest

from coop.db import write
from coop.domain.actors import Role
from coop.domain.errors import Forbidden
from coop.services.station_day import day_total
from coop.services.weighin_corrections import correct_weighin
from coop.services.weighins import create_lot


async def weighed_at(world, household: str, grams: int, moment: datetime) -> int:
    async with write():
        lot = await create_lot(
            world.actors[Role.CLERK], world.households[household], world.fruit_id, grams, 1000,
            at=moment,
        )  # fmt: skip
    return lot.id


async def test_the_day_runs_from_midnight_to_midnight_in_china_and_a_voided_weigh_in_is_out(world):
    clerk = world.actors[Role.CLERK]
    await weighed_at(
        world, "H1", 5_000, datetime(2026, 7, 1, 15, 59, tzinfo=UTC)
    )  # 23:59 on 1 July
    await weighed_at(
        world, "H1", 12_500, datetime(2026, 7, 1, 16, 0, tzinfo=UTC)
    )  # 00:00 on 2 July
    await weighed_at(world, "H2", 8_000, datetime(2026, 7, 2, 15, 59, tzinfo=UTC))
    twice = await weighed_at(world, "P1", 3_000, datetime(2026, 7, 2, 9, 0, tzinfo=UTC))
    await weighed_at(world, "P1", 4_000, datetime(2026, 7, 2, 16, 0, tzinfo=UTC))  # 3 July
    await correct_weighin(clerk, twice, None, "重复录入", void=True)

    total = await day_total(clerk, date(2026, 7, 2))
    assert (total.weighins, total.weight_g, total.amount_fen) == (2, 20_500, 20_500)
    first = await day_total(clerk, date(2026, 7, 1))
    assert (first.weighins, first.weight_g, first.amount_fen) == (1, 5_000, 5_000)
    empty = await day_total(clerk, date(2026, 6, 30))
    assert (empty.weighins, empty.weight_g, empty.amount_fen) == (0, 0, 0)


async def test_a_grower_cannot_read_the_stations_day(world):
    with pytest.raises(Forbidden):
        await day_total(world.actors[Role.MEMBER])
