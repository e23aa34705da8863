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


async def finished_batch(world, jars: int = 30, gtin: str | None = None):
    """World's processor P1 cooks jam from H1's fruit and fills `jars` jars (the real services)."""
    from coop.domain.actors import Role
    from coop.services import batch_finishing, batches, certifications, weighins
    from coop.services.batch_views import Finish, InputLine, NewBatch
    from coop.tables import Product

    await Product.update({Product.processing_fee_fen_per_kg: 500, Product.gtin: gtin}).where(
        Product.id == world.jam_id
    )
    await certifications.certify(world.actors[Role.ADMIN], world.households["P1"])
    lot = await weighins.record_weighin(
        world.actors[Role.CLERK], world.households["H1"], world.fruit_id, 20_000, 1000
    )
    processor = world.actors[Role.PROCESSOR]
    batch = await batches.start_batch(processor, NewBatch(product_id=world.jam_id))
    await batches.put_input(processor, batch.id, InputLine(lot.lot_code, 10_000))
    return await batch_finishing.finish_batch(processor, batch.id, Finish(jars_filled=jars))


def pdf_cells(pdf: bytes, folder: Path, layout_name: str) -> list[list[str]]:
    """What zbar reads in each label cell of a PDF printed at 300 dpi, page by page."""
    from coop.labels.layout import load_layout
    from coop.labels.render import Renderer

    path = folder / "labels.pdf"
    path.write_bytes(pdf)
    layout = load_layout(layout_name)
    width, height = Renderer(layout, dpi=300).size
    return [
        decode(page.crop((x, y, x + width, y + height)))
        for page in render_pdf(path, folder)
        for x, y in layout.origins(300)
    ]
