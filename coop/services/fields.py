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
MAX_COUNT = 2**31 - 1  # jars, labels and other counts are 32-bit integers too
MAX_SEASON = 9998  # coop.domain.seasons: a season is a year from 1 to 9998
# No control characters but tab and line breaks: PostgreSQL refuses NUL in text, spreadsheets
# refuse the rest, and no one types them.
PLAIN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"

Id = Annotated[int, msgspec.Meta(ge=1, le=MAX_ID, description="a record's id")]
Grams = Annotated[int, msgspec.Meta(gt=0, le=MAX_WEIGHT_G, description="integer grams")]
Fen = Annotated[int, msgspec.Meta(ge=0, le=MAX_FEN, description="integer fen")]
FenPerKg = Annotated[int, msgspec.Meta(gt=0, le=MAX_FEN, description="integer fen per kg")]
Year = Annotated[int, msgspec.Meta(ge=1, le=MAX_SEASON)]
SignedFen = Annotated[int, msgspec.Meta(ge=-MAX_FEN, le=MAX_FEN, description="integer fen")]
Days = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNT)]
Percent = Annotated[int, msgspec.Meta(ge=0, le=100)]
PerMille = Annotated[int, msgspec.Meta(ge=0, le=1000)]
SomeGrams = Annotated[int, msgspec.Meta(ge=0, le=MAX_WEIGHT_G, description="integer grams")]
Reason = Annotated[str, msgspec.Meta(max_length=200, pattern=PLAIN)]
Gtin = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{8,14}$", description="GTIN-8 to GTIN-14")]

# Strings no longer than their columns (PostgreSQL refuses longer ones with an error).
Text10 = Annotated[str, msgspec.Meta(max_length=10, pattern=PLAIN)]
Text12 = Annotated[str, msgspec.Meta(max_length=12, pattern=PLAIN)]
Text20 = Annotated[str, msgspec.Meta(max_length=20, pattern=PLAIN)]
Text40 = Annotated[str, msgspec.Meta(max_length=40, pattern=PLAIN)]
Text60 = Annotated[str, msgspec.Meta(max_length=60, pattern=PLAIN)]
Text80 = Annotated[str, msgspec.Meta(max_length=80, pattern=PLAIN)]
Text120 = Annotated[str, msgspec.Meta(max_length=120, pattern=PLAIN)]
Text200 = Annotated[str, msgspec.Meta(max_length=200, pattern=PLAIN)]
Text300 = Annotated[str, msgspec.Meta(max_length=300, pattern=PLAIN)]
Text400 = Annotated[str, msgspec.Meta(max_length=400, pattern=PLAIN)]
Text500 = Annotated[str, msgspec.Meta(max_length=500, pattern=PLAIN)]
Text1000 = Annotated[str, msgspec.Meta(max_length=1000, pattern=PLAIN)]
