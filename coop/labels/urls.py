"""Label URLs: short, so the QR on a small jar stays small (version ≤ 4) and scans at an angle.

Forms: `{base}/l/{lot}` and `{base}/l/{lot}/{serial}`; with a GTIN the GS1 Digital Link
`{base}/01/{gtin14}/10/{lot}` and `…/21/{serial}` (GS1 Digital Link URI syntax 1.2: AI 01 GTIN,
10 batch/lot, 21 serial); the cooperative's own page `{base}/c/{slug}`. The URL is printed exactly
as the route answers it: lower-case path keys, upper-case lot codes (Crockford base 32).

Measured with the default base URL `http://127.0.0.1:8000` and a 12-character lot (tests/labels):
`/l/{lot}` 36 characters and `/l/{lot}/{5-digit serial}` 42 are version 4 at level Q; the GS1 form
with a serial, 64 characters, is version 4 at level M because everything after `http://` (digits,
capitals and `.:/-`) is encoded in the denser alphanumeric mode. An all-upper-case URL would allow
that mode throughout, but the phone opens exactly what is encoded and paths are case-sensitive:
the printed URL is the route's own, lower-case keys included.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from coop.domain.errors import InvalidInput
from coop.domain.gtin import normalise_gtin
from coop.domain.lots import normalise_lot_code

# GS1 AI 21 (serial) allows up to 20 characters; ours are digits or Crockford symbols.
_SERIAL = re.compile(r"[0-9A-Z]{1,20}")


def _base(base_url: str) -> str:
    if not base_url.startswith(("http://", "https://")):
        raise InvalidInput(
            "The base URL {base_url} must start with http:// or https://.",
            code="invalid_base_url",
            base_url=base_url,
        )
    return base_url.rstrip("/")


def serial_text(serial: int | str) -> str:
    """A per-jar serial as printed: numbers keep their digits, text must be 1–20 of 0-9 A-Z."""
    text = str(serial).upper()
    if isinstance(serial, int) and serial < 0 or not _SERIAL.fullmatch(text):
        raise InvalidInput(
            "The serial {serial} must be 1 to 20 digits or capital letters.",
            code="invalid_serial",
            serial=serial,
        )
    return text


def lot_url(
    base_url: str, lot: str, *, serial: int | str | None = None, gtin: str | None = None
) -> str:
    """The URL a jar's QR carries: the short `/l/` form, or GS1 Digital Link given a GTIN."""
    code = normalise_lot_code(lot)
    tail = None if serial is None else serial_text(serial)
    if gtin:
        url = f"{_base(base_url)}/01/{normalise_gtin(gtin)}/10/{code}"
        return url if tail is None else f"{url}/21/{tail}"
    url = f"{_base(base_url)}/l/{code}"
    return url if tail is None else f"{url}/{tail}"


def cooperative_url(base_url: str, slug: str) -> str:
    """The cooperative's own page, for brochures, posters and the picking-garden sign."""
    return f"{_base(base_url)}/c/{quote(slug, safe='')}"
