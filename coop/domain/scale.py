"""Readings from a weighing indicator's continuous output: only a stable reading is a weight.

Protocol: the A&D "standard format" that most RS-232/USB indicators can send continuously
(9600 baud, 8 data bits, no parity, 1 stop bit), one frame per line ending in CR LF:

    ST,+00012.50  kg      header, comma, sign and digits with the decimal point, unit
    ST,GS,+0012.50kg      the same with a gross (GS) or net (NT) field, common on Chinese indicators

Header ST is a stable reading, US an unstable one (the load still moves), OL an overload (the
digits are meaningless). Units kg and g; a frame in any other unit or shape is malformed.
The station's script parses the same frames to fill the weight field (static/weigh/scale.js);
the server parses the raw frame again and records the weigh-in only if the weight matches it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from coop.domain.decimal_text import read_decimal, to_units
from coop.domain.errors import InvalidInput

MAX_FRAME = 40  # characters kept of a raw frame; real frames are 15 to 18
MAX_DEVICE = 60
GRAMS = {"kg": 1000, "g": 1}

_FRAME = re.compile(
    r"(?P<head>ST|US),(?:(?P<kind>GS|NT),)?"
    r"(?P<sign>[+\- ]?)(?P<digits>[0-9 .]*?)\s*(?P<unit>kg|g)",
    re.IGNORECASE,
)
_OVERLOAD = re.compile(r"OL,[ -~]*", re.IGNORECASE)  # the digits of an overload mean nothing


class Stability(StrEnum):
    STABLE = "stable"
    UNSTABLE = "unstable"
    OVERLOAD = "overload"


HEADS = {"ST": Stability.STABLE, "US": Stability.UNSTABLE, "OL": Stability.OVERLOAD}


@dataclass(frozen=True)
class Reading:
    """One frame understood: how settled the scale is and, unless overloaded, the grams shown."""

    stability: Stability
    weight_g: int | None
    raw: str


@dataclass(frozen=True)
class FromScale:
    """A weight said to come from the scale: its raw frame and the scale's name, kept beside it."""

    raw: str
    device: str = ""

    def __post_init__(self) -> None:
        if len(self.device) > MAX_DEVICE:
            raise InvalidInput("A scale's name is at most 60 characters.", code="device_too_long")


def source_columns(scale: FromScale | None) -> dict[str, str]:
    """Where a weigh-in's weight came from, as the harvest lot keeps it."""
    if scale is None:
        return {"weight_source": "typed", "scale_reading": "", "scale_device": ""}
    return {"weight_source": "scale", "scale_reading": scale.raw, "scale_device": scale.device}


class MalformedFrame(InvalidInput):
    code = "scale_frame_malformed"
    message = "The scale sent {raw}, which is not a reading this station understands."


def parse_frame(frame: str) -> Reading:
    """Read one line from the scale (its CR LF may be there or not)."""
    raw = frame.strip("\r\n\x00 ")
    if len(raw) > MAX_FRAME:
        raise MalformedFrame(raw=raw[:MAX_FRAME])
    if _OVERLOAD.fullmatch(raw):
        return Reading(Stability.OVERLOAD, None, raw)
    match = _FRAME.fullmatch(raw)
    if match is None:
        raise MalformedFrame(raw=raw)
    stability = HEADS[match["head"].upper()]
    digits = match["digits"].replace(" ", "")
    fraction = read_decimal(digits)
    if fraction is None:
        raise MalformedFrame(raw=raw)
    grams, exact = to_units(fraction, GRAMS[match["unit"].lower()])
    if not exact:
        raise MalformedFrame(raw=raw)
    return Reading(stability, -grams if match["sign"] == "-" else grams, raw)


def weight_from_scale(frame: str, weight_g: int) -> Reading:
    """The server's check of a weigh-in said to come from the scale: a stable, positive reading
    of exactly that weight, or a clear refusal."""
    reading = parse_frame(frame)
    if reading.stability is not Stability.STABLE or reading.weight_g is None:
        raise InvalidInput(
            "The scale was not steady ({raw}); weigh again when it settles.",
            code="scale_not_stable",
            raw=reading.raw,
        )
    if reading.weight_g <= 0:
        raise InvalidInput(
            "The scale shows nothing on it ({raw}).", code="scale_empty", raw=reading.raw
        )
    if reading.weight_g != weight_g:
        raise InvalidInput(
            "The weight {weight_g} g does not match the scale's reading {raw}.",
            code="scale_mismatch",
            weight_g=weight_g,
            raw=reading.raw,
        )
    return reading
