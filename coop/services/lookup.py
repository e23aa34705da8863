"""Loading records within the asker's cooperative: another cooperative's records do not exist."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from piccolo.table import Table

from coop.db import sql
from coop.domain.actors import Actor
from coop.domain.errors import NotFound
from coop.tables import Cooperative, GradePrice, Household, Product, ProductGrade


async def _row(table: type[Table], condition: str, *args: Any) -> dict[str, Any] | None:
    """One row by hand-written SQL: these run inside every weigh-in, Piccolo's builder is slow."""
    rows = await sql(f'SELECT * FROM "{table._meta.tablename}" WHERE {condition}', *args)
    return rows[0] if rows else None


async def cooperative_of(actor: Actor) -> dict[str, Any]:
    row = await _row(Cooperative, "id = {}", actor.cooperative_id)
    if row is None:
        raise _no_cooperative()
    return row


async def household_of(actor: Actor, household_id: int) -> dict[str, Any]:
    row = await _row(Household, "id = {} AND cooperative = {}", household_id, actor.cooperative_id)
    if row is None:
        raise _no_household(household_id)
    return row


async def product_of(actor: Actor, product_id: int) -> dict[str, Any]:
    row = await _row(Product, "id = {} AND cooperative = {}", product_id, actor.cooperative_id)
    if row is None:
        raise _no_product(product_id)
    return row


_WEIGHING = (  # one statement instead of five: it runs inside every weigh-in's write lock
    "SELECT h.code AS household_code, h.display_name AS household_name,"
    " h.active AS household_active, p.unit AS unit,"
    " p.name_zh AS product_name, p.name_ug AS product_name_ug, p.name_en AS product_name_en,"
    " p.purchase_price_fen_per_kg AS posted_price_fen_per_kg,"
    " c.season_start_month AS season_start_month, c.require_certificate AS require_certificate,"
    " c.name AS name, c.village AS village, c.order_phone AS order_phone,"
    f' (SELECT COUNT(*) FROM "{ProductGrade._meta.tablename}" AS n WHERE n.product = p.id'
    f' AND n.active AND EXISTS (SELECT 1 FROM "{GradePrice._meta.tablename}" AS q'
    " WHERE q.grade = n.id AND q.posted_at <= {})) AS grades, g.id AS grade_id,"
    f' (SELECT gp.price_fen_per_kg FROM "{GradePrice._meta.tablename}" AS gp'
    " WHERE gp.grade = g.id AND gp.posted_at <= {}"
    " ORDER BY gp.posted_at DESC, gp.id DESC LIMIT 1) AS grade_price_fen_per_kg"
    f' FROM "{Cooperative._meta.tablename}" AS c'
    f' LEFT JOIN "{Household._meta.tablename}" AS h ON h.id = {{}} AND h.cooperative = c.id'
    f' LEFT JOIN "{Product._meta.tablename}" AS p ON p.id = {{}} AND p.cooperative = c.id'
    f' LEFT JOIN "{ProductGrade._meta.tablename}" AS g'
    " ON g.product = p.id AND g.code = {} AND g.active"
    " WHERE c.id = {}"
)


async def weighing_of(
    actor: Actor, household_id: int, product_id: int, grade: str, at: datetime
) -> dict[str, Any]:
    """What a weigh-in needs of its household, product, grade (its price at `at`) and
    cooperative, all of the actor's."""
    at = at.astimezone(UTC)
    rows = await sql(_WEIGHING, at, at, household_id, product_id, grade, actor.cooperative_id)
    if not rows:
        raise _no_cooperative()
    if rows[0]["household_code"] is None:
        raise _no_household(household_id)
    if rows[0]["unit"] is None:
        raise _no_product(product_id)
    return rows[0]


def _no_cooperative() -> NotFound:
    return NotFound("This cooperative no longer exists.", code="cooperative_not_found")


def _no_household(household_id: int) -> NotFound:
    return NotFound(
        "No household {household_id} in this cooperative.",
        code="household_not_found",
        household_id=household_id,
    )


def _no_product(product_id: int) -> NotFound:
    return NotFound(
        "No product {product_id} in this cooperative.",
        code="product_not_found",
        product_id=product_id,
    )
