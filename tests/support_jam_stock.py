"""Jam on the shelf for order tests: growers' fruit weighed in, cooked by P1, jars in stock."""

from __future__ import annotations

from contextlib import suppress
from datetime import date

from coop.domain.actors import Role
from coop.domain.errors import Conflict
from coop.services import batch_finishing, batches, certifications, weighins
from coop.services.batch_views import BatchView, Finish, InputLine, NewBatch
from coop.tables import Batch, Product


async def weigh(world, household: str, weight_g: int) -> weighins.WeighIn:
    clerk = world.actors[Role.CLERK]
    return await weighins.record_weighin(
        clerk, world.households[household], world.fruit_id, weight_g
    )


async def stock_jam(
    world,
    jars: int,
    growers: tuple[tuple[str, int], ...] = (("H1", 6000), ("H2", 4000)),
    best_before: date | None = None,
    buyer_name: str = "",
) -> BatchView:
    """A finished batch of the world's jam with this many jars, from these growers' fruit."""
    admin = world.actors[Role.ADMIN]
    await Product.update({Product.processing_fee_fen_per_kg: 500}).where(Product.id == world.jam_id)
    with suppress(Conflict):  # certified by an earlier batch of this test
        await certifications.certify(admin, world.households["P1"])
    batch = await batches.start_batch(
        admin,
        NewBatch(
            product_id=world.jam_id, household_id=world.households["P1"], buyer_name=buyer_name
        ),
    )
    for household, weight_g in growers:
        lot = await weigh(world, household, weight_g)
        await batches.put_input(admin, batch.id, InputLine(lot.lot_code, weight_g))
    finished = await batch_finishing.finish_batch(admin, batch.id, Finish(jars_filled=jars))
    if best_before is not None:
        await Batch.update({Batch.best_before: best_before}).where(Batch.id == batch.id)
    return finished


async def jars_left(batch_id: int) -> int:
    row = await Batch.select(Batch.jars_in_stock).where(Batch.id == batch_id).first()
    assert row is not None
    return int(row["jars_in_stock"])
