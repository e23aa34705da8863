"""SMS parts: Chinese and Uyghur are UCS-2 (70 characters alone, 67 a part); numbers as dialled."""

from __future__ import annotations

from datetime import timedelta

import pytest

from coop.domain.sms import backoff, dialled, is_dialable, national, segments

UYGHUR = "ئۇيغۇرچە"  # 8 characters


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("", 0),
        ("价" * 70, 1),
        ("价" * 71, 2),
        ("价" * 134, 2),
        ("价" * 135, 3),
        (UYGHUR * 8 + "ئا" * 3, 1),  # 70
        (UYGHUR * 9, 2),  # 72
        (UYGHUR * 16 + "ئا" * 3, 2),  # 134: two parts of 67
        (UYGHUR * 16 + "ئا" * 3 + "ئ", 3),  # 135
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 159 + "€", 2),  # € takes two GSM places
        ("a" * 69 + "价", 1),  # one Chinese character makes the whole text UCS-2
        ("a" * 70 + "价", 2),
    ],
)
def test_segments(text, parts):
    assert segments(text) == parts


def test_a_character_beyond_ucs2_counts_twice():
    assert segments("😀" * 35) == 1
    assert segments("😀" * 36) == 2


def test_chinese_mobiles_are_kept_as_eleven_digits_and_dialled_with_86():
    for typed in ("13800001111", "+86 138 0000 1111", "008613800001111", "86-138-0000-1111"):
        assert national(typed) == "13800001111"
        assert dialled(typed) == "+8613800001111"
    assert national("0999-8123456") == "09998123456"
    assert is_dialable("13800001111") and not is_dialable("123") and not is_dialable("1" * 30)


def test_backoff_doubles_up_to_an_hour():
    assert [backoff(n) for n in (1, 2, 3)] == [timedelta(seconds=s) for s in (30, 60, 120)]
    assert backoff(20) == timedelta(hours=1)
