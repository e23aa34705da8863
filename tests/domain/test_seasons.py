from datetime import date, datetime

import pytest

from coop.domain.errors import InvalidInput
from coop.domain.seasons import season_bounds, season_choices, season_of


def test_by_default_a_season_is_the_calendar_year():
    assert season_of(date(2026, 1, 1)) == 2026
    assert season_of(date(2026, 12, 31)) == 2026


def test_a_season_starting_in_june_puts_march_in_the_season_before():
    assert season_of(date(2026, 3, 1), start_month=6) == 2025


def test_a_season_starting_in_june_begins_on_the_first_of_june():
    assert season_of(date(2026, 5, 31), 6) == 2025
    assert season_of(date(2026, 6, 1), 6) == 2026


def test_a_timestamp_falls_in_the_season_of_its_day():
    assert season_of(datetime(2026, 7, 15, 9, 30), 6) == 2026


def test_a_season_runs_from_its_start_up_to_but_not_including_the_next_start():
    assert season_bounds(2026) == (date(2026, 1, 1), date(2027, 1, 1))
    assert season_bounds(2025, start_month=6) == (date(2025, 6, 1), date(2026, 6, 1))


def test_every_day_in_a_seasons_bounds_belongs_to_that_season():
    for start_month in range(1, 13):
        start, end = season_bounds(2026, start_month)
        assert season_of(start, start_month) == 2026
        assert season_of(date.fromordinal(end.toordinal() - 1), start_month) == 2026
        assert season_of(end, start_month) == 2027


@pytest.mark.parametrize("start_month", [0, 13, -1, True, "6"])
def test_a_start_month_outside_one_to_twelve_is_refused(start_month):
    with pytest.raises(InvalidInput, match="start month"):
        season_of(date(2026, 3, 1), start_month)
    with pytest.raises(InvalidInput, match="start month"):
        season_bounds(2026, start_month)


@pytest.mark.parametrize("season", [0, 9999, -2026])
def test_a_season_no_calendar_can_hold_is_refused(season):
    with pytest.raises(InvalidInput, match="no season"):
        season_bounds(season)


def test_a_household_chooses_among_its_seasons_and_the_current_one_newest_first():
    assert season_choices([2024, 2025, 2025, 2024], 2026) == [2026, 2025, 2024]
    assert season_choices([], 2026) == [2026]
    assert season_choices([2027], 2026) == [2027, 2026]  # a record of the next season, early
