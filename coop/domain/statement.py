"""Why money moved (the kinds of ledger entry), and income and balance as sums over entries."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from coop.domain.rounding import divide_half_away_from_zero


class EntryKind(StrEnum):
    """Why money moved: each ledger entry has exactly one kind."""

    FRUIT_PURCHASE = "fruit_purchase"
    PROCESSING_FEE = "processing_fee"
    SURPLUS_RETURN = "surplus_return"
    PAYOUT = "payout"
    ADJUSTMENT = "adjustment"
    REVERSAL = "reversal"
    ADVANCE = "advance"  # cash lent to a household, repaid from what it earns
    INPUT_CREDIT = "input_credit"  # seedlings, fertiliser, jars given on credit


# What a household owes back out of what it earns: deducted from the balance, never lower income.
DEDUCTION_KINDS: frozenset[str] = frozenset({EntryKind.ADVANCE, EntryKind.INPUT_CREDIT})


# What a household earns from the cooperative; payouts only settle what is owed.
INCOME_KINDS: frozenset[str] = frozenset(
    {EntryKind.FRUIT_PURCHASE, EntryKind.PROCESSING_FEE, EntryKind.SURPLUS_RETURN}
)


def effective_kind(kind: str, reverses_kind: str | None) -> str:
    """A reversal counts as the kind it reverses, so a corrected sale is no sale at all."""
    return reverses_kind if kind == EntryKind.REVERSAL and reverses_kind else kind


@dataclass(frozen=True)
class Entry:
    """One signed ledger movement in fen: credits to the household positive, payouts negative."""

    kind: str
    amount_fen: int
    season: int
    created_at: datetime
    reverses_kind: str | None = None

    @property
    def is_income(self) -> bool:
        """Income-kind entries count, and so do reversals of them, against the kind they reverse."""
        return effective_kind(self.kind, self.reverses_kind) in INCOME_KINDS


@dataclass(frozen=True)
class IncomeSummary:
    """A household's season income beside its previous season, its baseline and what it is owed."""

    season: int
    income_fen: int
    previous_season_income_fen: int
    baseline_income_fen: int | None
    gain_vs_previous_fen: int
    gain_vs_baseline_fen: int | None
    balance_fen: int


def summarise(
    entries: Iterable[Entry], season: int, baseline_income_fen: int | None
) -> IncomeSummary:
    """Sum one household's entries: season income, gains, and the balance over all seasons."""
    income_by_season: defaultdict[int, int] = defaultdict(int)
    balance_fen = 0
    for entry in entries:
        balance_fen += entry.amount_fen
        if entry.is_income:
            income_by_season[entry.season] += entry.amount_fen
    income_fen = income_by_season[season]
    previous_fen = income_by_season[season - 1]
    return IncomeSummary(
        season=season,
        income_fen=income_fen,
        previous_season_income_fen=previous_fen,
        baseline_income_fen=baseline_income_fen,
        gain_vs_previous_fen=income_fen - previous_fen,
        gain_vs_baseline_fen=(
            None if baseline_income_fen is None else income_fen - baseline_income_fen
        ),
        balance_fen=balance_fen,
    )


def percent_change(new: int, old: int) -> str | None:
    """Show a gain as "+60.0%", to a tenth of a percent, halves away from zero; None without a base.

    The change is measured against the size of the old value, so a rise always reads as a gain.
    """
    if old == 0:
        return None
    tenths = divide_half_away_from_zero((new - old) * 1000, abs(old))
    sign = "+" if tenths > 0 else "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    return f"{sign}{whole}.{tenth}%"
