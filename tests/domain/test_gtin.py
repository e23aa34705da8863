import pytest

from coop.domain.errors import InvalidInput
from coop.domain.gtin import gtin_check_digit, normalise_gtin


def test_a_gtin_13_becomes_fourteen_digits_with_a_leading_zero():
    assert normalise_gtin("9501101530003") == "09501101530003"


@pytest.mark.parametrize(
    ("typed", "gtin14"),
    [
        ("96385074", "00000096385074"),  # GTIN-8
        ("036000291452", "00036000291452"),  # GTIN-12 (UPC-A)
        ("6 901234 567892", "06901234567892"),  # GTIN-13 as printed, with spaces
        ("10614141000415", "10614141000415"),  # GTIN-14
        ("９５０１１０１５３０００３", "09501101530003"),  # full-width digits (IME)
    ],
)
def test_every_gtin_length_is_read_as_fourteen_digits(typed, gtin14):
    assert normalise_gtin(typed) == gtin14


def test_the_check_digit_follows_the_gs1_mod_10_rule():
    assert gtin_check_digit("950110153000") == "3"
    assert gtin_check_digit("1061414100041") == "5"


@pytest.mark.parametrize("typed", ["9501101530004", "9501101530030", "10614141000416"])
def test_a_mistyped_digit_or_a_swap_is_refused_by_the_check_digit(typed):
    with pytest.raises(InvalidInput, match="check digit") as caught:
        normalise_gtin(typed)
    assert caught.value.code == "invalid_gtin"


@pytest.mark.parametrize("typed", ["", "123", "950110153000X", "95011015300", "123456789012345"])
def test_a_gtin_of_the_wrong_length_or_with_letters_is_refused(typed):
    with pytest.raises(InvalidInput, match="8, 12, 13 or 14 digits"):
        normalise_gtin(typed)
