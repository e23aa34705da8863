"""QR codes for labels: highest error correction within version 4, fast 1-bit drawing, SVG.

qrcode spends about two thirds of its time choosing a mask (DESIGN, known traps): a label run
chooses it once, for its first code, and passes it to every other code of the run.
"""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q
from qrcode.exceptions import DataOverflowError

QUIET_ZONE = 4  # modules of white around the code (ISO/IEC 18004 §6.3.8)
MAX_SMALL_VERSION = 4  # 33 × 33 modules: scans from a small jar (issue 5)
_LEVELS = {"H": ERROR_CORRECT_H, "Q": ERROR_CORRECT_Q, "M": ERROR_CORRECT_M, "L": ERROR_CORRECT_L}


@dataclass(frozen=True)
class Qr:
    """An encoded QR symbol: its text, version, error correction level and dark modules."""

    text: str
    version: int
    level: str
    mask: int
    rows: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        """Modules per side, without the quiet zone."""
        return len(self.rows)


def _code(text: str, level: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=_LEVELS[level], border=0)
    code.add_data(text)  # byte mode, with numeric/alphanumeric runs of 20+ in their cheaper modes
    return code


def choose_level(text: str, max_version: int = MAX_SMALL_VERSION) -> str:
    """The strongest error correction (H, Q, then M) that keeps the code within `max_version`."""
    for level in ("H", "Q", "M"):
        try:
            if _code(text, level).best_fit() <= max_version:
                return level
        except DataOverflowError:
            break
    return "M"


def encode(text: str, *, level: str | None = None, mask: int | None = None) -> Qr:
    """Encode `text`; without a mask, qrcode scores all eight (slow: choose once per run)."""
    chosen = level or choose_level(text)
    code = _code(text, chosen)
    code.best_fit()
    used = mask if mask is not None else code.best_mask_pattern()
    code.makeImpl(False, used)
    rows = tuple(tuple(bool(m) for m in row) for row in code.modules)
    return Qr(text=text, version=code.version, level=chosen, mask=used, rows=rows)


def module_image(qr: Qr, module_px: int, quiet: int = QUIET_ZONE) -> Image.Image:
    """The code as a 1-bit image, `module_px` pixels per module, drawn row by row as packed bits."""
    side = qr.size + 2 * quiet
    padding = -side % 8
    blank = "1" * quiet
    lines = ["1" * (side + padding)] * quiet
    for row in qr.rows:
        bits = "".join("0" if dark else "1" for dark in row)
        lines.append(blank + bits + blank + "1" * padding)
    lines.extend(["1" * (side + padding)] * quiet)
    packed = int("".join(lines), 2).to_bytes(len(lines) * (side + padding) // 8, "big")
    image = Image.frombytes("1", (side + padding, side), packed).crop((0, 0, side, side))
    if module_px == 1:
        return image
    return image.resize((side * module_px, side * module_px), Image.Resampling.NEAREST)


def svg(qr: Qr, size_mm: float | None = None, quiet: int = QUIET_ZONE) -> str:
    """The code as SVG: one path of horizontal runs of dark modules, crisp at any size."""
    side = qr.size + 2 * quiet
    runs = []
    for y, row in enumerate(qr.rows):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
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
