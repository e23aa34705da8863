"""Loading records within the asker's cooperative: another cooperative's records do not exist."""

from __future__ import annotations

from typing import Any

from coop.domain.actors import Actor
from coop.domain.errors import NotFound
from coop.tables import Cooperative, Household, Product


async def cooperative_of(actor: Actor) -> dict[str, Any]:
    row = await Cooperative.select().where(Cooperative.id == actor.cooperative_id).first()
    if row is None:
        raise NotFound("This cooperative no longer exists.", code="cooperative_not_found")
    return row


async def household_of(actor: Actor, household_id: int) -> dict[str, Any]:
    row = await (
        Household.select()
        .where((Household.id == household_id) & (Household.cooperative == actor.cooperative_id))
        .first()
    )
    if row is None:
        raise NotFound(
            "No household {household_id} in this cooperative.",
            code="household_not_found",
            household_id=household_id,
        )
    return row


async def product_of(actor: Actor, product_id: int) -> dict[str, Any]:
    row = await (
        Product.select()
        .where((Product.id == product_id) & (Product.cooperative == actor.cooperative_id))
        .first()
    )
    if row is None:
        raise NotFound(
            "No product {product_id} in this cooperative.",
            code="product_not_found",
            product_id=product_id,
        )
    return row
