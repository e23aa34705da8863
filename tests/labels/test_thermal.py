"""Thermal printers: codes still decode at 203 dpi; Brother QL raster and ZPL carry the labels."""

import io
import re
from collections import Counter

import pytest
from brother_ql.reader import OPCODES, BrotherQLReader, chunker
from PIL import Image
from support_labels import BASE_URL, LOT, decode, jar

from coop.domain.errors import InvalidInput
from coop.labels.layout import load_layout, px
from coop.labels.printers import (
    brother_renderer,
    write_brother_ql,
    write_zpl,
    zebra_renderer,
)
from coop.labels.render import Renderer
from coop.labels.urls import lot_url

THERMAL_DPI = 203


def printed_at(image: Image.Image, width_mm: float, dpi: int) -> Image.Image:
    """The label as a printer driver sends it to a head of `dpi`: resampled, then 1-bit."""
    width = px(width_mm, dpi)
    height = round(image.height * width / image.width)
    grey = image.convert("L").resize((width, height), Image.Resampling.LANCZOS)
    return grey.point(lambda v: 255 if v >= 128 else 0).convert("1")


@pytest.mark.parametrize("layout", ["a4-3x8", "roll-62mm"])
def test_a_label_scaled_to_its_printed_size_at_203_dpi_still_decodes(layout):
    chosen = load_layout(layout)
    for serial in (1, 99999):
        url = lot_url(BASE_URL, LOT, serial=serial)
        label = Renderer(chosen).label(jar(url, str(serial)))
        thermal = printed_at(label, chosen.label_width_mm, THERMAL_DPI)
        assert decode(thermal) == [url]


def test_the_roll_drawn_natively_at_203_dpi_decodes_with_whole_dots_per_module():
    renderer = Renderer(load_layout("roll-62mm"), dpi=THERMAL_DPI)
    url = lot_url(BASE_URL, LOT, gtin="9501101530003", serial=99999)
    code = renderer.qr(url)
    image, _ = renderer.qr_image(code)
    assert image.width % (code.size + 8) == 0 and image.width // (code.size + 8) >= 4
    assert decode(renderer.label(jar(url))) == [url]


def brother_raster(urls: list[str], progress=None) -> bytes:
    out = io.BytesIO()
    renderer = brother_renderer(load_layout("roll-62mm"))
    write_brother_ql(renderer, [jar(url, url[-1]) for url in urls], out, progress)
    return out.getvalue()


def test_brother_ql_raster_prints_a_label_whose_code_decodes(tmp_path):
    url = lot_url(BASE_URL, LOT, serial=7)
    path = tmp_path / "label.bin"
    path.write_bytes(brother_raster([url]))
    reader = BrotherQLReader(str(path))
    reader.filename_fmt = str(tmp_path / "printed{counter:04d}.png")
    reader.analyse()
    image = Image.open(tmp_path / "printed0001.png")
    assert image.height == px(40, 300)  # one 40 mm label at the printer's 300 dpi
    assert decode(image) == [url]


def test_brother_ql_raster_holds_one_cut_page_per_label():
    seen = []
    urls = [lot_url(BASE_URL, LOT, serial=n) for n in range(1, 26)]  # more than one job
    data = brother_raster(urls, seen.append)
    instructions = Counter(
        name
        for chunk in chunker(data)
        for opcode, (name, *_) in OPCODES.items()
        if chunk.startswith(opcode)
    )
    assert instructions["print"] == 25
    assert instructions["raster"] == 25 * px(40, 300)
    assert sum(seen) == 25


def test_a_sheet_layout_is_refused_for_a_62_mm_roll():
    with pytest.raises(InvalidInput, match="70.0 mm wide") as caught:
        brother_renderer(load_layout("a4-3x8"))
    assert caught.value.code == "layout_too_wide"


def zpl_graphic(total: int, row_bytes: int, hexdata: str) -> Image.Image:
    ink = Image.frombytes("1", (row_bytes * 8, total // row_bytes), bytes.fromhex(hexdata))
    return Image.eval(ink.convert("L"), lambda v: 255 - v).convert("1")


def test_zpl_has_one_label_per_jar_with_the_printer_drawing_the_exact_url():
    urls = [lot_url(BASE_URL, LOT, serial=n) for n in range(1, 4)]
    renderer = zebra_renderer(load_layout("roll-62mm"))
    out = io.BytesIO()
    write_zpl(renderer, [jar(u, str(n)) for n, u in enumerate(urls, start=1)], out)
    text = out.getvalue().decode()
    assert text.count("^XA") == text.count("^XZ") == 3
    assert re.findall(r"\^BQN,2,\d+\^FD[HQM]A,(\S+?)\^FS", text) == urls
    # The fixed text is downloaded once and recalled by every label.
    stored = re.findall(r"~DG(R:\w+\.GRF),(\d+),(\d+),([0-9A-F]+)", text)
    assert len(stored) == 1 and text.count(f"^XG{stored[0][0]}") == 3
    name, total, row_bytes, hexdata = stored[0]
    graphic = zpl_graphic(int(total), int(row_bytes), hexdata)
    fixed = renderer.fixed(jar(urls[0]).fixed_part())
    assert graphic.crop((0, 0, *fixed.size)).tobytes() == fixed.tobytes()
