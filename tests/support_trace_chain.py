"""A small traceable chain: lot L into two batches and a box of fresh fruit; orders from each."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from coop.domain.actors import Role
from coop.domain.errors import Conflict
from coop.services import batch_finishing, batches, certifications, order_creation, weighins
from coop.services.batch_views import BatchView, Finish, InputLine, NewBatch
from coop.services.order_views import NewLine, NewOrder, PickBatch, PickLot
from coop.tables import Product


async def weigh(world, household: str, weight_g: int) -> weighins.WeighIn:
    clerk = world.actors[Role.CLERK]
    return await weighins.record_weighin(
        clerk, world.households[household], world.fruit_id, weight_g
    )


async def cook(world, takes: list[tuple[str, int]], jars: int) -> BatchView:
    """A finished batch of the world's jam, P1 cooking, from these lots and grams."""
    admin = world.actors[Role.ADMIN]
    await Product.update({Product.processing_fee_fen_per_kg: 500}).where(Product.id == world.jam_id)
    with suppress(Conflict):
        await certifications.certify(admin, world.households["P1"])
    batch = await batches.start_batch(
        admin, NewBatch(product_id=world.jam_id, household_id=world.households["P1"])
    )
    for code, grams in takes:
        await batches.put_input(admin, batch.id, InputLine(code, grams))
    return await batch_finishing.finish_batch(admin, batch.id, Finish(jars_filled=jars))


async def sell_jars(world, batch_id: int, jars: int, buyer: str) -> int:
    order = await order_creation.create_order(
        world.actors[Role.CLERK],
        NewOrder(
            channel="wechat",
            buyer_name=buyer,
            buyer_phone="13900001234",
            address="伊宁市",
            lines=[
                NewLine(
                    product_id=world.jam_id,
                    jars=jars,
                    unit_price_fen=3500,
                    batches=[PickBatch(batch_id, jars)],
                )
            ],
            total_fen=jars * 3500,
        ),
    )
    return order.id


async def sell_fruit(world, lot_code: str, weight_g: int, buyer: str) -> int:
    order = await order_creation.create_order(
        world.actors[Role.CLERK],
        NewOrder(
            channel="on_site",
            buyer_name=buyer,
            lines=[
                NewLine(
                    product_id=world.fruit_id,
                    weight_g=weight_g,
                    unit_price_fen=2000,
                    lots=[PickLot(lot_code, weight_g)],
                )
            ],
            total_fen=weight_g * 2000 // 1000,
        ),
    )
    return order.id


@dataclass
class Chain:
    lot: str  # H1's lot L: into both batches and a box of fruit
    other: str  # H2's lot M: into batch one only
    unrelated: str  # H2's lot U: into batch three only
    one: BatchView
    two: BatchView
    three: BatchView
    traced_orders: set[int]
    other_orders: set[int]


async def build_chain(world) -> Chain:
    lot = (await weigh(world, "H1", 10_000)).lot_code
    other = (await weigh(world, "H2", 3_000)).lot_code
    unrelated = (await weigh(world, "H2", 2_000)).lot_code
    one = await cook(world, [(lot, 4_000), (other, 3_000)], jars=28)
    two = await cook(world, [(lot, 5_000)], jars=20)
    three = await cook(world, [(unrelated, 2_000)], jars=8)
    traced = {
        await sell_jars(world, one.id, 2, "张三"),
        await sell_jars(world, two.id, 3, "李四"),
        await sell_fruit(world, lot, 500, "王五"),
    }
    others = {await sell_jars(world, three.id, 1, "赵六")}
    return Chain(lot, other, unrelated, one, two, three, traced, others)
