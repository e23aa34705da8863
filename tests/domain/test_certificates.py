"""Certificate rules read as sentences: numbers, what the scale collects, how long they are kept."""

import random
from datetime import date, timedelta

import pytest

from coop.domain.certificates import (
    RETENTION_DAYS,
    is_certificate_number,
    new_certificate_number,
    normalise_certificate_number,
    purge_cutoff,
    received_number,
)
from coop.domain.errors import Conflict, InvalidInput


def test_a_certificate_number_is_short_printable_and_reads_back_typed_sloppily():
    number = new_certificate_number(2026, random.Random(7))
    assert number.startswith("C26-") and len(number) == 12
    typed = number.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalise_certificate_number(typed) == number


def test_a_mistyped_certificate_number_is_caught_by_its_check_symbol():
    number = new_certificate_number(2026, random.Random(3))
    wrong = number[:-2] + ("A" if number[-2] != "A" else "B") + number[-1]
    assert not is_certificate_number(wrong)
    with pytest.raises(InvalidInput):
        normalise_certificate_number("H26-7KQ3MXB4")  # a lot code is not a certificate


def test_with_the_requirement_on_a_delivery_needs_a_number_or_the_cooperative_issuing_it():
    with pytest.raises(InvalidInput) as refused:
        received_number(True, "", False)
    assert refused.value.code == "certificate_required"
    assert received_number(True, " HGZ-1 ", False) == "HGZ-1"
    assert received_number(True, "", True) == ""
    assert received_number(False, "", False) == ""


def test_a_number_and_on_behalf_together_or_an_unprintable_number_are_refused():
    with pytest.raises(InvalidInput):
        received_number(False, "HGZ-1", True)
    with pytest.raises(InvalidInput):
        received_number(False, "x" * 41, False)
    with pytest.raises(InvalidInput):
        received_number(False, "<script>", False)


def test_certificates_younger_than_six_months_cannot_be_purged():
    today = date(2026, 12, 2)
    with pytest.raises(Conflict):
        purge_cutoff(today, today)
    with pytest.raises(Conflict):
        purge_cutoff(date(2026, 6, 2), today)  # exactly six calendar months: still kept
    assert RETENTION_DAYS >= 184
    oldest_kept = today - timedelta(days=RETENTION_DAYS)
    assert purge_cutoff(oldest_kept, today) == oldest_kept
