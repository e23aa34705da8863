"""What an import reads before planning: products by code and name, orders already made, stock."""

from __future__ import annotations

from coop.domain.actors import Actor
from coop.domain.lots import LotStatus
from coop.domain.order_import import Products, ProductUnit
from coop.domain.processing import BatchStatus
from coop.tables import Batch, HarvestLot, Order, Product


async def products(actor: Actor) -> Products:
    """Active products by code, and by each name (in any language) that only one product has."""
    rows = await Product.select(
        Product.id, Product.code, Product.unit, Product.name_zh, Product.name_ug, Product.name_en
    ).where((Product.cooperative == actor.cooperative_id) & Product.active.eq(True))
    by_code = {row["code"]: ProductUnit(row["id"], row["unit"]) for row in rows}
    named: dict[str, list[ProductUnit]] = {}
    for row in rows:
        for name in {row["name_zh"].strip(), row["name_ug"].strip(), row["name_en"].strip()}:
            if name:
                named.setdefault(name, []).append(by_code[row["code"]])
    by_name = {name: units[0] for name, units in named.items() if len(units) == 1}
    return Products(by_code, by_name)


async def existing_numbers(actor: Actor, channel: str) -> set[str]:
    rows = await Order.select(Order.channel_order_no).where(
        (Order.cooperative == actor.cooperative_id) & (Order.channel == channel)
    )
    return {row["channel_order_no"] for row in rows}


async def stock(actor: Actor) -> dict[int, int]:
    """Jars for sale per jar product, grams left per fresh product: what imported rows may take."""
    on_hand: dict[int, int] = {}
    batches = await Batch.select(Batch.product, Batch.jars_in_stock).where(
        (Batch.cooperative == actor.cooperative_id)
        & (Batch.status == BatchStatus.FINISHED.value)
        & (Batch.buyer_name == "")
    )
    lots = await HarvestLot.select(HarvestLot.product, HarvestLot.remaining_g).where(
        (HarvestLot.cooperative == actor.cooperative_id)
        & (HarvestLot.status == LotStatus.OPEN.value)
    )
    rows = [(row["product"], row["jars_in_stock"]) for row in batches]
    rows += [(row["product"], row["remaining_g"]) for row in lots]
    for product, quantity in rows:
        on_hand[product] = on_hand.get(product, 0) + quantity
    return on_hand
