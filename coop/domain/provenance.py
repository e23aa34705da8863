"""Whose fruit a sale came from: jars back through batch inputs to the growers' harvest lots."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coop.domain.rounding import divide_half_away_from_zero


@dataclass(frozen=True)
class FruitIn:
    """Fruit of one grower household that went into a batch."""

    household_id: int
    weight_g: int


def fruit_in_jars(inputs: Iterable[FruitIn], jars: int, jars_filled: int) -> dict[int, int]:
    """Each household's grams in these jars: its share of the batch, by jars, half up per grower.

    Shares are rounded per household, so they may differ from the batch's fruit by a gram or so;
    the income review sums grams per household, never across them.
    """
    grams: dict[int, int] = {}
    for fruit in inputs:
        grams[fruit.household_id] = grams.get(fruit.household_id, 0) + fruit.weight_g
    return {
        household: divide_half_away_from_zero(weight * jars, jars_filled)
        for household, weight in grams.items()
    }
