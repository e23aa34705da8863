"""The income review and the ledger as sheets: one sortable row per household or per entry."""

from __future__ import annotations

from coop.domain.money import format_yuan
from coop.domain.statement import EntryKind
from coop.exports.sheets import Column, Kind, Sheet
from coop.i18n import gettext, translate
from coop.i18n.names import NAMES
from coop.services.income_views import VillageReview
from coop.services.reports import LedgerLine

# The ledger sheet is read as the household's income, so a fruit purchase is its "Fruit sale" (售果,
# as in the review's "Fruit sales" column); every other kind keeps its one name.
KIND_NAMES = {**NAMES[EntryKind], EntryKind.FRUIT_PURCHASE: "Fruit sale"}

REVIEW_COLUMNS = (
    Column("Household code"),
    Column("Household name"),
    Column("Member"),
    Column("Fruit sales (yuan)", Kind.YUAN),
    Column("Processing fees (yuan)", Kind.YUAN),
    Column("Surplus return (yuan)", Kind.YUAN),
    Column("Income this season (yuan)", Kind.YUAN),
    Column("Income this season (fen)", Kind.INT),
    Column("Fruit sold (kg)", Kind.KG),
    Column("Previous season (yuan)", Kind.YUAN),
    Column("Baseline income (yuan)", Kind.YUAN),
    Column("Gain over baseline (yuan)", Kind.YUAN),
    Column("Gain over baseline (%)"),
    Column("Gain over previous season (yuan)", Kind.YUAN),
    Column("Gain over previous season (%)"),
    Column("From more fruit (yuan)", Kind.YUAN),
    Column("From a better price (yuan)", Kind.YUAN),
    Column("Past the baseline"),
)

LEDGER_COLUMNS = (
    Column("Date", Kind.DATE),
    Column("Household code"),
    Column("Household name"),
    Column("Kind"),
    Column("Amount (yuan)", Kind.YUAN),
    Column("Amount (fen)", Kind.INT),
    Column("Lot or reference"),
    Column("Reason"),
    Column("Entry no.", Kind.INT),
)


def _yes_no(value: bool, locale: str) -> str:
    return gettext("yes" if value else "no", locale)


def review_sheet(review: VillageReview, locale: str) -> Sheet:
    rows = [
        (
            row.household_code,
            row.household_name,
            _yes_no(row.is_member, locale),
            row.fruit_sales_fen,
            row.processing_fees_fen,
            row.surplus_return_fen,
            row.income_fen,
            row.income_fen,
            row.fruit_weight_g,
            row.previous_season_income_fen,
            row.baseline_income_fen,
            row.gain_vs_baseline_fen,
            row.gain_vs_baseline_percent or "",
            row.gain_vs_previous_fen,
            row.gain_vs_previous_percent or "",
            row.more_fruit_fen,
            row.better_price_fen,
            _yes_no(row.past_baseline, locale),
        )
        for row in review.households
    ]
    return Sheet("Income review", REVIEW_COLUMNS, rows)


def ledger_sheet(lines: list[LedgerLine], locale: str) -> Sheet:
    rows = [
        (
            line.day,
            line.household_code,
            line.household_name,
            gettext(KIND_NAMES.get(line.kind, line.kind), locale),
            line.amount_fen,
            line.amount_fen,
            line.reference,
            line.reason,
            line.id,
        )
        for line in lines
    ]
    return Sheet("Ledger", LEDGER_COLUMNS, rows)


BRIEF_COLUMNS = (
    Column("Household code"),
    Column("Household name"),
    Column("Income this season (yuan)", Kind.YUAN),
    Column("Previous season (yuan)", Kind.YUAN),
    Column("Baseline income (yuan)", Kind.YUAN),
    Column("Gain over baseline (yuan)", Kind.YUAN),
    Column("Gain over baseline (%)"),
)


def brief_review_sheet(review: VillageReview) -> Sheet:
    """The columns that fit a terminal."""
    rows = [
        (
            row.household_code,
            row.household_name,
            row.income_fen,
            row.previous_season_income_fen,
            row.baseline_income_fen,
            row.gain_vs_baseline_fen,
            row.gain_vs_baseline_percent or "",
        )
        for row in review.households
    ]
    return Sheet("Income review", BRIEF_COLUMNS, rows)


def village_lines(review: VillageReview, locale: str) -> list[str]:
    """The village's figures in a few sentences, above the table."""
    lines = [
        translate(
            "Season {season}: {households} households, income {income} yuan"
            " (previous season {previous} yuan).",
            locale,
            season=review.season,
            households=review.households_count,
            income=format_yuan(review.this_season.income_fen),
            previous=format_yuan(review.previous_season.income_fen),
        ),
        translate(
            "{past} of {with_baseline} households with a baseline have passed it.",
            locale,
            past=review.households_past_baseline,
            with_baseline=review.households_with_baseline,
        ),
    ]
    if review.income_quartiles:
        lines.append(
            translate(
                "Household income: lower quartile {q1}, median {median}, upper quartile {q3} yuan"
                " (nearest rank).",
                locale,
                q1=format_yuan(review.income_quartiles.q1_fen),
                median=format_yuan(review.income_quartiles.median_fen),
                q3=format_yuan(review.income_quartiles.q3_fen),
            )
        )
    if review.caught_up_on:
        lines.append(
            translate(
                "The village passed last year's income on {day}.",
                locale,
                day=review.caught_up_on.isoformat(),
            )
        )
    return lines
