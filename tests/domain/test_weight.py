import pytest

from coop.domain.errors import InvalidInput
from coop.domain.weight import format_kg, parse_weight, validate_weight_g


def test_twelve_and_a_half_kilograms_is_12500_grams():
    assert parse_weight("12.5") == 12500


@pytest.mark.parametrize(
    ("typed", "grams"),
    [
        ("12.5kg", 12500),
        ("12.5 KG", 12500),
        ("12.5 公斤", 12500),
        ("12.5千克", 12500),
        ("500g", 500),
        ("500 克", 500),
        ("25斤", 12500),
        ("25 市斤", 12500),
        ("0.5斤", 250),
        ("0.002斤", 1),
        ("１２．５ｋｇ", 12500),
        ("１２．５", 12500),
        (" 3 ", 3000),
        ("0.001", 1),
        ("12。5", 12500),
        ("12.500", 12500),
        ("100000", 100_000_000),
    ],
)
def test_what_a_person_types_becomes_exact_grams(typed, grams):
    parsed = parse_weight(typed)
    assert parsed == grams
    assert type(parsed) is int


def test_a_bare_number_is_read_in_the_default_unit():
    assert parse_weight("25", default_unit="斤") == 12500
    assert parse_weight("500", default_unit="g") == 500
    assert parse_weight("2 kg", default_unit="g") == 2000


def test_an_unknown_default_unit_is_a_programming_error_not_bad_input():
    with pytest.raises(ValueError):
        parse_weight("12", default_unit="lb")


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("", "Enter a weight"),
        ("  ", "Enter a weight"),
        ("kg", "not a weight"),
        ("0", "zero"),
        ("0.000 kg", "zero"),
        ("-3", "negative"),
        ("−3 kg", "negative"),
        ("0.0005 kg", "finer than a gram"),
        ("12.5 g", "finer than a gram"),
        ("0.001斤", "finer than a gram"),
        ("1,200", "without commas"),
        ("1e3", "more than one number"),
        ("12 5", "more than one number"),
        ("12 kg 500 g", "more than one number"),
        ("12 lb", "unit"),
        ("12 磅", "unit"),
        ("NaN", "not a weight"),
        ("inf", "not a weight"),
        ("1.2.3", "not a weight"),
        ("100000.001", "too large"),
        ("200001 斤", "too large"),
        ("9" * 5000, "not a weight"),
    ],
)
def test_an_impossible_or_ambiguous_weight_is_refused_saying_why(typed, why):
    with pytest.raises(InvalidInput, match=why) as refused:
        parse_weight(typed)
    assert refused.value.params == {"text": typed}


@pytest.mark.parametrize(
    ("grams", "shown"),
    [(12500, "12.5"), (12000, "12"), (12345, "12.345"), (0, "0"), (1, "0.001"), (10, "0.01")],
)
def test_grams_are_shown_in_kilograms_with_only_the_decimals_needed(grams, shown):
    assert format_kg(grams) == shown


def test_showing_then_reading_a_weight_gives_back_the_same_grams():
    for grams in (1, 10, 999, 1000, 12345, 100_000_000):
        assert parse_weight(format_kg(grams)) == grams


def test_a_whole_positive_number_of_grams_is_a_valid_weight():
    assert validate_weight_g(12500) == 12500
    assert validate_weight_g(100_000_000) == 100_000_000


@pytest.mark.parametrize("weight_g", [0, -1, 100_000_001, True, 12.5, "12500", None])
def test_anything_but_a_whole_positive_plausible_number_of_grams_is_refused(weight_g):
    with pytest.raises(InvalidInput):
        validate_weight_g(weight_g)
