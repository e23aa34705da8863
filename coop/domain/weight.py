"""Weight is integer grams: a scale reads to the gram, and sums must be exact."""

import re

from coop.domain.decimal_text import normalise_typed, read_decimal, to_units
from coop.domain.errors import InvalidInput

MAX_WEIGHT_G = 100_000_000  # 100 tonnes: no single weigh-in comes near, so more is a typo

# 1 斤 (jin, 市斤) is exactly 500 g by the 1959 State Council order on units of measurement.
GRAMS_PER_UNIT: dict[str, int] = {
    "kg": 1000,
    "kilogram": 1000,
    "kilograms": 1000,
    "公斤": 1000,
    "千克": 1000,
    "g": 1,
    "gram": 1,
    "grams": 1,
    "克": 1,
    "斤": 500,
    "市斤": 500,
}

_NUMBER_THEN_UNIT = re.compile(r"(?P<number>[-\u2212+]?[0-9.,]*)\s*(?P<unit>.*)", re.DOTALL)
_MINUS_SIGNS = ("-", "\u2212")


def parse_weight(text: str, default_unit: str = "kg") -> int:
    """Read what a person types ("12.5", "25斤", "500 g") exactly into grams; refuse guesses."""
    unit_grams = GRAMS_PER_UNIT.get(normalise_typed(default_unit).lower())
    if unit_grams is None:
        raise ValueError(f"unknown default weight unit {default_unit!r}")
    typed = normalise_typed(text).lower()
    if not typed:
        raise InvalidInput("Enter a weight, for example 12.5 kg.", text=text)
    match = _NUMBER_THEN_UNIT.fullmatch(typed)
    assert match is not None  # the pattern matches any string
    number, unit = match["number"], match["unit"].strip()
    if not any(character.isdigit() for character in number):
        raise InvalidInput("{text} is not a weight; write it like 12.5 kg.", text=text)
    if any(character.isdigit() for character in unit):
        raise InvalidInput("{text} holds more than one number; enter one weight.", text=text)
    if unit:
        unit_grams = GRAMS_PER_UNIT.get(unit)
        if unit_grams is None:
            raise InvalidInput(
                "The unit in {text} is unknown; use kg, g, 公斤, 千克, 克 or 斤.", text=text
            )
    if number.startswith(_MINUS_SIGNS):
        raise InvalidInput("The weight {text} is negative; enter it without a minus.", text=text)
    if "," in number:
        raise InvalidInput("Write the weight {text} without commas, for example 1200.5.", text=text)
    fraction = read_decimal(number)
    if fraction is None:
        raise InvalidInput("{text} is not a weight; write it like 12.5 kg.", text=text)
    grams, exact = to_units(fraction, unit_grams)
    if not exact:
        raise InvalidInput("The weight {text} is finer than a gram; round it.", text=text)
    if grams == 0:
        raise InvalidInput("The weight {text} is zero; enter what the scale shows.", text=text)
    if grams > MAX_WEIGHT_G:
        raise InvalidInput("The weight {text} is too large; check the number of digits.", text=text)
    return grams


def format_kg(weight_g: int) -> str:
    """Show grams as kilograms with only the decimals needed: 12500 -> "12.5", 12000 -> "12"."""
    sign = "-" if weight_g < 0 else ""
    kilograms, grams = divmod(abs(weight_g), 1000)
    if grams == 0:
        return f"{sign}{kilograms}"
    return f"{sign}{kilograms}.{grams:03d}".rstrip("0")


def validate_weight_g(weight_g: int) -> int:
    """Accept only a whole, positive, plausible number of grams: a weigh-in weighs something."""
    if type(weight_g) is not int:
        raise InvalidInput("A weight must be a whole number of grams.", weight_g=weight_g)
    if weight_g <= 0:
        raise InvalidInput("A weight must be more than zero grams.", weight_g=weight_g)
    if weight_g > MAX_WEIGHT_G:
        raise InvalidInput("A weight of {weight_g} g is too large.", weight_g=weight_g)
    return weight_g
