"""Small SVG pieces in whole pixels: the charts are drawn on the server, no JavaScript, no CDN."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

WIDTH = 360  # a cheap phone's CSS width; the viewBox scales to any screen or to A4
FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'


def attrs(**values: object) -> str:
    return "".join(
        f" {name.rstrip('_').replace('_', '-')}={quoteattr(str(v))}" for name, v in values.items()
    )


def svg(height: int, title: str, parts: Iterable[str]) -> str:
    """The root element: scales to its container's width (width 100%, fixed aspect ratio)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg"{attrs(viewBox=f"0 0 {WIDTH} {height}")}'
        f' width="100%" role="img"{attrs(aria_label=title, font_family=FONT, font_size=11)}>'
        f"<title>{escape(title)}</title>{''.join(parts)}</svg>"
    )


def text(x: int, y: int, content: str, anchor: str = "start", **extra: object) -> str:
    return f"<text{attrs(x=x, y=y, text_anchor=anchor, **extra)}>{escape(content)}</text>"


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
