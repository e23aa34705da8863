"""A serial is one jar: scanned on many days, very often, or long after, its label may be copied."""

from datetime import date, timedelta

from coop.domain.scans import CopyLimits, CopySignal, copy_signals

JULY = date(2026, 7, 1)
LIMITS = CopyLimits(max_days=5, max_scans=30, grace_days=90)


def days(n: int) -> list[date]:
    return [JULY + timedelta(days=i) for i in range(n)]


def test_a_jar_scanned_a_few_times_on_a_few_days_looks_genuine():
    assert copy_signals(days(3) + days(2), 12, ended_on=JULY, limits=LIMITS) == []


def test_a_serial_scanned_on_more_distinct_days_than_a_jar_lasts_looks_copied():
    assert copy_signals(days(6), 6, None, LIMITS) == [CopySignal.MANY_DAYS]
    assert copy_signals(days(5) * 3, 15, None, LIMITS) == []  # same five days, several times


def test_a_serial_scanned_more_often_than_one_household_would_looks_copied():
    assert copy_signals(days(1), 31, None, LIMITS) == [CopySignal.MANY_SCANS]
    assert copy_signals(days(1), 30, None, LIMITS) == []


def test_a_serial_scanned_long_after_the_lot_ended_looks_copied():
    ended = JULY
    late = [ended + timedelta(days=91)]
    assert copy_signals(late, 1, ended, LIMITS) == [CopySignal.LONG_AFTER]
    assert copy_signals([ended + timedelta(days=90)], 1, ended, LIMITS) == []


def test_every_reason_is_given_when_several_hold():
    scanned = [JULY + timedelta(days=100 + i) for i in range(7)]
    assert copy_signals(scanned, 99, JULY, LIMITS) == list(CopySignal)
