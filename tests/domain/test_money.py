import pytest

from coop.domain.errors import InvalidInput
from coop.domain.money import amount_fen, format_yuan, parse_yuan


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("10", 1000),
        ("10.0", 1000),
        ("10.00", 1000),
        ("0.5", 50),
        (" 12.5 ", 1250),
        ("0.01", 1),
        ("0", 0),
        ("１０．５", 1050),
        ("10元", 1000),
        ("10 yuan", 1000),
        ("¥10", 1000),
        ("￥ 12.50 元", 1250),
        ("12。5", 1250),
        ("10.500", 1050),
    ],
)
def test_what_a_person_types_in_yuan_becomes_exact_fen(typed, fen):
    parsed = parse_yuan(typed)
    assert parsed == fen
    assert type(parsed) is int


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "元",
        "-5",
        "−5",
        "10.005",
        "1,000",
        "1，000",
        "1.2.3",
        "1e3",
        "ten",
        "10abc",
        "NaN",
        "inf",
        "Infinity",
        "+5",
        "1 000",
        ".",
        "10000000001",
        "9" * 5000,
    ],
)
def test_an_ambiguous_or_impossible_amount_is_refused_with_what_was_typed(typed):
    with pytest.raises(InvalidInput) as refused:
        parse_yuan(typed)
    assert refused.value.params == {"text": typed}
    assert refused.value.code == "invalid_input"


def test_ten_billion_yuan_is_the_largest_amount_accepted():
    assert parse_yuan("10000000000") == 10**12


def test_a_refusal_says_why_in_words_a_person_can_act_on():
    with pytest.raises(InvalidInput, match="more than two decimals"):
        parse_yuan("10.005")
    with pytest.raises(InvalidInput, match="without commas"):
        parse_yuan("1,000")
    with pytest.raises(InvalidInput, match="negative"):
        parse_yuan("-5")


@pytest.mark.parametrize(
    ("fen", "shown"),
    [(12500, "125.00"), (-350, "-3.50"), (5, "0.05"), (0, "0.00"), (123456789, "1234567.89")],
)
def test_fen_are_shown_as_plain_yuan_with_two_decimals(fen, shown):
    assert format_yuan(fen) == shown


def test_formatting_then_parsing_gives_back_the_same_fen():
    for fen in (0, 1, 99, 100, 101, 123456789):
        assert parse_yuan(format_yuan(fen)) == fen


def test_twelve_and_a_half_kilograms_at_ten_yuan_is_125_yuan():
    assert amount_fen(12500, 1000) == 12500


def test_a_processing_fee_of_five_yuan_per_kg_on_3_2_kg_is_16_yuan():
    assert amount_fen(3200, 500) == 1600


def test_half_a_fen_rounds_up():
    assert amount_fen(1, 500) == 1  # 0.5 fen
    assert amount_fen(1, 499) == 0  # 0.499 fen


def test_just_under_half_a_fen_rounds_down_and_just_over_rounds_up():
    assert amount_fen(3, 166) == 0  # 0.498 fen
    assert amount_fen(3, 167) == 1  # 0.501 fen


def test_a_negative_amount_rounds_half_away_from_zero_so_a_reversal_cancels_its_original():
    assert amount_fen(1, -500) == -1
    assert amount_fen(-1, 500) == -1
    for weight_g in range(1, 2000, 7):
        assert amount_fen(-weight_g, 1333) == -amount_fen(weight_g, 1333)


def test_rounding_stays_exact_beyond_the_digits_a_binary_fraction_can_hold():
    # 100_000_001 x 999_999_999 = 100_000_000_899_999_999, past 2**53.
    assert amount_fen(100_000_001, 999_999_999) == 100_000_000_900_000
