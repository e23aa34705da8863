"""What the income review answers, as the API sends it and pages and exports show it: integer fen
and grams per season, household and day, and the conversions from the domain's figures."""

from __future__ import annotations

from datetime import date

import msgspec

from coop.domain.income_review import SeasonIncome, daily_totals
from coop.domain.village import Quartiles


class SeasonFigures(msgspec.Struct, frozen=True):
    season: int
    fruit_sales_fen: int
    processing_fees_fen: int
    surplus_return_fen: int
    income_fen: int
    fruit_weight_g: int


class GainSourcesView(msgspec.Struct, frozen=True):
    """Where the gain over the previous season came from; the parts sum to that gain."""

    more_fruit_fen: int
    better_price_fen: int
    processing_fees_fen: int
    surplus_return_fen: int


class DayIncome(msgspec.Struct, frozen=True):
    day: date
    income_fen: int
    cumulative_fen: int


class QuartilesView(msgspec.Struct, frozen=True):
    q1_fen: int
    median_fen: int
    q3_fen: int


class HouseholdReview(msgspec.Struct, frozen=True):
    household_id: int
    household_code: str
    household_name: str
    is_member: bool
    season: int
    this_season: SeasonFigures
    previous_season: SeasonFigures
    baseline_income_fen: int | None
    baseline_year: int | None
    gain_vs_previous_fen: int
    gain_vs_previous_percent: str | None
    gain_vs_baseline_fen: int | None
    gain_vs_baseline_percent: str | None
    last_year_fen: int | None  # last season's income, or before any, the baseline
    last_year_basis: str | None  # "previous_season" or "baseline"
    gain_fen: int | None  # against last_year_fen
    gain_percent: str | None
    gain_sources: GainSourcesView
    caught_up_on: date | None
    balance_fen: int
    days: list[DayIncome]


class HouseholdRow(msgspec.Struct, frozen=True):
    household_id: int
    household_code: str
    household_name: str
    is_member: bool
    fruit_sales_fen: int
    processing_fees_fen: int
    surplus_return_fen: int
    income_fen: int
    fruit_weight_g: int
    previous_season_income_fen: int
    baseline_income_fen: int | None
    gain_vs_previous_fen: int
    gain_vs_previous_percent: str | None
    gain_vs_baseline_fen: int | None
    gain_vs_baseline_percent: str | None
    past_baseline: bool
    more_fruit_fen: int
    better_price_fen: int
    last_year_fen: int | None  # last season's income, or before any, the baseline
    gain_fen: int | None  # against last_year_fen
    gain_percent: str | None


class VillageReview(msgspec.Struct, frozen=True):
    season: int
    this_season: SeasonFigures
    previous_season: SeasonFigures
    households_count: int
    baseline_income_fen: int
    households_with_baseline: int
    households_past_baseline: int
    income_quartiles: QuartilesView | None
    gain_vs_baseline_quartiles: QuartilesView | None
    gain_vs_previous_fen: int
    gain_vs_previous_percent: str | None
    last_year_fen: int | None
    last_year_basis: str | None
    caught_up_on: date | None
    households: list[HouseholdRow]
    days: list[DayIncome]


def as_day(value: object) -> date:
    """SQLite's date() gives text; PostgreSQL gives a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def figures(season: int, income: SeasonIncome) -> SeasonFigures:
    return SeasonFigures(
        season,
        income.fruit_sales_fen,
        income.processing_fees_fen,
        income.surplus_return_fen,
        income.total_fen,
        income.fruit_weight_g,
    )


def day_incomes(rows: list[dict]) -> list[DayIncome]:
    """Income by day with its running total; the reversal rows fold into their day."""
    running = 0
    days = []
    for day, fen in daily_totals((as_day(row["day"]), int(row["fen"])) for row in rows):
        running += fen
        days.append(DayIncome(day, fen, running))
    return days


def quartiles_view(quartiles: Quartiles | None) -> QuartilesView | None:
    return (
        None if quartiles is None else QuartilesView(quartiles.q1, quartiles.median, quartiles.q3)
    )
