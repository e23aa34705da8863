"""Payout runs: what a line pays, the board's changes, the steps, and stable bill numbers."""

from datetime import date

import pytest

from coop.domain.errors import Conflict, InvalidInput
from coop.domain.payout_runs import (
    RunStatus,
    bill_number,
    check_change,
    check_period,
    check_status,
    owed,
    pay,
)


def test_a_run_pays_the_balance_at_the_period_end_but_never_more_than_is_owed_now():
    assert owed(9500, 12000) == 9500  # fruit weighed after the period waits for the next run
    assert owed(9500, 4000) == 4000  # paid 55.00 by hand since
    assert owed(-1000, -1000) == 0  # a household that owes the cooperative is paid nothing


def test_an_excluded_household_gets_nothing_and_a_capped_one_at_most_its_cap():
    assert pay(9500, excluded=True, cap_fen=None) == 0
    assert pay(9500, excluded=False, cap_fen=5000) == 5000
    assert pay(4000, excluded=False, cap_fen=5000) == 4000
    assert pay(9500, excluded=False, cap_fen=None) == 9500


def test_excluding_or_capping_needs_a_reason():
    with pytest.raises(InvalidInput) as refused:
        check_change(True, None, " ")
    assert refused.value.code == "reason_required"
    assert check_change(False, None, "") == ""  # taking a change back needs none


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(InvalidInput):
        check_period(date(2026, 8, 15), date(2026, 8, 1))
    check_period(date(2026, 8, 1), date(2026, 8, 1))


def test_a_run_is_locked_only_from_a_draft_and_posted_only_once_locked():
    with pytest.raises(Conflict):
        check_status(RunStatus.LOCKED, RunStatus.DRAFT)
    check_status(RunStatus.DRAFT, RunStatus.DRAFT)


def test_a_bill_number_is_the_same_each_time_and_differs_by_run_and_household():
    assert bill_number(12, 34) == bill_number(12, 34) == "CP000012H00000034"
    assert len({bill_number(r, h) for r in (1, 2, 11) for h in (1, 2, 11)}) == 9
    assert bill_number(1234567, 1).isalnum() and len(bill_number(999_999, 99_999_999)) <= 32
