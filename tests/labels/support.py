"""Real parts for label tests: zbar decodes the codes, poppler renders the PDFs, real fonts."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path

import msgspec
from conftest import missing
from PIL import Image, ImageDraw

from coop.labels.content import LabelData

BASE_URL = "http://127.0.0.1:8000"
LOT = "B26-M9S346Q6"  # 12 characters, a valid check symbol (coop.domain.lots)
JAM = LabelData(
    url="",
    cooperative="果子沟树莓专业合作社",
    name_zh="树莓酱",
    name_ug="بۆلجۈرگەن مۇراببىسى",
    net_weight_g=250,
    lot=LOT,
    made_on=datetime.date(2026, 8, 1),
    best_before=datetime.date(2027, 8, 1),
    price_fen=3500,
)


def jar(url: str, serial: str = "") -> LabelData:
    return msgspec.structs.replace(JAM, url=url, serial=serial)


def decode(image: Image.Image) -> list[str]:
    """Every QR code zbar finds in the image, as text."""
    try:
        from pyzbar import pyzbar
    except ImportError:  # pyzbar installed but Debian's libzbar0 missing
        missing("zbar (Debian libzbar0)")
        raise
    found = pyzbar.decode(image.convert("L"), symbols=[pyzbar.ZBarSymbol.QRCODE])
    return [symbol.data.decode("utf-8") for symbol in found]


def render_pdf(pdf: Path, folder: Path, dpi: int = 300) -> list[Image.Image]:
    """The PDF's pages as a print driver sees them (poppler's pdftoppm), greyscale."""
    if shutil.which("pdftoppm") is None:
        missing("pdftoppm (Debian poppler-utils)")
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(folder / "page")],
        check=True,
        capture_output=True,
    )
    return [Image.open(path) for path in sorted(folder.glob("page-*.pgm"))]


def svg_to_image(text: str, module_px: int) -> Image.Image:
    """Draw the SVG's rectangles back into pixels (the path is runs of `M x y h w v 1 h -w z`)."""
    side = int(re.search(r'viewBox="0 0 (\d+) \d+"', text).group(1))
    image = Image.new("1", (side * module_px, side * module_px), 1)
    draw = ImageDraw.Draw(image)
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)v1h-\d+z", text):
        left, top = int(x) * module_px, int(y) * module_px
        draw.rectangle((left, top, left + int(width) * module_px - 1, top + module_px - 1), fill=0)
    return image
