"""Money is integer fen (1 yuan = 100 fen): exact sums, no binary fractions."""

from coop.domain.decimal_text import normalise_typed, read_decimal, to_units
from coop.domain.errors import InvalidInput
from coop.domain.rounding import divide_half_away_from_zero

FEN_PER_YUAN = 100
GRAMS_PER_KG = 1000
MAX_FEN = 10**12  # ten billion yuan: far beyond any cooperative, so larger input is a typo

_CURRENCY_PREFIX = "¥"  # NFKC has already folded the full-width ￥ into ¥
_CURRENCY_SUFFIXES = ("元", "yuan", "rmb")
_MINUS_SIGNS = ("-", "\u2212")


def parse_yuan(text: str) -> int:
    """Read what a person types ("12.5", "￥10元") exactly into fen; refuse anything ambiguous."""
    typed = normalise_typed(text).lower()
    typed = typed.removeprefix(_CURRENCY_PREFIX).strip()
    for suffix in _CURRENCY_SUFFIXES:
        typed = typed.removesuffix(suffix)
    number = typed.strip()
    if not number:
        raise InvalidInput("Enter an amount in yuan, for example 12.50.", text=text)
    if number.startswith(_MINUS_SIGNS):
        raise InvalidInput("The amount {text} is negative; enter it without a minus.", text=text)
    if "," in number:
        raise InvalidInput("Write the amount {text} without commas, like 1000.50.", text=text)
    fraction = read_decimal(number)
    if fraction is None:
        raise InvalidInput("{text} is not an amount in yuan; write it like 12.50.", text=text)
    fen, exact = to_units(fraction, FEN_PER_YUAN)
    if not exact:
        raise InvalidInput(
            "The amount {text} has more than two decimals; the smallest amount is 0.01 yuan.",
            text=text,
        )
    if fen > MAX_FEN:
        raise InvalidInput("The amount {text} is too large; check the number of digits.", text=text)
    return fen


def format_yuan(fen: int) -> str:
    """Show fen as plain yuan with two decimals ("125.00", "-3.50"), no thousands separators."""
    sign = "-" if fen < 0 else ""
    yuan, rest = divmod(abs(fen), FEN_PER_YUAN)
    return f"{sign}{yuan}.{rest:02d}"


def amount_fen(weight_g: int, price_fen_per_kg: int) -> int:
    """THE rounding rule: weight_g x price_fen_per_kg / 1000, half up to the fen.

    Negative products (reversals) round half away from zero, so a reversal cancels its original.
    """
    return divide_half_away_from_zero(weight_g * price_fen_per_kg, GRAMS_PER_KG)
