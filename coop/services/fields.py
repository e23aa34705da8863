"""Numbers and text a request may carry, bounded where read so no column overflows.

PostgreSQL's integer is 32 bits and its bigint 64: a larger number would fail in the database as a
500, so it is refused as a 4xx before anything runs.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from coop.domain.money import MAX_FEN
from coop.domain.weight import MAX_WEIGHT_G

MAX_ID = 2**31 - 1  # Piccolo's Serial and ForeignKey are 32-bit integers on PostgreSQL
MAX_SEASON = 9998  # coop.domain.seasons: a season is a year from 1 to 9998

Id = Annotated[int, msgspec.Meta(ge=1, le=MAX_ID, description="a record's id")]
Grams = Annotated[int, msgspec.Meta(gt=0, le=MAX_WEIGHT_G, description="integer grams")]
Fen = Annotated[int, msgspec.Meta(ge=0, le=MAX_FEN, description="integer fen")]
FenPerKg = Annotated[int, msgspec.Meta(gt=0, le=MAX_FEN, description="integer fen per kg")]
Year = Annotated[int, msgspec.Meta(ge=1, le=MAX_SEASON)]
Days = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
Reason = Annotated[str, msgspec.Meta(max_length=200)]
Gtin = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{8,14}$", description="GTIN-8 to GTIN-14")]

# Strings no longer than their columns (PostgreSQL refuses longer ones with an error).
Text10 = Annotated[str, msgspec.Meta(max_length=10)]
Text20 = Annotated[str, msgspec.Meta(max_length=20)]
Text40 = Annotated[str, msgspec.Meta(max_length=40)]
Text80 = Annotated[str, msgspec.Meta(max_length=80)]
Text120 = Annotated[str, msgspec.Meta(max_length=120)]
