"""Writing a run of labels to a file, the format chosen by the file's extension.

.pdf  pages of the layout, 1-bit and lossless     .png  one image per label
.svg  the QR of each label                        .zpl  Zebra ZPL II     .bin  Brother QL raster
Several labels to .png or .svg become numbered files: name-0001.png, name-0002.png, … (one ZIP
of those files when the run is downloaded).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from coop.domain.errors import InvalidInput
from coop.labels import printers
from coop.labels.content import LabelData
from coop.labels.layout import Layout
from coop.labels.pdf import PdfWriter
from coop.labels.qr import encode, svg
from coop.labels.render import Progress, Renderer

FORMATS = (".pdf", ".png", ".svg", ".zpl", ".bin")
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".zpl": "application/zpl",  # as shipping-label services name it; not IANA-registered
    ".bin": "application/octet-stream",  # Brother QL raster instructions
    ".zip": "application/zip",
}


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
    path: Path, count: int, write: Callable[[int, Path], object], progress: Progress | None
) -> list[Path]:
    written = []
    for index in range(count):
        target = numbered(path, index, count)
        write(index, target)
        written.append(target)
        if progress:
            progress(1)
    return written


def _png(renderer: Renderer, data: LabelData) -> bytes:
    out = io.BytesIO()
    renderer.label(data).save(out, "PNG", dpi=(renderer.dpi, renderer.dpi))
    return out.getvalue()


def _per_label(kind: str, layout: Layout) -> Callable[[LabelData], bytes]:
    """How one label becomes its own file: a PNG of the whole label, or an SVG of its QR."""
    if kind == ".png":
        renderer = Renderer(layout)
        return lambda data: _png(renderer, data)
    element = layout.element("qr")
    size_mm = element.size_mm if element else None
    return lambda data: svg(encode(data.url), size_mm).encode()


def _stream(
    kind: str,
    layout: Layout,
    labels: Sequence[LabelData],
    out: BinaryIO,
    progress: Progress | None,
) -> None:
    if kind == ".pdf":
        write_pdf(layout, labels, out, progress)
    elif kind == ".zpl":
        printers.write_zpl(printers.zebra_renderer(layout), labels, out, progress)
    else:
        printers.write_brother_ql(printers.brother_renderer(layout), labels, out, progress)


def write_labels(
    path: Path, layout: Layout, labels: Sequence[LabelData], progress: Progress | None = None
) -> list[Path]:
    """Write the run to `path` (format by extension); returns the files written."""
    kind = format_of(path)
    if kind in (".png", ".svg"):
        one = _per_label(kind, layout)
        return _each_file(
            path, len(labels), lambda i, target: target.write_bytes(one(labels[i])), progress
        )
    with path.open("wb") as out:
        _stream(kind, layout, labels, out, progress)
    return [path]


def label_file(
    name: str, layout: Layout, labels: Sequence[LabelData], progress: Progress | None = None
) -> tuple[str, bytes, str]:
    """The run as one download: file name, bytes and content type (several PNG or SVG: a ZIP)."""
    path = Path(name)
    kind = format_of(path)
    if kind not in (".png", ".svg"):
        out = io.BytesIO()
        _stream(kind, layout, labels, out, progress)
        return name, out.getvalue(), CONTENT_TYPES[kind]
    one = _per_label(kind, layout)
    if len(labels) == 1:
        return name, one(labels[0]), CONTENT_TYPES[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:  # PNGs are compressed already

        def add(index: int, target: Path) -> None:
            archive.writestr(target.name, one(labels[index]))

        _each_file(path, len(labels), add, progress)
    return path.with_suffix(".zip").name, out.getvalue(), CONTENT_TYPES[".zip"]
