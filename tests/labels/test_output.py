"""Writing a run: the file's extension chooses the format."""

import io
import zipfile

import pytest
from PIL import Image
from support_labels import BASE_URL, LOT, decode, jar, svg_to_image

from coop.domain.errors import InvalidInput
from coop.labels.layout import load_layout
from coop.labels.output import label_file, write_labels
from coop.labels.urls import lot_url

URLS = [lot_url(BASE_URL, LOT, serial=n) for n in (1, 2)]


def run(tmp_path, name: str, layout: str = "roll-62mm"):
    seen: list[int] = []
    written = write_labels(
        tmp_path / name, load_layout(layout), [jar(u, u[-1]) for u in URLS], seen.append
    )
    assert sum(seen) == len(URLS)
    return written


def test_png_writes_one_decodable_image_per_label(tmp_path):
    written = run(tmp_path, "jar.png")
    assert [path.name for path in written] == ["jar-0001.png", "jar-0002.png"]
    assert [decode(Image.open(path)) for path in written] == [[u] for u in URLS]
    assert Image.open(written[0]).info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_svg_writes_the_qr_of_each_label(tmp_path):
    written = run(tmp_path, "code.svg")
    drawn = [svg_to_image(path.read_text(), 4) for path in written]
    assert [decode(image) for image in drawn] == [[u] for u in URLS]


@pytest.mark.parametrize("name", ["run.zpl", "run.bin", "run.pdf"])
def test_printer_formats_and_pdf_write_one_file(tmp_path, name):
    written = run(tmp_path, name)
    assert written == [tmp_path / name] and written[0].stat().st_size > 1000


def test_an_unknown_extension_writes_nothing(tmp_path):
    with pytest.raises(InvalidInput, match="use a file ending in .pdf"):
        run(tmp_path, "run.jpg")
    assert list(tmp_path.iterdir()) == []


def test_a_downloaded_run_of_several_pngs_is_one_zip_of_numbered_labels():
    labels = [jar(u, u[-1]) for u in URLS]
    name, content, content_type = label_file("jars.png", load_layout("roll-62mm"), labels)
    assert (name, content_type) == ("jars.zip", "application/zip")
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.namelist() == ["jars-0001.png", "jars-0002.png"]
    assert [decode(Image.open(archive.open(n))) for n in archive.namelist()] == [[u] for u in URLS]
    one = label_file("jar.png", load_layout("roll-62mm"), labels[:1])
    assert one[0] == "jar.png" and one[2] == "image/png"
