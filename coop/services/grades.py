"""Grades of a product and their posted prices: an admin posts, the weigh station reads.

A new price is a new row (the grade's history); a weigh-in reads the price posted at or before
it (`services/lookup.py`), so a later change leaves recorded lots as they are.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from typing import Annotated

import msgspec

from coop.db import insert, is_unique_violation, sql, write
from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, InvalidInput
from coop.domain.grades import check_grade, check_price
from coop.services import clock
from coop.services.audit import audit
from coop.services.fields import PLAIN, FenPerKg, Text20
from coop.services.lookup import product_of
from coop.tables import GradePrice, ProductGrade, User

Name40 = Annotated[str, msgspec.Meta(max_length=40, pattern=PLAIN)]
Position = Annotated[int, msgspec.Meta(ge=0, le=1000)]


class PostedPrice(msgspec.Struct, frozen=True):
    price_fen_per_kg: int
    posted_at: datetime
    posted_by: str


class GradeView(msgspec.Struct, frozen=True):
    product_id: int
    code: str
    name_zh: str
    name_ug: str
    name_en: str
    position: int
    active: bool
    price_fen_per_kg: int | None  # the price posted now; None before the first
    history: list[PostedPrice] = []  # newest first


class GradeFields(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A grade as an admin sets it; a price differs from the posted one → a new posted price."""

    code: Text20
    name_zh: Name40
    name_ug: Name40 = ""
    name_en: Name40 = ""
    position: Position = 0
    active: bool = True
    price_fen_per_kg: FenPerKg | None = None


_G, _P, _U = ProductGrade._meta.tablename, GradePrice._meta.tablename, User._meta.tablename
_GRADES = (
    "SELECT g.id AS id, g.product AS product_id, g.code AS code, g.name_zh AS name_zh,"
    " g.name_ug AS name_ug, g.name_en AS name_en, g.position AS position, g.active AS active,"
    f' (SELECT gp.price_fen_per_kg FROM "{_P}" AS gp WHERE gp.grade = g.id'
    " AND gp.posted_at <= {} ORDER BY gp.posted_at DESC, gp.id DESC LIMIT 1) AS price_fen_per_kg"
    f' FROM "{_G}" AS g WHERE g.cooperative = {{}}'
)
_HISTORY = (
    "SELECT gp.grade AS grade, gp.price_fen_per_kg AS price_fen_per_kg,"
    " gp.posted_at AS posted_at, u.name AS posted_by"
    f' FROM "{_P}" AS gp JOIN "{_G}" AS g ON g.id = gp.grade'
    f' JOIN "{_U}" AS u ON u.id = gp.posted_by'
    " WHERE g.product = {} AND g.cooperative = {} ORDER BY gp.posted_at DESC, gp.id DESC"
)


async def grades(actor: Actor, product_id: int) -> list[GradeView]:
    """A product's grades, retired ones too, each with its price history (staff)."""
    actor.require(Action.READ_EVERY_HOUSEHOLD)
    await product_of(actor, product_id)
    rows = await sql(
        f"{_GRADES} AND g.product = {{}} ORDER BY g.position, g.id",
        clock.now().astimezone(UTC),
        actor.cooperative_id,
        product_id,
    )
    history: defaultdict[int, list[PostedPrice]] = defaultdict(list)
    for row in await sql(_HISTORY, product_id, actor.cooperative_id):
        history[row.pop("grade")].append(msgspec.convert(row, PostedPrice))
    return [_view(row, history[row["id"]]) for row in rows]


async def priced_grades(actor: Actor) -> dict[int, list[GradeView]]:
    """Every product's active grades that have a price, in the station's order: one query."""
    actor.require(Action.READ_EVERY_HOUSEHOLD)
    rows = await sql(
        f"{_GRADES} AND g.active ORDER BY g.product, g.position, g.id",
        clock.now().astimezone(UTC),
        actor.cooperative_id,
    )
    offered: defaultdict[int, list[GradeView]] = defaultdict(list)
    for row in rows:
        if row["price_fen_per_kg"] is not None:
            offered[row["product_id"]].append(_view(row, []))
    return dict(offered)


def _view(row: dict, history: list[PostedPrice]) -> GradeView:
    fields = {k: v for k, v in row.items() if k != "id"}
    return msgspec.convert({**fields, "history": history}, GradeView, strict=False)


async def save_grade(actor: Actor, product_id: int, fields: GradeFields) -> GradeView:
    """Adds or changes a product's grade (admin); a new price is posted from now on."""
    actor.require(Action.MANAGE_REFERENCE_DATA)
    code, name_zh = check_grade(fields.code, fields.name_zh)
    if fields.price_fen_per_kg is not None:
        check_price(fields.price_fen_per_kg)
    try:
        async with write():
            product = await product_of(actor, product_id)
            if product["unit"] != "kg":
                raise InvalidInput(
                    "{product} is sold by the jar; only fresh produce has grades.",
                    code="not_weighable",
                    product=product["name_zh"],
                )
            grade_id = await _upsert(actor, product_id, code, name_zh, fields)
            price = fields.price_fen_per_kg
            if price is not None and price != await _price_now(grade_id):
                await insert(
                    GradePrice,
                    cooperative=actor.cooperative_id,
                    grade=grade_id,
                    price_fen_per_kg=price,
                    posted_by=actor.user_id,
                    posted_at=clock.now(),
                )
            await audit(actor, "save_grade", "product_grade", grade_id, code=code, price=price)
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(
                "Grade {grade} was just added by someone else; reload and try again.",
                code="duplicate_grade",
                grade=code,
            ) from None
        raise
    return next(g for g in await grades(actor, product_id) if g.code == code)


async def _upsert(
    actor: Actor, product_id: int, code: str, name_zh: str, fields: GradeFields
) -> int:
    names: dict = {
        "name_zh": name_zh,
        "name_ug": fields.name_ug.strip(),
        "name_en": fields.name_en.strip(),
        "position": fields.position,
        "active": fields.active,
    }
    found = await ProductGrade.select(ProductGrade.id).where(
        (ProductGrade.product == product_id) & (ProductGrade.code == code)
    )
    if not found:
        return await insert(
            ProductGrade, cooperative=actor.cooperative_id, product=product_id, code=code, **names
        )
    grade_id = int(found[0]["id"])
    await ProductGrade.update(names).where(ProductGrade.id == grade_id)
    return grade_id


async def _price_now(grade_id: int) -> int | None:
    rows = await sql(
        f'SELECT price_fen_per_kg FROM "{_P}" WHERE grade = {{}}'
        " ORDER BY posted_at DESC, id DESC LIMIT 1",
        grade_id,
    )
    return rows[0]["price_fen_per_kg"] if rows else None
