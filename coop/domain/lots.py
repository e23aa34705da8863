"""Lot codes: short, printable, typed by hand without 0/O or 1/I mix-ups, self-checking.

Also the statuses a harvest lot moves through.
"""

import random
import re
import secrets
import unicodedata
from enum import StrEnum

from coop.domain.errors import InvalidInput

# Crockford Base32 (https://www.crockford.com/base32.html): no I, L, O or U, so what is printed
# cannot be misread, and a reader's O, I and L are taken for the 0 and 1 they resemble.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_IGNORED = re.compile(r"[\s\-]+")
RANDOM_SYMBOLS = 7
_SHAPE = re.compile(rf"([HB])([0-9]{{2}})([{ALPHABET}]{{{RANDOM_SYMBOLS + 1}}})")


class LotStatus(StrEnum):
    """A harvest lot is open until it is held or recalled, or void once corrected away."""

    OPEN = "open"
    HELD = "held"  # sale paused (coop.services.recalls)
    RECALLED = "recalled"
    VOID = "void"  # its weigh-in was corrected


class LotKind(StrEnum):
    """The first letter of a lot code says what the lot is."""

    HARVEST = "H"
    BATCH = "B"


def _luhn_mod_n_sum(symbols: str, double_first: bool) -> int:
    """Luhn mod N sum, from the right (https://en.wikipedia.org/wiki/Luhn_mod_N_algorithm)."""
    n = len(ALPHABET)
    total = 0
    double = double_first
    for symbol in reversed(symbols):
        addend = _VALUE[symbol] * (2 if double else 1)
        total += addend // n + addend % n
        double = not double
    return total % n


def check_symbol(symbols: str) -> str:
    """Luhn mod 32 check symbol: catches any single mistyped symbol and most adjacent swaps."""
    return ALPHABET[-_luhn_mod_n_sum(symbols, double_first=True) % len(ALPHABET)]


def new_lot_code(kind: LotKind, season: int, rng: random.Random | None = None) -> str:
    """Draw a fresh lot code such as "H26-7KQ3MXB4": kind, season year, 7 random symbols, check."""
    head = f"{LotKind(kind).value}{season % 100:02d}"
    if rng is None:  # one read of the OS's randomness, not seven; 32 symbols divide 256: unbiased
        drawn = secrets.token_bytes(RANDOM_SYMBOLS)
        body = "".join(ALPHABET[byte % len(ALPHABET)] for byte in drawn)
    else:
        body = "".join(rng.choice(ALPHABET) for _ in range(RANDOM_SYMBOLS))
    return f"{head}-{body}{check_symbol(head + body)}"


def normalise_lot_code(text: str) -> str:
    """Turn a typed lot code ("h26 7kq3mxb4") into its canonical form, or say it is mistyped."""
    typed = _IGNORED.sub("", unicodedata.normalize("NFKC", text)).upper().translate(_READ_AS)
    match = _SHAPE.fullmatch(typed)
    if match is None or _luhn_mod_n_sum(typed, double_first=False) != 0:
        raise InvalidInput(
            "The lot code {text} is mistyped; check it against the label.",
            code="invalid_lot_code",
            text=text,
        )
    kind, year, body = match.groups()
    return f"{kind}{year}-{body}"


def is_valid_lot_code(text: str) -> bool:
    """Tell whether a typed lot code reads as a well-formed code with a correct check symbol."""
    try:
        normalise_lot_code(text)
    except InvalidInput:
        return False
    return True
