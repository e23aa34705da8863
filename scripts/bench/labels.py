"""Benchmark for scripts/bench/labels: our label pipeline against qrcode's default, same URLs."""

from __future__ import annotations

import argparse
import datetime
import io
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import qrcode
from PIL import Image
from pyzbar import pyzbar

from coop.labels.content import LabelData, jar_labels
from coop.labels.layout import load_layout
from coop.labels.output import write_pdf
from coop.labels.render import Renderer
from coop.settings import DEFAULT_BASE_URL

LOT = "B26-M9S346Q6"


def jars(count: int) -> list[LabelData]:
    """A batch's jars with serials 00001 …: every code differs (as `coop labels LOT --serials`)."""
    template = LabelData(
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
    return jar_labels(template, DEFAULT_BASE_URL, count, first_serial=1)


def ours(layout_name: str, labels: list[LabelData]) -> tuple[float, bytes]:
    """Whole labels (text, QR, serial) on A4 pages, written as a 1-bit PDF."""
    out = io.BytesIO()
    start = time.perf_counter()
    write_pdf(load_layout(layout_name), labels, out)
    return time.perf_counter() - start, out.getvalue()


def default_pipeline(urls: list[str]) -> float:
    """qrcode's default: make() (mask search, PIL drawing) and a PIL image per code."""
    start = time.perf_counter()
    for url in urls:
        image = qrcode.make(url)
        image.get_image()
    return time.perf_counter() - start


def decoded_cells(pdf: bytes, layout_name: str) -> list[list[str]]:
    """Every label cell of the PDF printed at 300 dpi by poppler, decoded by zbar."""
    layout = load_layout(layout_name)
    width, height = Renderer(layout, dpi=300).size
    cells = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "labels.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "300", "-gray", str(path), f"{folder}/page"],
            check=True,
            capture_output=True,
        )
        for page_path in sorted(Path(folder).glob("page-*.pgm")):
            page = Image.open(page_path)
            for x, y in layout.origins(300):
                found = pyzbar.decode(
                    page.crop((x, y, x + width, y + height)), symbols=[pyzbar.ZBarSymbol.QRCODE]
                )
                cells.append([symbol.data.decode() for symbol in found])
    return cells


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="best of R alternating rounds")
    parser.add_argument("--layout", default="a4-3x8")
    args = parser.parse_args()
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm (Debian poppler-utils) is needed to check the codes")

    labels = jars(args.count)
    urls = [label.url for label in labels]
    assert len(set(urls)) == args.count
    best_ours = best_default = float("inf")
    pdf = b""
    for _ in range(args.rounds):
        elapsed, pdf = ours(args.layout, labels)
        best_ours = min(best_ours, elapsed)
        best_default = min(best_default, default_pipeline(urls))

    ours_rate = args.count / best_ours
    default_rate = args.count / best_default
    print(f"labels: {args.count} distinct codes ({urls[0]} …), layout {args.layout}")
    print(f"ours    {ours_rate:8.0f} labels/s  (whole labels into a {len(pdf) // 1024} KiB PDF)")
    print(f"qrcode  {default_rate:8.0f} codes/s   (qrcode.make + PIL image, no label, no PDF)")
    print(f"ratio   {ours_rate / default_rate:8.1f}×  (target ≥ 2×; best of {args.rounds} rounds)")

    cells = decoded_cells(pdf, args.layout)[: args.count]
    wrong = [
        (i, cell) for i, (cell, url) in enumerate(zip(cells, urls, strict=True)) if cell != [url]
    ]
    print(f"decoded {args.count - len(wrong)}/{args.count} codes with zbar at 300 dpi")
    if wrong:
        print(f"FAILED: first wrong cells {wrong[:5]}")
        return 1
    return 0 if ours_rate >= 2 * default_rate else 2


if __name__ == "__main__":
    sys.exit(main())
