"""The cooperative's day is the civil day in China (Asia/Shanghai): seasons, receipts and the
income review count days there. China has kept UTC+8 all year, without summer time, since 1991,
so that day is also the UTC moment shifted by a fixed offset (how SQLite is told to count it)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def _fixed_offset() -> timedelta:
    offset = CHINA.utcoffset(datetime(2000, 1, 1))
    assert offset is not None
    return offset


UTC_OFFSET = _fixed_offset()


def china_day(moment: datetime) -> date:
    """The day in China of a moment that knows its time zone (stored in UTC)."""
    return moment.astimezone(CHINA).date()


def china_midnight(day: date) -> datetime:
    """The moment a day begins in China: a day's records are those from its midnight to the next."""
    return datetime.combine(day, time(0), tzinfo=CHINA)
