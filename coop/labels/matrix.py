"""Placing codewords into the QR matrix, one integer per row (ISO/IEC 18004 §7.7–7.9).

For each version, level and mask the function patterns, format information, the zigzag order of
data modules and the mask are worked out once (with qrcode's own pattern code) and kept; placing a
code's bits is then one pass over its dark data bits. Tests compare every module with qrcode's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import qrcode
from qrcode import util

_BYTE_BITS = tuple(f"{byte:08b}" for byte in range(256))


@dataclass(frozen=True)
class Frame:
    """What every code of one version, level and mask shares."""

    size: int
    fixed: tuple[int, ...]  # dark function-pattern and format modules, per row
    data_area: tuple[int, ...]  # where data modules go, per row
    mask: tuple[int, ...]  # the mask's dark modules, per row
    order: tuple[tuple[int, int], ...]  # (row, bit) of each data module in placement order


def _row_int(cells: list[bool], size: int) -> int:
    """Module c of a row is bit size-1-c, so that the integer reads left to right."""
    return sum(1 << (size - 1 - c) for c, dark in enumerate(cells) if dark)


@cache
def frame(version: int, level: int, mask: int) -> Frame:
    code = qrcode.QRCode(version=version, error_correction=level, border=0)
    size = code.modules_count = version * 4 + 17
    code.modules = [[None] * size for _ in range(size)]
    for row, col in ((0, 0), (size - 7, 0), (0, size - 7)):
        code.setup_position_probe_pattern(row, col)
    code.setup_position_adjust_pattern()
    code.setup_timing_pattern()
    code.setup_type_info(False, mask)
    if version >= 7:
        code.setup_type_number(False)
    grid = code.modules
    order = []
    upward = True
    for col in range(size - 1, 0, -2):
        if col <= 6:
            col -= 1  # the vertical timing pattern takes column 6
        for row in range(size - 1, -1, -1) if upward else range(size):
            for c in (col, col - 1):
                if grid[row][c] is None:
                    order.append((row, 1 << (size - 1 - c)))
        upward = not upward
    masked = util.mask_func(mask)
    return Frame(
        size=size,
        fixed=tuple(_row_int([cell is True for cell in row], size) for row in grid),
        data_area=tuple(_row_int([cell is None for cell in row], size) for row in grid),
        mask=tuple(_row_int([bool(masked(r, c)) for c in range(size)], size) for r in range(size)),
        order=tuple(order),
    )


def place(version: int, level: int, mask: int, data: list[int]) -> tuple[int, ...]:
    """The code's modules, one integer per row (bit set = dark), data bits masked."""
    shape = frame(version, level, mask)
    rows = [0] * shape.size
    order = shape.order
    bits = "".join(map(_BYTE_BITS.__getitem__, data))
    # Walk only the dark data bits (about half), in placement order.
    k = bits.find("1")
    while k >= 0:
        row, bit = order[k]
        rows[row] |= bit
        k = bits.find("1", k + 1)
    return tuple(
        fixed | ((placed ^ mask_row) & area)
        for fixed, placed, mask_row, area in zip(
            shape.fixed, rows, shape.mask, shape.data_area, strict=True
        )
    )
