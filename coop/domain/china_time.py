"""The cooperative's day is the civil day in China (Asia/Shanghai): seasons, receipts and the
income review count days there. China has kept UTC+8 all year, without summer time, since 1991,
so that day is also the UTC moment shifted by a fixed offset (how SQLite is told to count it)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coop.domain.errors import InvalidInput

CHINA = ZoneInfo("Asia/Shanghai")


def _fixed_offset() -> timedelta:
    offset = CHINA.utcoffset(datetime(2000, 1, 1))
    assert offset is not None
    return offset


UTC_OFFSET = _fixed_offset()


def china_day(moment: datetime) -> date:
    """The day in China of a moment that knows its time zone (stored in UTC)."""
    return moment.astimezone(CHINA).date()


FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(9998, 12, 31)  # the last season's last day: the next one is still a date


def checked_day(day: date) -> date:
    """A day asked for from outside, 1900 to 9998: so its midnight and the next are moments
    every database holds, rather than an overflow."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(
            "A date is between {first} and {last}.",
            code="date_out_of_range",
            first=FIRST_DAY.isoformat(),
            last=LAST_DAY.isoformat(),
        )
    return day


def checked_moment(moment: datetime) -> datetime:
    """A moment asked for from outside, on a day from 1900 to 9998 (see checked_day)."""
    checked_day(moment.date())
    return moment


def china_midnight(day: date) -> datetime:
    """The moment a day begins in China: a day's records are those from its midnight to the next."""
    return datetime.combine(day, time(0), tzinfo=CHINA)
