"""Advances and inputs on credit: what a household owes back, and which of it is settled.

A cash advance is an amount; inputs on credit (seedlings, fertiliser, jars) are an item, a
quantity in thousandths of its unit and a unit price, their total by the one rounding rule. Both
are ledger debits of their own kinds: the balance owed nets them, income never counts them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coop.domain.decimal_text import normalise_typed, read_decimal, to_units
from coop.domain.errors import InvalidInput
from coop.domain.money import MAX_FEN
from coop.domain.rounding import divide_half_away_from_zero
from coop.domain.statement import EntryKind

MILLI = 1000  # quantities are kept in thousandths of their unit: "2.5" bags is 2500
MAX_QUANTITY_MILLI = 10**12
MAX_ITEM = 60


def check_amount(amount_fen: int) -> int:
    if type(amount_fen) is not int or not 0 < amount_fen <= MAX_FEN:
        raise InvalidInput("An advance must be more than 0 yuan.", code="invalid_amount")
    return amount_fen


def parse_quantity(text: str) -> int:
    """A typed quantity ("2.5", "１０") exactly, in thousandths; no more than three decimals."""
    fraction = read_decimal(normalise_typed(text))
    milli, exact = to_units(fraction, MILLI) if fraction else (0, False)
    if fraction is None or not exact or not 0 < milli <= MAX_QUANTITY_MILLI:
        raise InvalidInput(
            "{text} is not a quantity; write it like 2 or 2.5, at most three decimals.",
            code="invalid_quantity",
            text=text,
        )
    return milli


def format_quantity(quantity_milli: int) -> str:
    """Thousandths shown as typed: 2500 → "2.5", 10000 → "10"."""
    whole, rest = divmod(quantity_milli, MILLI)
    return f"{whole}.{rest:03d}".rstrip("0") if rest else str(whole)


def inputs_total(quantity_milli: int, unit_price_fen: int) -> int:
    """Quantity times unit price, rounded half away from zero to the fen (domain/rounding.py)."""
    if not 0 < quantity_milli <= MAX_QUANTITY_MILLI:
        raise InvalidInput("The quantity must be more than 0.", code="invalid_quantity", text="")
    if not 0 < unit_price_fen <= MAX_FEN:
        raise InvalidInput("The unit price must be more than 0 yuan.", code="invalid_unit_price")
    return check_amount(divide_half_away_from_zero(quantity_milli * unit_price_fen, MILLI))


def check_item(kind: EntryKind, item: str) -> str:
    """Inputs name what was given; a cash advance may say what it was for."""
    item = item.strip()
    if len(item) > MAX_ITEM:
        raise InvalidInput(
            "An item is at most {limit} characters.", code="item_too_long", limit=MAX_ITEM
        )
    if kind == EntryKind.INPUT_CREDIT and not item:
        raise InvalidInput(
            "Name the inputs given on credit, for example 化肥.", code="item_required"
        )
    return item


@dataclass(frozen=True)
class Deduction:
    """One advance or inputs on credit, net of any reversal, as it was posted (oldest first)."""

    id: int
    amount_fen: int  # positive: what the household owes back


@dataclass(frozen=True)
class Settlement:
    id: int
    amount_fen: int
    settled_fen: int
    outstanding_fen: int

    @property
    def settled(self) -> bool:
        return self.outstanding_fen == 0


def settlements(balance_fen: int, deductions: Iterable[Deduction]) -> list[Settlement]:
    """Which deductions are repaid: what the household earned covers the oldest first.

    The balance owed already nets every deduction, and a payout never takes it below zero, so
    what is not yet repaid is exactly what the balance is below zero; the rest is settled, oldest
    deduction first.
    """
    ordered = [d for d in deductions if d.amount_fen > 0]
    owing = min(max(0, -balance_fen), sum(d.amount_fen for d in ordered))
    settled_left = sum(d.amount_fen for d in ordered) - owing
    result = []
    for deduction in ordered:
        settled = min(deduction.amount_fen, settled_left)
        settled_left -= settled
        result.append(
            Settlement(deduction.id, deduction.amount_fen, settled, deduction.amount_fen - settled)
        )
    return result
