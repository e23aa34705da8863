"""Advances and inputs on credit: exact totals, and which are settled, oldest first."""

from datetime import UTC, datetime

import pytest

from coop.domain.advances import (
    Deduction,
    check_item,
    format_quantity,
    inputs_total,
    parse_quantity,
    settlements,
)
from coop.domain.errors import InvalidInput
from coop.domain.statement import INCOME_KINDS, Entry, EntryKind


def states(balance_fen, *amounts):
    found = settlements(balance_fen, [Deduction(i, fen) for i, fen in enumerate(amounts, 1)])
    return [(s.settled_fen, s.outstanding_fen) for s in found]


def test_a_30_yuan_advance_out_of_125_yuan_of_fruit_is_settled():
    assert states(9500, 3000) == [(3000, 0)]


def test_an_advance_larger_than_the_fruit_money_is_partly_outstanding():
    assert states(-1000, 3000) == [(2000, 1000)]  # 20.00 of fruit against a 30.00 advance


def test_the_oldest_advance_is_settled_first():
    assert states(-2500, 1000, 2000, 500) == [(1000, 0), (0, 2000), (0, 500)]


def test_nothing_earned_leaves_every_advance_outstanding():
    assert states(-3500, 3000, 500) == [(0, 3000), (0, 500)]


def test_a_reversed_advance_is_no_longer_owed():
    assert states(0, 0) == []


def test_a_settlement_reads_settled_only_when_nothing_is_outstanding():
    first, second = settlements(-100, [Deduction(1, 300), Deduction(2, 200)])
    assert first.settled and not second.settled


def test_two_and_a_half_bags_at_33_33_round_half_away_from_zero_to_83_33():
    assert inputs_total(parse_quantity("2.5"), 3333) == 8333  # 8332.5 fen


def test_a_quantity_is_read_exactly_from_what_is_typed():
    assert parse_quantity("１０") == 10_000
    assert parse_quantity("0.125") == 125


@pytest.mark.parametrize("typed", ["", "0", "-1", "1.2345", "abc", "1,5"])
def test_a_quantity_that_is_not_one_is_refused(typed):
    with pytest.raises(InvalidInput):
        parse_quantity(typed)


def test_inputs_on_credit_must_name_the_item_and_an_advance_need_not():
    with pytest.raises(InvalidInput) as refused:
        check_item(EntryKind.INPUT_CREDIT, "  ")
    assert refused.value.code == "item_required"
    assert check_item(EntryKind.ADVANCE, "") == ""
    assert check_item(EntryKind.INPUT_CREDIT, " 化肥 ") == "化肥"


def test_a_quantity_is_shown_as_it_was_typed():
    assert [format_quantity(q) for q in (2500, 10_000, 125, 1)] == ["2.5", "10", "0.125", "0.001"]


def test_an_advance_or_inputs_on_credit_are_never_income_nor_is_their_reversal():
    at = datetime(2026, 8, 1, tzinfo=UTC)
    for kind in (EntryKind.ADVANCE, EntryKind.INPUT_CREDIT):
        assert kind not in INCOME_KINDS
        assert not Entry(kind, -3000, 2026, at).is_income
        assert not Entry(EntryKind.REVERSAL, 3000, 2026, at, reverses_kind=kind).is_income
