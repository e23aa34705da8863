from datetime import UTC, date, datetime, timedelta

from coop.domain.china_time import CHINA, UTC_OFFSET, china_day


def test_a_late_evening_in_utc_is_already_the_next_morning_in_china():
    assert china_day(datetime(2026, 7, 1, 16, 30, tzinfo=UTC)) == date(2026, 7, 2)
    assert china_day(datetime(2026, 7, 1, 15, 59, tzinfo=UTC)) == date(2026, 7, 1)


def test_china_keeps_eight_hours_ahead_of_utc_in_winter_and_summer_alike():
    assert timedelta(hours=8) == UTC_OFFSET
    for year in (1992, 2026, 2040):
        for month in (1, 7):
            assert CHINA.utcoffset(datetime(year, month, 1)) == UTC_OFFSET
