"""The village's figures for a season: totals, who passed their baseline, median and quartiles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Quartiles:
    q1: int
    median: int
    q3: int


def nearest_rank(values: Sequence[int], numerator: int, denominator: int) -> int:
    """Nearest-rank percentile: the k-th smallest value, k = ceil(n x p), p = numerator/denominator.

    Always a real household's figure (no interpolation), so it stays in whole fen.
    """
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * numerator // denominator))
    return ordered[rank - 1]


def quartiles(values: Sequence[int]) -> Quartiles | None:
    """First quartile, median and third quartile by the nearest-rank method; None for no values."""
    if not values:
        return None
    return Quartiles(
        nearest_rank(values, 1, 4), nearest_rank(values, 1, 2), nearest_rank(values, 3, 4)
    )


@dataclass(frozen=True)
class HouseholdIncome:
    """One household's season income beside its previous season and its baseline (may be None)."""

    income_fen: int
    previous_season_fen: int
    baseline_fen: int | None


@dataclass(frozen=True)
class VillageFigures:
    households: int
    income_fen: int
    previous_season_fen: int
    baseline_fen: int
    with_baseline: int
    past_baseline: int
    income_quartiles: Quartiles | None
    gain_vs_baseline_quartiles: Quartiles | None


def village_figures(rows: Sequence[HouseholdIncome]) -> VillageFigures:
    """A household has passed its baseline when this season's income is above it."""
    with_baseline = [row for row in rows if row.baseline_fen is not None]
    gains = [row.income_fen - (row.baseline_fen or 0) for row in with_baseline]
    return VillageFigures(
        households=len(rows),
        income_fen=sum(row.income_fen for row in rows),
        previous_season_fen=sum(row.previous_season_fen for row in rows),
        baseline_fen=sum(row.baseline_fen or 0 for row in with_baseline),
        with_baseline=len(with_baseline),
        past_baseline=sum(1 for gain in gains if gain > 0),
        income_quartiles=quartiles([row.income_fen for row in rows]),
        gain_vs_baseline_quartiles=quartiles(gains),
    )
