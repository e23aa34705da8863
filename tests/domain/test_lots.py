import random
import re

import pytest

from coop.domain.errors import InvalidInput
from coop.domain.lots import (
    ALPHABET,
    LotKind,
    is_valid_lot_code,
    new_lot_code,
    normalise_lot_code,
)

SHAPE = re.compile(r"[HB][0-9]{2}-[0-9A-HJKMNP-TV-Z]{8}")


def many_codes(count: int, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)
    kinds = list(LotKind)
    return [new_lot_code(rng.choice(kinds), rng.randrange(2020, 2100), rng) for _ in range(count)]


RANDOM_PART = range(4, 11)  # after "H26-", before the check symbol


def test_a_harvest_lot_code_names_its_kind_and_season_year():
    code = new_lot_code(LotKind.HARVEST, 2026, random.Random(1))
    assert code.startswith("H26-")
    assert len(code) == 12
    assert new_lot_code(LotKind.BATCH, 2031, random.Random(1)).startswith("B31-")


def test_ten_thousand_codes_are_short_well_shaped_and_all_different():
    codes = many_codes(10_000)
    assert all(SHAPE.fullmatch(code) for code in codes)
    assert all(len(code) <= 20 for code in codes)  # the GS1 limit for a lot code
    assert len(set(codes)) == len(codes)


def test_no_code_holds_a_letter_that_looks_like_a_digit_or_another_letter():
    codes = many_codes(10_000)
    assert not any(set(code) & set("OILU") for code in codes)


def test_every_code_drawn_is_valid_and_already_canonical():
    for code in many_codes(10_000):
        assert normalise_lot_code(code) == code


def test_the_default_randomness_comes_from_the_system_and_is_valid():
    assert is_valid_lot_code(new_lot_code(LotKind.BATCH, 2026))


def test_every_single_mistyped_symbol_in_the_random_part_is_caught():
    for code in many_codes(300):
        for position in RANDOM_PART:
            for symbol in ALPHABET.replace(code[position], ""):
                mistyped = code[:position] + symbol + code[position + 1 :]
                assert not is_valid_lot_code(mistyped), mistyped


def test_a_mistyped_kind_year_or_check_symbol_is_caught():
    code = new_lot_code(LotKind.HARVEST, 2026, random.Random(7))
    for position in (0, 1, 2, 11):
        for symbol in ALPHABET.replace(code[position], ""):
            assert not is_valid_lot_code(code[:position] + symbol + code[position + 1 :])


def test_swapping_two_neighbouring_symbols_is_caught_except_zero_next_to_z():
    # Luhn mod N's one blind spot: 0 and the last symbol (Z) double to each other's sum,
    # like 09/90 in the decimal Luhn check (https://en.wikipedia.org/wiki/Luhn_mod_N_algorithm).
    for code in many_codes(2_000):
        flat = code.replace("-", "")
        for position in range(3, len(flat) - 1):
            pair = flat[position : position + 2]
            if pair[0] == pair[1]:
                continue
            swapped = flat[:position] + pair[::-1] + flat[position + 2 :]
            assert is_valid_lot_code(swapped) == (set(pair) == {"0", "Z"}), swapped


def test_a_code_typed_in_lower_case_with_spaces_reads_as_the_printed_code():
    code = new_lot_code(LotKind.HARVEST, 2026, random.Random(3))
    assert normalise_lot_code(code.lower().replace("-", " ")) == code
    assert normalise_lot_code(" " + code.replace("-", "") + " ") == code
    assert normalise_lot_code("-".join(code.replace("-", ""))) == code


def test_o_typed_for_zero_and_i_or_l_typed_for_one_read_as_the_same_code():
    codes = [code for code in many_codes(2_000) if "0" in code[1:] and "1" in code]
    assert codes
    for code in codes:
        for zero, one in (("O", "I"), ("o", "l"), ("O", "L"), ("o", "i")):
            typed = code[0] + code[1:].replace("0", zero).replace("1", one)
            assert normalise_lot_code(typed) == code


def test_full_width_characters_from_a_chinese_keyboard_read_as_the_same_code():
    code = new_lot_code(LotKind.BATCH, 2026, random.Random(5))
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)
    assert normalise_lot_code(full_width) == code


@pytest.mark.parametrize(
    "typed",
    ["", "H26", "H26-7KQ3MXB", "H26-7KQ3MXB44", "X26-7KQ3MXB4", "HA6-7KQ3MXB4", "H26-7KQ3MXU4"],
)
def test_a_code_of_the_wrong_shape_is_refused_as_mistyped(typed):
    with pytest.raises(InvalidInput, match="mistyped") as refused:
        normalise_lot_code(typed)
    assert refused.value.code == "invalid_lot_code"
    assert refused.value.params == {"text": typed}
    assert not is_valid_lot_code(typed)


def test_a_code_with_a_wrong_check_symbol_is_refused_as_mistyped():
    code = new_lot_code(LotKind.HARVEST, 2026, random.Random(11))
    wrong_check = code[:-1] + ALPHABET[(ALPHABET.index(code[-1]) + 1) % len(ALPHABET)]
    with pytest.raises(InvalidInput, match="mistyped"):
        normalise_lot_code(wrong_check)
