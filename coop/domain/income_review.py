"""A household's income review: what it earned, against what, and where the gain came from.

Every figure is integer fen or grams, summed from the append-only ledger's entries.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from coop.domain.rounding import divide_half_away_from_zero
from coop.domain.statement import EntryKind, percent_change


@dataclass(frozen=True)
class SeasonIncome:
    """One household's (or the village's) income of one season, by kind, with the fruit's weight."""

    fruit_sales_fen: int = 0
    processing_fees_fen: int = 0
    surplus_return_fen: int = 0
    fruit_weight_g: int = 0

    @property
    def total_fen(self) -> int:
        return self.fruit_sales_fen + self.processing_fees_fen + self.surplus_return_fen

    @property
    def volume_fen(self) -> int:
        """Transaction volume with the cooperative: fruit sold to it and processing done for it."""
        return self.fruit_sales_fen + self.processing_fees_fen

    def __add__(self, other: SeasonIncome) -> SeasonIncome:
        return SeasonIncome(
            self.fruit_sales_fen + other.fruit_sales_fen,
            self.processing_fees_fen + other.processing_fees_fen,
            self.surplus_return_fen + other.surplus_return_fen,
            self.fruit_weight_g + other.fruit_weight_g,
        )


def season_income(sums_by_kind: Mapping[str, int], fruit_weight_g: int = 0) -> SeasonIncome:
    """Income of a season from sums by (effective) kind; payouts and adjustments are not income."""
    return SeasonIncome(
        fruit_sales_fen=sums_by_kind.get(EntryKind.FRUIT_PURCHASE, 0),
        processing_fees_fen=sums_by_kind.get(EntryKind.PROCESSING_FEE, 0),
        surplus_return_fen=sums_by_kind.get(EntryKind.SURPLUS_RETURN, 0),
        fruit_weight_g=fruit_weight_g,
    )


@dataclass(frozen=True)
class GainSources:
    """Where a gain over the previous season came from; the four parts sum exactly to the gain."""

    more_fruit_fen: int
    better_price_fen: int
    processing_fees_fen: int
    surplus_return_fen: int

    @property
    def total_fen(self) -> int:
        return (
            self.more_fruit_fen
            + self.better_price_fen
            + self.processing_fees_fen
            + self.surplus_return_fen
        )


def gain_sources(previous: SeasonIncome, current: SeasonIncome) -> GainSources:
    """Split the gain over the previous season into more fruit, better price, fees and surplus.

    With W grams sold for A fen (average price P = A / W) last season and W' grams for A' fen now,
    the fruit gain is A' - A = (W' - W) x P  +  W' x (P' - P): "more fruit" is the extra weight at
    last season's average price, rounded half away from zero to the fen; "better price" is the rest
    of the fruit gain, W' x (P' - P), taken as a difference so that no fen is lost to rounding.
    A household that sold no fruit last season has no price to compare: all its fruit is "more
    fruit". Processing fees and surplus return count as their own change over last season.
    """
    fruit_gain = current.fruit_sales_fen - previous.fruit_sales_fen
    if previous.fruit_weight_g > 0:
        more_fruit = divide_half_away_from_zero(
            (current.fruit_weight_g - previous.fruit_weight_g) * previous.fruit_sales_fen,
            previous.fruit_weight_g,
        )
    else:
        more_fruit = fruit_gain
    return GainSources(
        more_fruit_fen=more_fruit,
        better_price_fen=fruit_gain - more_fruit,
        processing_fees_fen=current.processing_fees_fen - previous.processing_fees_fen,
        surplus_return_fen=current.surplus_return_fen - previous.surplus_return_fen,
    )


class Basis(StrEnum):
    """What "last year" means for a household: its previous season, or the household visit."""

    PREVIOUS_SEASON = "previous_season"
    BASELINE = "baseline"


def last_year(previous_season_fen: int, baseline_fen: int | None) -> tuple[int, Basis] | None:
    """Last season's income when the household earned any then; before that, the visit's baseline.

    The baseline is the income of the year before the cooperative, recorded at the household visit
    (入户走访), so in a household's first season it is the income to catch up with.
    """
    if previous_season_fen > 0:
        return previous_season_fen, Basis.PREVIOUS_SEASON
    if baseline_fen is not None and baseline_fen > 0:
        return baseline_fen, Basis.BASELINE
    return None


def daily_totals(amounts: Iterable[tuple[date, int]]) -> list[tuple[date, int]]:
    """Sum amounts by day, in date order."""
    by_day: dict[date, int] = {}
    for day, fen in amounts:
        by_day[day] = by_day.get(day, 0) + fen
    return sorted(by_day.items())


def cumulative(daily: Iterable[tuple[date, int]]) -> list[tuple[date, int]]:
    """Running totals by day: the line a chart draws through the season."""
    running = 0
    points = []
    for day, fen in daily_totals(daily):
        running += fen
        points.append((day, running))
    return points


def caught_up_on(daily: Iterable[tuple[date, int]], target_fen: int | None) -> date | None:
    """The first day this season's running income passed (rose above) last year's total, or None."""
    if target_fen is None or target_fen <= 0:
        return None
    for day, running in cumulative(daily):
        if running > target_fen:
            return day
    return None


def counted_on(
    written_on: date, delivered_on: date | None = None, reverses_written_on: date | None = None
) -> date:
    """The day an income entry counts on through the season, so that a corrected mistake never was.

    A weigh-in's credit counts on its delivery's day, and so does the new weigh-in that corrects
    it; a reversal counts on the day of the entry it reverses; anything else on the day it was
    written. A weight mistyped on Monday and corrected on Tuesday then adds nothing on any day, and
    the running income passes last year's total only on a day the true deliveries did.
    """
    return delivered_on or reverses_written_on or written_on


@dataclass(frozen=True)
class Gain:
    """A gain in fen and as a percentage ("+60.0%"), or None where there is nothing to compare."""

    fen: int | None
    percent: str | None


def gain(current_fen: int, reference_fen: int | None) -> Gain:
    if reference_fen is None:
        return Gain(None, None)
    return Gain(current_fen - reference_fen, percent_change(current_fen, reference_fen))


def weekly_totals(daily: Iterable[tuple[date, int]]) -> list[tuple[date, int]]:
    """Sum by week, each week named by its Monday (weeks start on Monday in China, GB/T 7408)."""
    return daily_totals((day - timedelta(days=day.weekday()), fen) for day, fen in daily)
