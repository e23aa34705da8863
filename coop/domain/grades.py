"""Grades and their prices: which price a weigh-in records, and what a grade must have.

A product with grades is weighed in one of them, at the price posted for that grade (the latest
posted at or before the weigh-in); a grade counts once it has a price (the station offers only
those). A product without such grades is weighed at its own posted price, the grade free text.
A price stated with the weigh-in (the API's override, or the offline queue's price shown at the
scale) is recorded as stated.
"""

from __future__ import annotations

from dataclasses import dataclass

from coop.domain.errors import InvalidInput
from coop.domain.money import MAX_FEN

MAX_CODE = 20  # harvest_lot.grade
MAX_NAME = 40


@dataclass(frozen=True)
class Posted:
    """What the cooperative posted for a product and the grade asked for."""

    product: str  # its name, for messages
    grades: int  # how many active grades the product has with a price posted (offered)
    grade_known: bool  # the grade asked for is one of them
    grade_price_fen_per_kg: int | None  # that grade's price at the weigh-in, if any was posted
    product_price_fen_per_kg: int  # the product's own posted price (products without grades)


def weighin_price(posted: Posted, grade: str, stated_fen_per_kg: int | None) -> int:
    """The price per kg a weigh-in of `grade` records."""
    if len(grade) > MAX_CODE:
        raise InvalidInput("A grade is at most 20 characters.", code="grade_too_long")
    if posted.grade_known and posted.grade_price_fen_per_kg is None and stated_fen_per_kg is None:
        raise InvalidInput(
            "Grade {grade} of {product} has no posted price yet.",
            code="grade_unpriced",
            product=posted.product,
            grade=grade,
        )
    if posted.grades and not grade:
        raise InvalidInput(
            "Choose a grade of {product}.", code="grade_required", product=posted.product
        )
    if posted.grades and not posted.grade_known:
        raise InvalidInput(
            "{product} has no grade {grade}.",
            code="unknown_grade",
            product=posted.product,
            grade=grade,
        )
    price = stated_fen_per_kg
    if price is None:
        price = posted.grade_price_fen_per_kg or posted.product_price_fen_per_kg
    check_price(price)
    return price


def check_price(price: int) -> None:
    if isinstance(price, bool) or not isinstance(price, int) or not 0 < price <= MAX_FEN:
        raise InvalidInput(
            "The price per kg must be a whole number of fen above zero.", code="invalid_price"
        )


def check_grade(code: str, name_zh: str) -> tuple[str, str]:
    """A grade needs a code (what lots record) and a Chinese name; both are trimmed."""
    code, name_zh = code.strip(), name_zh.strip()
    if not 0 < len(code) <= MAX_CODE:
        raise InvalidInput("A grade code is 1 to 20 characters.", code="invalid_grade_code")
    if not 0 < len(name_zh) <= MAX_NAME:
        raise InvalidInput("A grade needs a Chinese name.", code="invalid_grade_name")
    return code, name_zh
