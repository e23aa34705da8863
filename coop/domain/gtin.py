"""GTINs (trade item numbers): GTIN-8/12/13/14 read as 14 digits with a valid check digit (GS1)."""

import re
import unicodedata

from coop.domain.errors import InvalidInput

_LENGTHS = frozenset({8, 12, 13, 14})
_IGNORED = re.compile(r"[\s\-]+")


def gtin_check_digit(digits: str) -> str:
    """GS1 mod 10 check digit: weights 3, 1, 3, … from the rightmost data digit (GS1 GenSpecs)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits)))
    return str(-total % 10)


def normalise_gtin(text: str) -> str:
    """A typed GTIN-8, -12, -13 or -14 as the 14 digits a GS1 Digital Link holds, or say why not."""
    typed = _IGNORED.sub("", unicodedata.normalize("NFKC", text))
    if not typed.isascii() or not typed.isdigit() or len(typed) not in _LENGTHS:
        raise InvalidInput(
            "The GTIN {text} must be 8, 12, 13 or 14 digits.", code="invalid_gtin", text=text
        )
    if gtin_check_digit(typed[:-1]) != typed[-1]:
        raise InvalidInput(
            "The GTIN {text} has a wrong check digit; check it against the barcode.",
            code="invalid_gtin",
            text=text,
        )
    return typed.zfill(14)
