"""Writing a run of labels to a file, the format chosen by the file's extension (issue 5).

.pdf  pages of the layout, 1-bit and lossless     .png  one image per label
.svg  the QR of each label                        .zpl  Zebra ZPL II     .bin  Brother QL raster
Several labels to .png or .svg become numbered files: name-0001.png, name-0002.png, …
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from coop.domain.errors import InvalidInput
from coop.labels import printers
from coop.labels.content import LabelData
from coop.labels.layout import Layout
from coop.labels.pdf import PdfWriter
from coop.labels.qr import encode, svg
from coop.labels.render import Progress, Renderer, label_images

FORMATS = (".pdf", ".png", ".svg", ".zpl", ".bin")


def format_of(path: Path) -> str:
    """The output format named by the file's extension, or a clear error listing the choices."""
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InvalidInput(
            "Cannot write labels to {name}: use a file ending in {formats}.",
            code="unknown_label_format",
            name=path.name,
            formats=", ".join(FORMATS),
        )
    return suffix


def write_pdf(
    layout: Layout, labels: Sequence[LabelData], out: BinaryIO, progress: Progress | None = None
) -> None:
    renderer = Renderer(layout)
    writer = PdfWriter(out)
    for page in renderer.pages(labels, progress):
        writer.add_page(page, renderer.dpi)
    writer.close()


def numbered(path: Path, index: int, count: int) -> Path:
    """The file for label `index` (from 0): the path itself for one label, else numbered."""
    if count == 1:
        return path
    return path.with_name(f"{path.stem}-{index + 1:0{max(4, len(str(count)))}d}{path.suffix}")


def _each_file(
    path: Path, count: int, write: Callable[[int, Path], None], progress: Progress | None
) -> list[Path]:
    written = []
    for index in range(count):
        target = numbered(path, index, count)
        write(index, target)
        written.append(target)
        if progress:
            progress(1)
    return written


def write_labels(
    path: Path, layout: Layout, labels: Sequence[LabelData], progress: Progress | None = None
) -> list[Path]:
    """Write the run to `path` (format by extension); returns the files written."""
    kind = format_of(path)
    if kind == ".png":
        renderer = Renderer(layout)
        images = label_images(renderer, labels)
        return _each_file(
            path,
            len(labels),
            lambda _, target: next(images).save(target, dpi=(renderer.dpi, renderer.dpi)),
            progress,
        )
    if kind == ".svg":
        element = layout.element("qr")
        size_mm = element.size_mm if element else None

        def write_svg(index: int, target: Path) -> None:
            target.write_text(svg(encode(labels[index].url), size_mm), encoding="utf-8")

        return _each_file(path, len(labels), write_svg, progress)
    with path.open("wb") as out:
        if kind == ".pdf":
            write_pdf(layout, labels, out, progress)
        elif kind == ".zpl":
            printers.write_zpl(printers.zebra_renderer(layout), labels, out, progress)
        else:
            printers.write_brother_ql(printers.brother_renderer(layout), labels, out, progress)
    return [path]
