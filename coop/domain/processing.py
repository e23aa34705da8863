"""Processing: jam batches made from harvest lots, and the processor's fee per kg of fruit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from coop.domain.errors import InvalidInput
from coop.domain.money import MAX_FEN, amount_fen
from coop.domain.rounding import divide_half_away_from_zero
from coop.domain.weight import MAX_WEIGHT_G

PER_MILLE = 1000
MAX_JARS = 100_000  # far beyond any village kitchen's batch, so more is a typo


class BatchStatus(StrEnum):
    """A batch is drafted, then finished; a finished one is corrected, held or recalled."""

    DRAFT = "draft"
    FINISHED = "finished"
    CORRECTED = "corrected"  # replaced by a reversal and, when needed, a new batch
    HELD = "held"  # sale paused (coop.services.holds)
    RECALLED = "recalled"  # withdrawn from sale (coop.services.recalls)


def processing_fee_fen(fruit_g: int, fee_rate_fen_per_kg: int) -> int:
    """The processor earns the fee rate per kg of fruit taken, by THE rounding rule."""
    return amount_fen(fruit_g, fee_rate_fen_per_kg)


def validate_fee_rate(fee_rate_fen_per_kg: int) -> int:
    """A fee rate is a whole number of fen per kg; zero is allowed (own kitchen)."""
    if type(fee_rate_fen_per_kg) is not int or not 0 <= fee_rate_fen_per_kg <= MAX_FEN:
        raise InvalidInput(
            "The fee rate must be a whole number of fen per kg, zero or more.",
            code="invalid_fee_rate",
        )
    return fee_rate_fen_per_kg


def validate_jars(jars_filled: int) -> int:
    """A finished batch filled at least one jar."""
    if type(jars_filled) is not int or not 0 < jars_filled <= MAX_JARS:
        raise InvalidInput(
            "Enter how many jars were filled: a whole number from 1 to {most}.",
            code="invalid_jar_count",
            most=MAX_JARS,
        )
    return jars_filled


def validate_sugar_g(sugar_g: int) -> int:
    """Sugar is weighed in whole grams and may be none."""
    if type(sugar_g) is not int or not 0 <= sugar_g <= MAX_WEIGHT_G:
        raise InvalidInput(
            "Sugar is a whole number of grams, zero or more.", code="invalid_sugar_weight"
        )
    return sugar_g


def filled_g(jars_filled: int, net_weight_g: int) -> int:
    """What went into jars: the jar count times each jar's net weight."""
    return jars_filled * net_weight_g


@dataclass(frozen=True)
class YieldRange:
    """The filled weight a product expects per 1000 g of fruit and sugar put in (per-mille)."""

    min_per_mille: int
    max_per_mille: int

    def __post_init__(self) -> None:
        low, high = self.min_per_mille, self.max_per_mille
        if type(low) is not int or type(high) is not int or not 0 < low <= high <= 10 * PER_MILLE:
            raise InvalidInput(
                "An expected yield is two whole per-mille numbers, the lower one first.",
                code="invalid_yield_range",
            )


@dataclass(frozen=True)
class YieldCheck:
    """A batch's yield against its product's range; outside it, the batch is flagged for review."""

    input_g: int
    filled_g: int
    yield_per_mille: int
    expected_min_g: int | None
    expected_max_g: int | None
    flagged: bool


def check_yield(fruit_g: int, sugar_g: int, filled: int, expected: YieldRange | None) -> YieldCheck:
    """Compare filled weight with fruit + sugar exactly (cross-multiplied integers, no rounding).

    Without an expected range nothing is flagged; the yield is still shown, to the per-mille.
    """
    input_g = fruit_g + sugar_g
    if input_g <= 0:
        raise InvalidInput("A batch needs fruit before it can be finished.", code="no_inputs")
    per_mille = divide_half_away_from_zero(filled * PER_MILLE, input_g)
    if expected is None:
        return YieldCheck(input_g, filled, per_mille, None, None, flagged=False)
    scaled = filled * PER_MILLE
    inside = expected.min_per_mille * input_g <= scaled <= expected.max_per_mille * input_g
    return YieldCheck(
        input_g=input_g,
        filled_g=filled,
        yield_per_mille=per_mille,
        expected_min_g=divide_half_away_from_zero(expected.min_per_mille * input_g, PER_MILLE),
        expected_max_g=divide_half_away_from_zero(expected.max_per_mille * input_g, PER_MILLE),
        flagged=not inside,
    )


def expected_jars(input_g: int, net_weight_g: int, expected: YieldRange) -> tuple[int, int]:
    """The fewest and most jars check_yield accepts from this much fruit and sugar."""
    per_jar = net_weight_g * PER_MILLE
    fewest = -(-expected.min_per_mille * input_g // per_jar)
    return fewest, expected.max_per_mille * input_g // per_jar


def best_before(made_on: date, shelf_life_days: int | None) -> date | None:
    """Best before = the day it was made plus the product's shelf life; unknown without one."""
    if shelf_life_days is None:
        return None
    return made_on + timedelta(days=shelf_life_days)


@dataclass(frozen=True)
class LotBalance:
    """What is left in a harvest lot, and its place in the order lots came in."""

    lot_id: int
    code: str
    remaining_g: int
    weighed_at: datetime


@dataclass(frozen=True)
class Take:
    lot_id: int
    code: str
    weight_g: int


@dataclass(frozen=True)
class Suggestion:
    """Which lots to take from, oldest first, and how much is still missing when they run out."""

    takes: tuple[Take, ...]
    short_g: int


def suggest_lots(lots: Iterable[LotBalance], wanted_g: int) -> Suggestion:
    """Take the oldest fruit first (it spoils first), each lot up to what remains in it."""
    takes = []
    missing = wanted_g
    for lot in sorted(lots, key=lambda lot: (lot.weighed_at, lot.lot_id)):
        if missing <= 0:
            break
        take = min(lot.remaining_g, missing)
        if take > 0:
            takes.append(Take(lot.lot_id, lot.code, take))
            missing -= take
    return Suggestion(tuple(takes), max(missing, 0))


def certified_on_day(certified_on: date, lapsed_on: date | None, day: date) -> bool:
    """A certification holds from the day it was given until the day it lapses (not included)."""
    return certified_on <= day and (lapsed_on is None or day < lapsed_on)
