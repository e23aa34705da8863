"""Small SVG pieces in whole pixels: the charts are drawn on the server, no JavaScript, no CDN."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

WIDTH = 360  # a cheap phone's CSS width; the viewBox scales to any screen or to A4
SIZE = 12  # the font size, in viewBox pixels (about 11 px on a 330 px phone column)
LINE = 15  # the distance between the lines of a wrapped text
FONT = (  # Chinese first; the CJK fonts have no Arabic script, so Uyghur falls to the next ones
    '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC",'
    ' "UKIJ Tuz", "Noto Naskh Arabic", "Noto Sans Arabic", "Microsoft Uighur", sans-serif'
)
ARABIC = re.compile(r"[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
FIGURE = re.compile(
    r"(?<!\w)[¥+-]?\d[\d.,:/-]*%?"
)  # an amount, a day: read left to right in any text
# a line may break between two Chinese characters and at spaces, never inside a word or a number
_PIECES = re.compile(
    r"\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+"
)


def attrs(**values: object) -> str:
    return "".join(
        f" {name.rstrip('_').replace('_', '-')}={quoteattr(str(v))}" for name, v in values.items()
    )


def text_width(content: str, size: int = SIZE) -> int:
    """A generous estimate of the drawn width (measured in Chromium with the fonts named above:
    a Chinese character is 1 em, a Latin letter or digit 0.5-0.65 em, Uyghur about 0.45 em)."""
    ems = 0.0
    for char in content:
        if char.isspace():
            ems += 0.3
        elif unicodedata.east_asian_width(char) in "WFA":
            ems += 1.0
        elif ARABIC.match(char):
            ems += 0.55
        else:
            ems += 0.7 if char.isupper() else 0.62
    return int(ems * size) + 1


def wrap(content: str, width: int, size: int = SIZE) -> list[str]:
    """The text in lines no wider than width: broken at spaces or between Chinese characters;
    a single word wider than the line keeps its own line whole."""
    lines: list[str] = []
    line = ""
    for piece in _PIECES.findall(content):
        if line and not piece.isspace() and text_width(line + piece, size) > width:
            lines.append(line.rstrip())
            line = ""
        if line or not piece.isspace():
            line += piece
    return [*lines, line.rstrip()] if line.strip() else lines or [""]


def svg(height: int, title: str, parts: Iterable[str]) -> str:
    """The root element, with the title on top (wrapped to fit; the drawing below moves down by
    the title's extra lines): scales to its container's width (width 100%, fixed aspect ratio).
    Its direction is set so that a right-to-left page does not turn the text anchors around."""
    lines = wrap(title, WIDTH - 8, SIZE + 1)
    extra = LINE * (len(lines) - 1)
    heading = [
        text(WIDTH // 2, 16 + LINE * i, line, "middle", font_weight="bold", font_size=SIZE + 1)
        for i, line in enumerate(lines)
    ]
    body = "".join(parts)
    if extra:
        body = f"<g{attrs(transform=f'translate(0 {extra})')}>{body}</g>"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg"{attrs(viewBox=f"0 0 {WIDTH} {height + extra}")}'
        f' width="100%" role="img"{attrs(aria_label=title, font_family=FONT, font_size=SIZE)}'
        f' direction="ltr"><title>{escape(title)}</title>{"".join(heading)}{body}</svg>'
    )


def text(x: int, y: int, content: str, anchor: str = "start", **extra: object) -> str:
    """A text whose anchor is where it starts, ends or is centred as seen on the page: a Uyghur
    text is set right to left (so its words read in order) with its anchor turned to match."""
    return text_lines(x, y, [content], anchor, **extra)


def text_lines(x: int, y: int, lines: list[str], anchor: str = "start", **extra: object) -> str:
    """One text of several lines (a wrapped label), each LINE below the one before."""
    if any(ARABIC.search(line) for line in lines):
        anchor = {"start": "end", "end": "start"}.get(anchor, anchor)
        extra = {"direction": "rtl", **extra}
        lines = [FIGURE.sub(lambda figure: f"\u2066{figure.group(0)}\u2069", n) for n in lines]
    if len(lines) == 1:
        body = escape(lines[0])
    else:
        body = "".join(
            f"<tspan{attrs(x=x, dy=LINE if i else 0)}>{escape(line)}</tspan>"
            for i, line in enumerate(lines)
        )
    return f"<text{attrs(x=x, y=y, text_anchor=anchor, **extra)}>{body}</text>"


def line(x1: int, y1: int, x2: int, y2: int, **extra: object) -> str:
    return f"<line{attrs(x1=x1, y1=y1, x2=x2, y2=y2, **extra)}/>"


def rect(x: int, y: int, width: int, height: int, tooltip: str, **extra: object) -> str:
    return (
        f"<rect{attrs(x=x, y=y, width=width, height=max(height, 0), **extra)}>"
        f"<title>{escape(tooltip)}</title></rect>"
    )


def circle(x: int, y: int, tooltip: str, **extra: object) -> str:
    return f"<circle{attrs(cx=x, cy=y, r=3, **extra)}><title>{escape(tooltip)}</title></circle>"


def polyline(points: Iterable[tuple[int, int]], **extra: object) -> str:
    joined = " ".join(f"{x},{y}" for x, y in points)
    return f"<polyline{attrs(points=joined, fill='none', **extra)}/>"


def scale(value: int, top: int, pixels: int) -> int:
    """value in [0, top] to [0, pixels] pixels, in whole pixels (integer arithmetic throughout)."""
    return 0 if top <= 0 else value * pixels // top
