"""Earliest first: an order line's jars from the batches that expire first, fruit from the oldest
lots; planned, then taken with conditional UPDATEs, re-planned when a concurrent order took some."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from coop.domain.actors import Actor
from coop.domain.errors import OutOfStock
from coop.domain.lots import LotStatus
from coop.domain.orders import Allocation, Source, allocate
from coop.domain.processing import BatchStatus
from coop.domain.weight import format_kg
from coop.services import freshness, stock
from coop.tables import Batch, HarvestLot

ATTEMPTS = 20  # re-plans when a concurrent order took the stock just planned; each one takes some


async def earliest_jars(actor: Actor, product: dict[str, Any], jars: int) -> list[Allocation]:
    """Jars of a product, earliest best-before first; refused whole when there are too few."""
    return await _take_earliest(actor, product, jars, _batch_sources, _take_jars_from)


async def earliest_grams(actor: Actor, product: dict[str, Any], weight_g: int) -> list[Allocation]:
    """Grams of fresh fruit, the oldest lots first; refused whole when there is too little."""
    try:
        return await _take_earliest(actor, product, weight_g, _lot_sources, _take_grams_from)
    except OutOfStock:
        stale = await _stale_lots(actor, product)
        if not stale:
            raise
        available = sum(source.available for source in await _lot_sources(actor, product))
        raise freshness.short_of_fresh(product, weight_g, available, stale) from None


SourcesOf = Callable[[Actor, dict[str, Any]], Awaitable[list[Source]]]
TakeFrom = Callable[[Allocation], Awaitable[bool]]


async def _take_earliest(
    actor: Actor, product: dict[str, Any], wanted: int, sources_of: SourcesOf, take_from: TakeFrom
) -> list[Allocation]:
    """Plan earliest first, take with conditional UPDATEs; re-plan what a concurrent order took."""
    taken: list[Allocation] = []
    missing = wanted
    for _ in range(ATTEMPTS):
        sources = await sources_of(actor, product)
        plan, short = allocate(sources, missing)
        if short:
            raise _short(product, wanted, wanted - short)  # taken so far plus what is left
        for take in plan:
            if await take_from(take):
                taken.append(take)
                missing -= take.quantity
        if missing == 0:
            return _merged(taken)
    raise _short(product, wanted, wanted - missing)


def _merged(takes: list[Allocation]) -> list[Allocation]:
    """One allocation per source, even when a re-plan took from the same source twice."""
    merged: dict[int, Allocation] = {}
    for take in takes:
        prior = merged.get(take.source_id)
        quantity = take.quantity + (prior.quantity if prior else 0)
        merged[take.source_id] = Allocation(take.source_id, take.code, quantity)
    return list(merged.values())


async def _batch_sources(actor: Actor, product: dict[str, Any]) -> list[Source]:
    """Finished batches of the product with jars on hand; batches made for a buyer are theirs."""
    rows = await Batch.select(Batch.id, Batch.code, Batch.jars_in_stock, Batch.best_before).where(
        (Batch.cooperative == actor.cooperative_id)
        & (Batch.product == product["id"])
        & (Batch.status == BatchStatus.FINISHED.value)
        & (Batch.buyer_name == "")
        & (Batch.jars_in_stock > 0)
    )
    return [Source(r["id"], r["code"], r["jars_in_stock"], r["best_before"]) for r in rows]


async def _open_lots(actor: Actor, product: dict[str, Any]) -> list[dict[str, Any]]:
    return await HarvestLot.select(
        HarvestLot.id,
        HarvestLot.code,
        HarvestLot.remaining_g,
        HarvestLot.weighed_at,
        HarvestLot.picked_on,
        HarvestLot.season,
    ).where(
        (HarvestLot.cooperative == actor.cooperative_id)
        & (HarvestLot.product == product["id"])
        & (HarvestLot.status == LotStatus.OPEN.value)
        & (HarvestLot.remaining_g > 0)
    )


async def _lot_sources(actor: Actor, product: dict[str, Any]) -> list[Source]:
    """Open lots of the fruit with some left, still fresh and of this season; oldest first."""
    today, season = await freshness.today_and_season(actor)
    return [
        Source(r["id"], r["code"], r["remaining_g"], freshness.picked_on(r))
        for r in await _open_lots(actor, product)
        if freshness.refusal(r, product, today, season) is None
    ]


async def _stale_lots(actor: Actor, product: dict[str, Any]) -> list[str]:
    """Codes of open lots that still hold fruit too old (or last season's) to sell fresh."""
    today, season = await freshness.today_and_season(actor)
    return [
        r["code"]
        for r in await _open_lots(actor, product)
        if freshness.refusal(r, product, today, season) is not None
    ]


async def _take_jars_from(take: Allocation) -> bool:
    return await stock.take_jars(take.source_id, take.quantity)


async def _take_grams_from(take: Allocation) -> bool:
    return await stock.take_grams(take.source_id, take.quantity)


def _short(product: dict[str, Any], wanted: int, available: int) -> OutOfStock:
    if product["unit"] == "jar":
        return OutOfStock(
            "Out of stock: only {available} jars of {product} are left; {wanted} ordered.",
            code="out_of_stock",
            product=product["name_zh"],
            available=available,
            wanted=wanted,
        )
    return OutOfStock(
        "Out of stock: only {available} kg of {product} are left; {wanted} kg ordered.",
        code="out_of_stock",
        product=product["name_zh"],
        available=format_kg(available),
        wanted=format_kg(wanted),
    )
