"""QR codes for labels: strongest error correction within version 4, fast 1-bit drawing, SVG.

qrcode spends about two thirds of its time choosing a mask: a label run
chooses the mask once, for its first code, and keeps it for every other code of the run. The
codewords and the module placement are table-driven (coop.labels.codewords, coop.labels.matrix).

Why not qrcode's own encoder with the run's fixed mask (`QRCode(mask_pattern=m)`, level and
version fitted once per run): it is 4–7× faster than `qrcode.make` per code, but whole labels then
ran at only 1.9–2.1× qrcode's default pipeline in scripts/bench/labels (four runs, 2026-11-23),
against 2.5–4.1× with these tables in the same runs; the target is 2×, so it has no margin.
Its Reed–Solomon arithmetic on polynomial objects and its module-by-module placement cost
about 2–3 ms a code, as much as the rest of a label (text, pasting, Group 4 pages).
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image
from qrcode import util
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.exceptions import DataOverflowError

from coop.labels import codewords, matrix

QUIET_ZONE = 4  # modules of white around the code (ISO/IEC 18004 §6.3.8)
MAX_SMALL_VERSION = 4  # 33 × 33 modules: scans from a small jar
LEVELS = {"H": ERROR_CORRECT_H, "Q": ERROR_CORRECT_Q, "M": ERROR_CORRECT_M, "L": ERROR_CORRECT_L}


@dataclass(frozen=True)
class Qr:
    """An encoded QR symbol: text, version, error correction level, mask and dark modules."""

    text: str
    version: int
    level: str
    mask: int
    rows: tuple[int, ...]  # one integer per row; bit size-1-c set when module c is dark

    @property
    def size(self) -> int:
        """Modules per side, without the quiet zone."""
        return len(self.rows)

    def dark(self, row: int, col: int) -> bool:
        return bool(self.rows[row] >> (self.size - 1 - col) & 1)


def choose_level(
    parts: list[codewords.Segment], max_version: int = MAX_SMALL_VERSION
) -> tuple[str, int]:
    """The strongest error correction (H, Q, then M) that keeps the code within `max_version`,
    and the version it needs; past that, M at the smallest version that holds the text."""
    for level in ("H", "Q", "M"):
        version = codewords.smallest_version(parts, LEVELS[level], max_version)
        if version is not None:
            return level, version
    version = codewords.smallest_version(parts, LEVELS["M"])
    if version is None:
        raise DataOverflowError("the text is too long for a QR code")
    return "M", version


def best_mask(version: int, level: str, data: list[int]) -> int:
    """The mask with the lowest penalty score (ISO/IEC 18004 §7.8.3, qrcode's scoring)."""
    scores = []
    for mask in range(8):
        rows = matrix.place(version, LEVELS[level], mask, data)
        size = len(rows)
        grid = [[bool(row >> (size - 1 - c) & 1) for c in range(size)] for row in rows]
        scores.append((util.lost_point(grid), mask))
    return min(scores)[1]


def encode(text: str, *, mask: int | None = None) -> Qr:
    """Encode `text`; without a mask all eight are scored (slow: do it once per run)."""
    parts = codewords.segments(text)
    level, version = choose_level(parts)
    data = codewords.codewords(version, LEVELS[level], parts)
    used = best_mask(version, level, data) if mask is None else mask
    rows = matrix.place(version, LEVELS[level], used, data)
    return Qr(text=text, version=version, level=level, mask=used, rows=rows)


def module_image(qr: Qr, module_px: int, quiet: int = QUIET_ZONE) -> Image.Image:
    """The code as a 1-bit image (white = 1), `module_px` pixels per module, quiet zone included."""
    side = qr.size + 2 * quiet
    width = side + (-side % 8)  # whole bytes per row
    row_bytes = width // 8
    white = (1 << width) - 1
    shift = width - quiet - qr.size
    blank = white.to_bytes(row_bytes, "big")
    lines = [blank] * quiet
    lines += [(white ^ (row << shift)).to_bytes(row_bytes, "big") for row in qr.rows]
    lines += [blank] * quiet
    image = Image.frombytes("1", (width, side), b"".join(lines)).crop((0, 0, side, side))
    if module_px == 1:
        return image
    return image.resize((side * module_px, side * module_px), Image.Resampling.NEAREST)


def svg(qr: Qr, size_mm: float | None = None, quiet: int = QUIET_ZONE) -> str:
    """The code as SVG: one path of horizontal runs of dark modules, crisp at any size."""
    side = qr.size + 2 * quiet
    runs = []
    for y in range(qr.size):
        x = 0
        while x < qr.size:
            if qr.dark(y, x):
                start = x
                while x < qr.size and qr.dark(y, x):
                    x += 1
                runs.append(f"M{start + quiet} {y + quiet}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    size = f' width="{size_mm}mm" height="{size_mm}mm"' if size_mm else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}"{size}'
        ' shape-rendering="crispEdges">'
        f'<rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>\n'
    )
