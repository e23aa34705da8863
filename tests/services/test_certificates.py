"""Certificates are append-only and kept six months: the database refuses an edit, a purge keeps
what the retention keeps and what a kept certificate points at."""

from datetime import date, timedelta

import pytest

from coop.db import insert, write
from coop.domain.actors import Role
from coop.domain.errors import Forbidden
from coop.services import certificates, clock
from coop.services.weighins import create_lot
from coop.tables import Certificate


async def _old_certificate(world, lot_id: int, days_ago: int, replaces: int | None = None) -> int:
    day = clock.today() - timedelta(days=days_ago)
    return await insert(
        Certificate, cooperative=world.cooperative_id, number=f"C24-OLD{days_ago:05d}",
        product=world.fruit_id, weight_g=1000, origin="果子沟村", picked_on=day, issued_on=day,
        basis="self_control", issuer="合作社", contact="", harvest_lot=lot_id, replaces=replaces,
        issued_by=world.actors[Role.ADMIN].user_id, issued_at=clock.now(),
    )  # fmt: skip


async def test_an_issued_certificate_cannot_be_edited_in_the_database(world):
    async with write():
        lot = await create_lot(
            world.actors[Role.CLERK], world.households["H1"], world.fruit_id, 1000, None
        )
    with pytest.raises(Exception, match="append-only"):
        async with write():
            await Certificate.update({Certificate.contact: "13800001111"}).where(
                Certificate.harvest_lot == lot.id
            )
    rows = await Certificate.select(Certificate.contact).where(Certificate.harvest_lot == lot.id)
    assert rows == [{"contact": ""}]


async def test_a_purge_takes_only_what_is_past_the_retention_and_not_pointed_at(world):
    async with write():
        lot = await create_lot(
            world.actors[Role.CLERK], world.households["H1"], world.fruit_id, 1000, None
        )
    gone = await _old_certificate(world, lot.id, 400)
    pointed_at = await _old_certificate(world, lot.id, 300)
    await _old_certificate(world, lot.id, 100, replaces=pointed_at)  # inside the retention

    purged = await certificates.purge(world.actors[Role.ADMIN], clock.today() - timedelta(days=200))

    assert purged == 1
    left = {
        r["id"]
        for r in await Certificate.select(Certificate.id).where(Certificate.harvest_lot == lot.id)
    }
    assert gone not in left and pointed_at in left and len(left) == 3  # the lot's own stays too
    with pytest.raises(Forbidden):
        await certificates.purge(world.actors[Role.CLERK], date(2020, 1, 1))  # admins only
