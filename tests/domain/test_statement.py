from datetime import UTC, datetime

import pytest

from coop.domain.statement import (
    INCOME_KINDS,
    Entry,
    EntryKind,
    IncomeSummary,
    percent_change,
    summarise,
)

WHEN = datetime(2026, 7, 15, 9, 30, tzinfo=UTC)


def entry(kind: str, amount_fen: int, season: int = 2026, reverses: str | None = None) -> Entry:
    return Entry(kind, amount_fen, season, WHEN, reverses_kind=reverses)


def test_income_kinds_are_fruit_purchases_processing_fees_and_surplus_returns():
    assert sorted(INCOME_KINDS) == ["fruit_purchase", "processing_fee", "surplus_return"]


def test_a_grower_who_also_processes_earns_both_the_fruit_price_and_the_fee():
    entries = [entry(EntryKind.FRUIT_PURCHASE, 12500), entry(EntryKind.PROCESSING_FEE, 6250)]
    assert summarise(entries, 2026, None).income_fen == 18750


def test_a_payout_settles_the_balance_but_is_not_income():
    entries = [entry(EntryKind.FRUIT_PURCHASE, 12500), entry(EntryKind.PAYOUT, -10000)]
    summary = summarise(entries, 2026, None)
    assert (summary.income_fen, summary.balance_fen) == (12500, 2500)


def test_a_reversed_fruit_purchase_no_longer_counts_as_income():
    entries = [
        entry(EntryKind.FRUIT_PURCHASE, 12500),
        entry(EntryKind.REVERSAL, -12500, reverses=EntryKind.FRUIT_PURCHASE),
        entry(EntryKind.FRUIT_PURCHASE, 12000),
    ]
    summary = summarise(entries, 2026, None)
    assert (summary.income_fen, summary.balance_fen) == (12000, 12000)


def test_a_reversed_payout_changes_the_balance_but_not_income():
    entries = [
        entry(EntryKind.FRUIT_PURCHASE, 12500),
        entry(EntryKind.PAYOUT, -12500),
        entry(EntryKind.REVERSAL, 12500, reverses=EntryKind.PAYOUT),
    ]
    summary = summarise(entries, 2026, None)
    assert (summary.income_fen, summary.balance_fen) == (12500, 12500)


def test_an_adjustment_moves_the_balance_but_is_not_income():
    summary = summarise([entry(EntryKind.ADJUSTMENT, 300)], 2026, None)
    assert (summary.income_fen, summary.balance_fen) == (0, 300)


def test_the_balance_owed_sums_every_season_but_income_only_the_one_asked_for():
    entries = [
        entry(EntryKind.FRUIT_PURCHASE, 50000, season=2025),
        entry(EntryKind.PAYOUT, -40000, season=2025),
        entry(EntryKind.FRUIT_PURCHASE, 80000, season=2026),
        entry(EntryKind.SURPLUS_RETURN, 5000, season=2024),
    ]
    assert summarise(entries, 2026, 30000) == IncomeSummary(
        season=2026,
        income_fen=80000,
        previous_season_income_fen=50000,
        baseline_income_fen=30000,
        gain_vs_previous_fen=30000,
        gain_vs_baseline_fen=50000,
        balance_fen=95000,
    )


def test_without_a_baseline_there_is_no_gain_against_it():
    summary = summarise([entry(EntryKind.FRUIT_PURCHASE, 100)], 2026, None)
    assert summary.baseline_income_fen is None
    assert summary.gain_vs_baseline_fen is None


def test_a_household_with_no_entries_has_nothing_owed_and_nothing_earned():
    summary = summarise([], 2026, 0)
    assert (summary.income_fen, summary.balance_fen, summary.gain_vs_baseline_fen) == (0, 0, 0)


def test_entries_may_come_as_a_one_pass_iterator():
    entries = iter([entry(EntryKind.FRUIT_PURCHASE, 100), entry(EntryKind.PAYOUT, -100)])
    summary = summarise(entries, 2026, None)
    assert (summary.income_fen, summary.balance_fen) == (100, 0)


@pytest.mark.parametrize(
    ("new", "old", "shown"),
    [
        (80000, 50000, "+60.0%"),
        (50000, 80000, "-37.5%"),
        (50000, 50000, "0.0%"),
        (20000, 10000, "+100.0%"),
        (10001, 10000, "0.0%"),  # +0.01% rounds to zero
        (10005, 10000, "+0.1%"),  # +0.05% is a half, rounded up
        (9995, 10000, "-0.1%"),  # -0.05% is a half, rounded away from zero
        (1, 3, "-66.7%"),
        (2, 3, "-33.3%"),
        (50, -100, "+150.0%"),  # measured against the size of the old value
    ],
)
def test_a_change_is_shown_as_a_signed_percentage_to_one_decimal(new, old, shown):
    assert percent_change(new, old) == shown


def test_there_is_no_percentage_change_from_nothing():
    assert percent_change(80000, 0) is None
