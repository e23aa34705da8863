"""Fresh fruit sells within its shelf life and its season."""

from datetime import date

from coop.domain.freshness import fresh_until, unsellable_reason

PICKED = date(2026, 7, 3)


def test_fruit_kept_three_days_sells_until_the_third_day_after_picking():
    assert fresh_until(PICKED, 3) == date(2026, 7, 6)
    assert unsellable_reason("H26-X", PICKED, 2026, 3, date(2026, 7, 6), 2026) is None


def test_the_day_after_its_shelf_life_a_lot_is_refused_saying_when_it_was_picked():
    refused = unsellable_reason("H26-X", PICKED, 2026, 3, date(2026, 7, 7), 2026)
    assert refused is not None and refused.code == "lot_past_shelf_life"
    assert refused.params["picked_on"] == PICKED and refused.params["until"] == date(2026, 7, 6)


def test_last_seasons_fruit_is_refused_even_without_a_shelf_life():
    refused = unsellable_reason("H25-X", date(2025, 9, 1), 2025, None, date(2026, 7, 1), 2026)
    assert refused is not None and refused.code == "lot_past_season"
    assert unsellable_reason("H26-X", PICKED, 2026, None, date(2027, 1, 1), 2026) is None
