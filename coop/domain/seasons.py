"""Seasons are harvest years that start in a month the cooperative chooses."""

from collections.abc import Iterable
from datetime import date

from coop.domain.errors import InvalidInput


def validate_start_month(start_month: int) -> int:
    """A season starts on the first day of a calendar month, 1 to 12."""
    if type(start_month) is not int or not 1 <= start_month <= 12:
        raise InvalidInput(
            "The season's start month must be from 1 to 12, not {start_month}.",
            start_month=start_month,
        )
    return start_month


def season_of(day: date, start_month: int = 1) -> int:
    """Name a day's season by the year its harvest season started (June 2026 to May 2027: 2026)."""
    validate_start_month(start_month)
    return day.year if day.month >= start_month else day.year - 1


def season_bounds(season: int, start_month: int = 1) -> tuple[date, date]:
    """Give a season's first day and the first day of the next: a half-open [start, end) range."""
    validate_start_month(start_month)
    if type(season) is not int or not 1 <= season < 9999:
        raise InvalidInput("There is no season {season}.", season=season)
    return date(season, start_month, 1), date(season + 1, start_month, 1)


def season_choices(recorded: Iterable[int], current: int) -> list[int]:
    """The seasons a household can look back on: those with records, and the current one, newest
    first."""
    return sorted({*recorded, current}, reverse=True)
