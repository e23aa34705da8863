"""Frames as indicators send them, with what each means: shared by the Python and the JS tests.

Each row: the frame, then (stability, grams) for a reading, or None for a malformed frame.
"""

from __future__ import annotations

FRAMES: list[tuple[str, tuple[str, int | None] | None]] = [
    ("ST,+00012.50  kg\r\n", ("stable", 12500)),  # A&D standard format
    ("ST,+00012.50 kg", ("stable", 12500)),
    ("US,+00012.48  kg\r\n", ("unstable", 12480)),  # the load still moves
    ("ST,GS,+0012.50kg\r\n", ("stable", 12500)),  # gross field, Chinese indicators
    ("ST,NT,+  8.005kg\r\n", ("stable", 8005)),  # net, blanks before the digits
    ("US,GS,+  .    kg\r\n", None),  # no digits at all
    ("ST,+00250.0    g\r\n", ("stable", 250)),
    ("ST,-00000.40  kg\r\n", ("stable", -400)),  # below zero: the scale needs taring
    ("ST,+00000.00  kg\r\n", ("stable", 0)),  # empty pan
    ("OL,+9999999E kg\r\n", ("overload", None)),  # overload: digits mean nothing
    ("OL,GS,+  .    kg\r\n", ("overload", None)),
    ("ST,+00012.50  lb\r\n", None),  # pounds: not a unit of this ledger
    ("ST,+0001.2.50 kg\r\n", None),  # two decimal points
    ("ST,+00012.5005kg\r\n", None),  # finer than a gram
    ("QT,+00000012 PC\r\n", None),  # counting mode: pieces, not weight
    ("12.50 kg\r\n", None),  # no header
    ("ST+00012.50  kg\r\n", None),  # no comma after the header
    ("\x00\x00ST,+00012", None),  # a frame cut off as the cable was plugged in
    ("", None),
    ("ST," + "1" * 60 + " kg", None),  # far too long
]
