"""Thermal printers: Brother QL raster (brother-ql-next) and ZPL for Zebra, from label images.

Both take a roll: the label must be no wider than the roll. ZPL stores a run's fixed text once as a
graphic (~DG, so Chinese and shaped Uyghur print without printer fonts), lets the printer draw each
QR (^BQN) and sends each jar's serial as a small graphic.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import BinaryIO

from PIL import Image

from coop.domain.errors import InvalidInput
from coop.labels.content import LabelData
from coop.labels.layout import Layout, px
from coop.labels.qr import QUIET_ZONE
from coop.labels.render import Progress, Renderer

BROTHER_DPI = 300  # every Brother QL model prints at 300 dpi across the tape
BROTHER_MODEL = "QL-820NWB"
BROTHER_ROLL = "62"  # DK-22205, 62 mm continuous
ZEBRA_DPI = 203  # the common Zebra desktop heads (ZD, GK, GX series); 300 dpi heads exist
_JOB = 20  # labels per Brother job: brother_ql grows its buffer by copying


def _fits_roll(layout: Layout, roll_mm: float) -> None:
    if layout.label_width_mm > roll_mm:
        raise InvalidInput(
            "The layout {name} is {width} mm wide; a {roll} mm roll needs a roll layout.",
            code="layout_too_wide",
            name=layout.name,
            width=layout.label_width_mm,
            roll=roll_mm,
        )


def brother_renderer(layout: Layout) -> Renderer:
    _fits_roll(layout, 62)
    return Renderer(layout, dpi=BROTHER_DPI)


def zebra_renderer(layout: Layout, dpi: int = ZEBRA_DPI) -> Renderer:
    _fits_roll(layout, 104)  # 4-inch heads: the widest common Zebra desktop printer
    return Renderer(layout, dpi=dpi)


def _printable(image: Image.Image, dots: int) -> Image.Image:
    """The label centred on the printable width (the 62 mm roll prints 696 dots of its 732)."""
    canvas = Image.new("1", (dots, image.height), 1)
    canvas.paste(image, ((dots - image.width) // 2, 0))
    return canvas


def write_brother_ql(
    renderer: Renderer,
    labels: Iterable[LabelData],
    out: BinaryIO,
    progress: Progress | None = None,
    model: str = BROTHER_MODEL,
) -> None:
    """Brother QL raster instructions, one cut label each, ready to send to the printer."""
    from brother_ql.conversion import convert
    from brother_ql.labels import LabelsManager
    from brother_ql.raster import BrotherQLRaster

    dots = LabelsManager()[BROTHER_ROLL].dots_printable[0]
    remaining = iter(labels)
    while job := list(islice(remaining, _JOB)):
        raster = BrotherQLRaster(model)
        raster.exception_on_warning = True
        images = [_printable(renderer.label(data), dots) for data in job]
        out.write(convert(raster, images, BROTHER_ROLL, cut=True, rotate="0", compress=True))
        if progress:
            progress(len(job))


_INVERT = bytes(255 - byte for byte in range(256))


def _zpl_graphic(image: Image.Image) -> tuple[int, int, str]:
    """Total bytes, bytes per row and hex data of a 1-bit image (ZPL prints 1 bits black)."""
    row_bytes = (image.width + 7) // 8
    padded = Image.new("1", (row_bytes * 8, image.height), 1)  # white padding prints nothing
    padded.paste(image, (0, 0))
    data = padded.tobytes().translate(_INVERT)
    return len(data), row_bytes, data.hex().upper()


def write_zpl(
    renderer: Renderer,
    labels: Iterable[LabelData],
    out: BinaryIO,
    progress: Progress | None = None,
) -> None:
    """ZPL II: ^XA … ^XZ per label; the QR drawn by the printer (^BQN) from the same URL."""
    element = renderer.layout.element("qr")
    serial_element = renderer.layout.element("serial")
    assert element is not None
    stored: dict[LabelData, str] = {}
    width, height = renderer.size
    for data in labels:
        fixed = data.fixed_part()
        if fixed not in stored:
            name = f"R:COOP{len(stored) % 1000:03d}.GRF"
            total, row_bytes, hexdata = _zpl_graphic(renderer.fixed(fixed))
            out.write(f"~DG{name},{total},{row_bytes},{hexdata}\n".encode())
            stored[fixed] = name
        code = renderer.qr(data.url)
        image, (x, y) = renderer.qr_image(code)
        module_px = image.width // (code.size + 2 * QUIET_ZONE)
        quiet = QUIET_ZONE * module_px
        commands = [
            "^XA^CI28",
            f"^PW{width}^LL{height}",
            f"^FO0,0^XG{stored[fixed]},1,1^FS",
            f"^FO{x + quiet},{y + quiet}^BQN,2,{module_px}^FD{code.level}A,{data.url}^FS",
        ]
        strip = renderer.serial_strip(data)
        if strip is not None and serial_element is not None:
            sx, sy = px(serial_element.x_mm, renderer.dpi), px(serial_element.y_mm, renderer.dpi)
            total, row_bytes, hexdata = _zpl_graphic(strip)
            commands.append(f"^FO{sx},{sy}^GFA,{total},{total},{row_bytes},{hexdata}^FS")
        commands.append("^XZ\n")
        out.write("\n".join(commands).encode())
        if progress:
            progress(1)
