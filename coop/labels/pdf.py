"""Multi-page PDF of 1-bit pages, written page by page: CCITT Group 4, lossless and small.

Pillow's own PDF writer keeps every page in memory until the end (10 000 labels are 417 A4 pages,
about 450 MB) and would store a greyscale page as JPEG; this one streams.
"""

from __future__ import annotations

import io
import math
from typing import BinaryIO

from PIL import Image, features


def group4(page: Image.Image) -> bytes:
    """The page as one CCITT Group 4 strip, the way Pillow's PDF plugin makes it (via libtiff)."""
    if not features.check("libtiff"):
        raise RuntimeError("Pillow lacks libtiff: 1-bit PDF pages cannot be compressed losslessly")
    buffer = io.BytesIO()
    width, height = page.size
    page.save(buffer, "TIFF", compression="group4", strip_size=math.ceil(width / 8) * height)
    return buffer.getvalue()[8:]  # libtiff writes the strip right after the 8-byte header


class PdfWriter:
    """Writes pages as they come: each a full-page 1-bit image at the given resolution."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.offsets: list[int] = []
        self.page_ids: list[int] = []
        self.start = out.tell()
        self.out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        # Objects 1 and 2 (catalogue and page tree) are written last, when the pages are known.
        self.offsets = [0, 0]

    def _object(self, body: bytes, stream: bytes | None = None) -> int:
        self.offsets.append(self.out.tell() - self.start)
        number = len(self.offsets)
        self.out.write(f"{number} 0 obj\n".encode() + body)
        if stream is not None:
            self.out.write(b"\nstream\n" + stream + b"\nendstream")
        self.out.write(b"\nendobj\n")
        return number

    def _fixed(self, number: int, body: bytes) -> None:
        self.offsets[number - 1] = self.out.tell() - self.start
        self.out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")

    def add_page(self, page: Image.Image, dpi: int) -> None:
        if page.mode != "1":
            raise ValueError("label pages are 1-bit images (mode '1')")
        width, height = page.size
        data = group4(page)
        head = (
            f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height}"
            " /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode"
            f" /DecodeParms << /K -1 /BlackIs1 true /Columns {width} /Rows {height} >>"
            f" /Length {len(data)} >>"
        )
        image = self._object(head.encode(), data)
        points_w, points_h = width * 72 / dpi, height * 72 / dpi
        drawing = f"q {points_w:.3f} 0 0 {points_h:.3f} 0 0 cm /Im0 Do Q".encode()
        content = self._object(f"<< /Length {len(drawing)} >>".encode(), drawing)
        self.page_ids.append(
            self._object(
                (
                    f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {points_w:.3f} {points_h:.3f}]"
                    f" /Resources << /XObject << /Im0 {image} 0 R >> /ProcSet [/PDF /ImageB] >>"
                    f" /Contents {content} 0 R >>"
                ).encode()
            )
        )

    def close(self) -> None:
        """Write the page tree, catalogue, cross-reference table and trailer."""
        kids = " ".join(f"{number} 0 R" for number in self.page_ids)
        self._fixed(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        self._fixed(2, f"<< /Type /Pages /Kids [{kids}] /Count {len(self.page_ids)} >>".encode())
        xref = self.out.tell() - self.start
        lines = [f"xref\n0 {len(self.offsets) + 1}\n", "0000000000 65535 f \n"]
        lines += [f"{offset:010d} 00000 n \n" for offset in self.offsets]
        self.out.write("".join(lines).encode())
        self.out.write(
            f"trailer\n<< /Size {len(self.offsets) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n".encode()
        )
