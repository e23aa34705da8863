from datetime import UTC, date, datetime

import pytest

from coop.domain.errors import InvalidInput
from coop.domain.processing import (
    LotBalance,
    Take,
    YieldRange,
    best_before,
    certified_on_day,
    check_yield,
    expected_jars,
    filled_g,
    processing_fee_fen,
    suggest_lots,
    validate_fee_rate,
    validate_jars,
    validate_sugar_g,
)

JAM = YieldRange(700, 950)


def lot(lot_id: int, remaining_g: int, day: int) -> LotBalance:
    return LotBalance(lot_id, f"H26-LOT{lot_id}", remaining_g, datetime(2026, 7, day, tzinfo=UTC))


def test_five_kg_of_fruit_at_five_yuan_per_kg_earns_twenty_five_yuan():
    assert processing_fee_fen(5000, 500) == 2500


def test_the_fee_follows_the_one_rounding_rule_half_up_to_the_fen():
    assert processing_fee_fen(1001, 500) == 501  # 500.5 fen rounds up
    assert processing_fee_fen(1000 + 999, 500) == 1000  # 999.5 fen rounds up
    assert processing_fee_fen(1, 500) == 1  # 0.5 fen rounds up
    assert processing_fee_fen(1, 499) == 0  # 0.499 fen rounds down


def test_a_reversed_fee_cancels_its_original_exactly():
    assert processing_fee_fen(-1001, 500) == -processing_fee_fen(1001, 500)


def test_eighteen_jars_of_250_g_fill_4_5_kg():
    assert filled_g(18, 250) == 4500


def test_a_batch_inside_its_expected_yield_is_not_flagged():
    check = check_yield(fruit_g=5000, sugar_g=1000, filled=4500, expected=JAM)
    assert check.yield_per_mille == 750
    assert (check.expected_min_g, check.expected_max_g) == (4200, 5700)
    assert not check.flagged


def test_a_batch_filling_less_than_expected_is_flagged():
    assert check_yield(5000, 1000, 4000, JAM).flagged  # 667 per mille


def test_a_batch_filling_more_than_its_fruit_and_sugar_allow_is_flagged():
    assert check_yield(5000, 1000, 6000, JAM).flagged  # 1000 per mille


def test_the_range_ends_count_as_inside_by_exact_integer_comparison():
    assert not check_yield(3000, 0, 2100, JAM).flagged  # exactly 700 per mille
    assert not check_yield(3000, 0, 2850, JAM).flagged  # exactly 950 per mille
    assert check_yield(3000, 1, 2100, JAM).flagged  # a hair under 700 per mille


def test_without_an_expected_range_the_yield_is_shown_but_never_flagged():
    check = check_yield(5000, 0, 100, None)
    assert check.yield_per_mille == 20 and not check.flagged
    assert check.expected_min_g is None


def test_a_batch_without_fruit_or_sugar_has_no_yield():
    with pytest.raises(InvalidInput):
        check_yield(0, 0, 4500, JAM)


def test_an_expected_range_must_be_two_ordered_positive_per_mille_numbers():
    for low, high in ((900, 800), (0, 800), (700, 20000)):
        with pytest.raises(InvalidInput):
            YieldRange(low, high)


def test_best_before_is_the_day_made_plus_the_shelf_life():
    assert best_before(date(2026, 7, 10), 365) == date(2027, 7, 10)
    assert best_before(date(2026, 7, 10), None) is None


def test_the_oldest_lots_are_suggested_first_each_up_to_what_remains():
    lots = [lot(3, 10_000, 9), lot(1, 3000, 2), lot(2, 1500, 5)]
    suggestion = suggest_lots(lots, 6000)
    assert suggestion.takes == (
        Take(1, "H26-LOT1", 3000),
        Take(2, "H26-LOT2", 1500),
        Take(3, "H26-LOT3", 1500),
    )
    assert suggestion.short_g == 0


def test_a_suggestion_says_how_much_is_missing_when_the_lots_run_out():
    suggestion = suggest_lots([lot(1, 2000, 1), lot(2, 0, 2)], 5000)
    assert suggestion.takes == (Take(1, "H26-LOT1", 2000),)
    assert suggestion.short_g == 3000


def test_lots_weighed_at_the_same_moment_are_taken_in_the_order_they_were_recorded():
    suggestion = suggest_lots([lot(8, 1000, 1), lot(7, 1000, 1)], 1000)
    assert suggestion.takes == (Take(7, "H26-LOT7", 1000),)


def test_a_certification_holds_from_its_day_until_the_day_it_lapses():
    given, lapsed = date(2026, 6, 1), date(2026, 8, 1)
    assert not certified_on_day(given, None, date(2026, 5, 31))
    assert certified_on_day(given, None, date(2027, 1, 1))
    assert certified_on_day(given, lapsed, date(2026, 7, 31))
    assert not certified_on_day(given, lapsed, date(2026, 8, 1))


def test_jar_counts_sugar_and_fee_rates_are_whole_and_not_negative():
    assert validate_jars(18) == 18 and validate_sugar_g(0) == 0 and validate_fee_rate(0) == 0
    for bad in (0, -1, True, "2"):
        with pytest.raises(InvalidInput):
            validate_jars(bad)  # type: ignore[arg-type]
    for bad_weight in (-1, "1"):
        with pytest.raises(InvalidInput):
            validate_sugar_g(bad_weight)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        validate_fee_rate(-500)


@pytest.mark.parametrize(("fruit_g", "sugar_g", "net_g"), [(5000, 1000, 250), (4321, 0, 330)])
def test_the_expected_jar_counts_are_exactly_those_the_yield_check_accepts(fruit_g, sugar_g, net_g):
    fewest, most = expected_jars(fruit_g + sugar_g, net_g, JAM)
    for jars in range(1, most + 5):
        flagged = check_yield(fruit_g, sugar_g, filled_g(jars, net_g), JAM).flagged
        assert flagged == (not fewest <= jars <= most), jars


def test_six_kg_in_250_g_jars_expects_17_to_22_jars():
    assert expected_jars(6000, 250, JAM) == (17, 22)
