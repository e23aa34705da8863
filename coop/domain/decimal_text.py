"""Exact reading of typed decimals: people type "12.5", the ledger keeps integers."""

import re
import unicodedata

# Plain digits with at most one dot: no signs, exponents, separators, NaN or infinity.
_DECIMAL = re.compile(r"([0-9]*)(?:\.([0-9]*))?")
_MAX_CHARACTERS = 40


def normalise_typed(text: str) -> str:
    """Fold full-width characters (NFKC) and the ideographic full stop typed by a Chinese IME."""
    return unicodedata.normalize("NFKC", text).replace("。", ".").strip()


def read_decimal(number: str) -> tuple[int, int] | None:
    """Read plain decimal digits as an exact fraction (numerator, power of ten); None if not one."""
    match = _DECIMAL.fullmatch(number)
    if match is None or len(number) > _MAX_CHARACTERS:
        return None
    whole, fraction = match.group(1), match.group(2) or ""
    if not (whole or fraction):
        return None
    return int(whole + fraction or "0"), 10 ** len(fraction)


def to_units(fraction: tuple[int, int], units_per_whole: int) -> tuple[int, bool]:
    """Convert an exact fraction to whole units; the flag tells whether it was exact."""
    numerator, denominator = fraction
    units, rest = divmod(numerator * units_per_whole, denominator)
    return units, rest == 0
