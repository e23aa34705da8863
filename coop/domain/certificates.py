"""承诺达标合格证 (农业农村部令2025年第4号): numbers, bases, collecting, keeping."""

from __future__ import annotations

import random
import re
import secrets
import unicodedata
from datetime import date, timedelta
from enum import StrEnum

from coop.domain.errors import Conflict, InvalidInput
from coop.domain.lots import ALPHABET, RANDOM_SYMBOLS, check_symbol

TITLE = "承诺达标合格证"  # printed prominently on every certificate and its QR form
PREFIX = "C"
RETENTION_DAYS = 184  # kept at least 6 months: the longest six calendar months have 184 days
MAX_RECEIVED_NUMBER = 40
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = re.compile(r"[\s\-]+")
_SHAPE = re.compile(rf"{PREFIX}([0-9]{{2}})([{ALPHABET}]{{{RANDOM_SYMBOLS + 1}}})")
_PRINTABLE = re.compile(r"[0-9A-Za-z\-_/.#()\u4e00-\u9fff]+")


class Basis(StrEnum):
    """What the commitment rests on: the cooperative's own quality control, or a test result."""

    SELF_CONTROL = "self_control"  # 内部质量控制
    TEST_RESULT = "test_result"  # 检测合格


def new_certificate_number(season: int, rng: random.Random | None = None) -> str:
    """A fresh number such as "C26-7KQ3MXB4": lot-code style, so it is typed without mix-ups."""
    head = f"{PREFIX}{season % 100:02d}"
    if rng is None:
        body = "".join(ALPHABET[b % len(ALPHABET)] for b in secrets.token_bytes(RANDOM_SYMBOLS))
    else:
        body = "".join(rng.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return f"{head}-{body}{check_symbol(head + body)}"


def normalise_certificate_number(text: str) -> str:
    """A typed certificate number in its canonical form, or say it is mistyped."""
    typed = _IGNORED.sub("", unicodedata.normalize("NFKC", text)).upper().translate(_READ_AS)
    match = _SHAPE.fullmatch(typed)
    if match is None or check_symbol(typed[:-1]) != typed[-1]:
        raise InvalidInput(
            "The certificate number {text} is mistyped; check it against the certificate.",
            code="invalid_certificate_number",
            text=text,
        )
    year, body = match.groups()
    return f"{PREFIX}{year}-{body}"


def is_certificate_number(text: str) -> bool:
    try:
        normalise_certificate_number(text)
    except InvalidInput:
        return False
    return True


def received_number(required: bool, number: str | None, on_behalf: bool) -> str:
    """The seller's certificate number as kept; refused when required and missing (无证不得收购)."""
    number = unicodedata.normalize("NFKC", number or "").strip()
    if number and on_behalf:
        raise InvalidInput(
            "Give the household's certificate number or say the cooperative issues it on the"
            " household's behalf, not both.",
            code="certificate_both",
        )
    if number and (len(number) > MAX_RECEIVED_NUMBER or not _PRINTABLE.fullmatch(number)):
        raise InvalidInput(
            "A certificate number is at most {most} letters, digits or dashes.",
            code="invalid_received_certificate",
            most=MAX_RECEIVED_NUMBER,
        )
    if required and not number and not on_behalf:
        raise InvalidInput(
            "This cooperative buys no fruit without a certificate: enter the number of the"
            " household's certificate, or tick that the cooperative issues it on the"
            " household's behalf.",
            code="certificate_required",
        )
    return number


def purge_cutoff(before: date, today: date) -> date:
    """Certificates issued before `before` may go only once they are past the retention."""
    kept_from = today - timedelta(days=RETENTION_DAYS)
    if before > kept_from:
        raise Conflict(
            "Certificates are kept at least 6 months: only those issued before {day} may be"
            " purged.",
            code="certificate_retention",
            day=kept_from,
        )
    return before
