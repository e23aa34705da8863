"""Text-message rules: how many segments a text costs, phone numbers, states and retry backoff.

Chinese and Uyghur need UCS-2: 70 characters in a one-part message, 67 a part in a multipart one
(the rest carries the header joining the parts); a text in the GSM alphabet gets 160 and 153.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta
from enum import StrEnum

UCS2_SINGLE, UCS2_PART = 70, 67
GSM_SINGLE, GSM_PART = 160, 153
MAX_ATTEMPTS = 8  # handing a message to the gateway; then it is failed
MAX_NOTICE_CHARS = 670  # ten UCS-2 parts: a notice longer than this is refused

_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")


class Kind(StrEnum):
    RECEIPT = "receipt"
    PAYOUT = "payout"
    HOLD = "hold"
    RECALL = "recall"
    NOTICE = "notice"


class State(StrEnum):
    """queued -> sent -> delivered or failed; a message never goes back."""

    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"


def is_gsm(text: str) -> bool:
    return all(c in _GSM_BASIC or c in _GSM_EXTENDED for c in text)


def segments(text: str) -> int:
    """The parts a phone network bills for this text (0 for an empty one)."""
    if not text:
        return 0
    if is_gsm(text):
        length = sum(2 if c in _GSM_EXTENDED else 1 for c in text)
        single, part = GSM_SINGLE, GSM_PART
    else:
        length = len(text.encode("utf-16-le")) // 2  # UCS-2 counts UTF-16 code units
        single, part = UCS2_SINGLE, UCS2_PART
    return 1 if length <= single else math.ceil(length / part)


def national(phone: str) -> str:
    """A Chinese mobile number's 11 digits, whichever way it was typed (+86, 0086, spaces);
    other numbers as their digits, a leading + kept."""
    digits = re.sub(r"\D", "", phone)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11 and digits[-11] == "1":
            return digits[len(prefix) :]
    if len(digits) == 11 and digits.startswith("1"):
        return digits
    return ("+" if phone.strip().startswith("+") else "") + digits


def dialled(phone: str) -> str:
    """The number handed to the gateway: a Chinese mobile with +86, others as typed."""
    number = national(phone)
    return f"+86{number}" if len(number) == 11 and number.startswith("1") else number


def is_dialable(phone: str) -> bool:
    """Worth handing to a modem: 5 to 20 digits (a longer number crashes some gateways)."""
    digits = re.sub(r"\D", "", phone)
    return 5 <= len(digits) <= 20


def backoff(attempts: int) -> timedelta:
    """Wait before the next try to reach the gateway: 30 s, doubling, at most an hour."""
    return timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))
