"""Grades of a product and the prices posted for them at the scale, with their history."""

from __future__ import annotations

from piccolo.columns import BigInt, Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coop.tables.accounts import User
from coop.tables.cooperative import Cooperative, Product


class ProductGrade(Table):
    """A grade a product is bought in (特级, 一级 …); a lot records its code (`harvest_lot.grade`).

    The code is unique per product (raw migration); a grade is retired, never deleted.
    """

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    product = ForeignKey(Product, null=False, index=True)
    code = Varchar(length=20)
    name_zh = Varchar(length=40)
    name_ug = Varchar(length=40, default="")
    name_en = Varchar(length=40, default="")
    position = Integer(default=0)  # the order the weigh station offers the grades in
    active = Boolean(default=True)


class GradePrice(Table):
    """A price posted for a grade: the latest posted at or before a weigh-in is its price.

    Append-only (a trigger refuses UPDATE): the rows are the grade's price history.
    """

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    grade = ForeignKey(ProductGrade, null=False, index=True)
    price_fen_per_kg = BigInt()
    posted_by = ForeignKey(User, null=False)
    posted_at = Timestamptz(default=TimestamptzNow())
