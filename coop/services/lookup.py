"""Loading records within the asker's cooperative: another cooperative's records do not exist."""

from __future__ import annotations

from typing import Any

from piccolo.table import Table

from coop.db import sql
from coop.domain.actors import Actor
from coop.domain.errors import NotFound
from coop.tables import Cooperative, Household, Product


async def _row(table: type[Table], condition: str, *args: Any) -> dict[str, Any] | None:
    """One row by hand-written SQL: these run inside every weigh-in, Piccolo's builder is slow."""
    rows = await sql(f'SELECT * FROM "{table._meta.tablename}" WHERE {condition}', *args)
    return rows[0] if rows else None


async def cooperative_of(actor: Actor) -> dict[str, Any]:
    row = await _row(Cooperative, "id = {}", actor.cooperative_id)
    if row is None:
        raise NotFound("This cooperative no longer exists.", code="cooperative_not_found")
    return row


async def household_of(actor: Actor, household_id: int) -> dict[str, Any]:
    row = await _row(Household, "id = {} AND cooperative = {}", household_id, actor.cooperative_id)
    if row is None:
        raise NotFound(
            "No household {household_id} in this cooperative.",
            code="household_not_found",
            household_id=household_id,
        )
    return row


async def product_of(actor: Actor, product_id: int) -> dict[str, Any]:
    row = await _row(Product, "id = {} AND cooperative = {}", product_id, actor.cooperative_id)
    if row is None:
        raise NotFound(
            "No product {product_id} in this cooperative.",
            code="product_not_found",
            product_id=product_id,
        )
    return row
