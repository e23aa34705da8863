"""The income review and the ledger as sheets: one sortable row per household or per entry."""

from __future__ import annotations

from coop.exports.sheets import Column, Kind, Sheet
from coop.i18n import gettext
from coop.services.income import VillageReview
from coop.services.reports import LedgerLine

KIND_NAMES = {  # English msgids; 中文 in the catalogs
    "fruit_purchase": "Fruit sale",
    "processing_fee": "Processing fee",
    "surplus_return": "Surplus return",
    "payout": "Payout",
    "adjustment": "Adjustment",
    "reversal": "Reversal",
}

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
