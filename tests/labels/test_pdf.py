"""A 3-page A4 PDF of 72 labels: every QR, printed at 300 dpi, decodes to exactly its URL."""

import shutil
import subprocess

import pytest
from conftest import missing
from PIL import Image, ImageChops
from support_labels import BASE_URL, LOT, decode, jar, render_pdf

from coop.labels.layout import load_layout
from coop.labels.output import write_pdf
from coop.labels.render import Renderer
from coop.labels.urls import lot_url

COUNT = 72


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    """72 jars with serials 1–72 on the A4 layout, written to a PDF."""
    folder = tmp_path_factory.mktemp("pdf")
    labels = [jar(lot_url(BASE_URL, LOT, serial=n), str(n)) for n in range(1, COUNT + 1)]
    pdf = folder / "labels.pdf"
    with pdf.open("wb") as out:
        write_pdf(load_layout("a4-3x8"), labels, out)
    return folder, pdf, labels


def test_every_qr_of_a_3_page_pdf_printed_at_300_dpi_decodes_to_exactly_its_url(sheet):
    folder, pdf, labels = sheet
    layout = load_layout("a4-3x8")
    pages = render_pdf(pdf, folder, dpi=300)
    assert len(pages) == 3
    width, height = Renderer(layout).size
    decoded = []
    for page in pages:
        for x, y in layout.origins(300):
            decoded.append(decode(page.crop((x, y, x + width, y + height))))
    # Each label's own cell holds one code, and it is that label's URL, in order.
    assert decoded == [[label.url] for label in labels]
    assert len({label.url for label in labels}) == COUNT


def test_the_pdf_pages_are_1_bit_group_4_images_never_jpeg_and_small(sheet):
    _, pdf, _ = sheet
    data = pdf.read_bytes()
    assert data.count(b"/CCITTFaxDecode") == 3
    assert b"/DCTDecode" not in data
    assert b"/BitsPerComponent 1" in data
    assert len(data) < 3 * 150_000  # about 80 kB per A4 page of 24 labels


def test_the_pdf_holds_the_rendered_pages_pixel_for_pixel(sheet, tmp_path):
    """Lossless: the images poppler extracts from the PDF are the pages the renderer drew."""
    folder, pdf, labels = sheet
    if shutil.which("pdfimages") is None:
        missing("pdfimages (Debian poppler-utils)")
    subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "img")], check=True)
    extracted = sorted(tmp_path.glob("img-*.png"))
    drawn = list(Renderer(load_layout("a4-3x8")).pages(labels))
    assert len(extracted) == len(drawn) == 3
    for path, page in zip(extracted, drawn, strict=True):
        image = Image.open(path).convert("1")
        assert ImageChops.difference(image.convert("L"), page.convert("L")).getbbox() is None


def test_progress_is_reported_for_every_label(tmp_path):
    seen = []
    labels = [jar(lot_url(BASE_URL, LOT, serial=n), str(n)) for n in range(30)]
    with (tmp_path / "p.pdf").open("wb") as out:
        write_pdf(load_layout("a4-3x8"), labels, out, seen.append)
    assert seen == [24, 6]
