"""What a label run may be: the layouts in labels/ and the file formats labels are drawn in."""

from __future__ import annotations

import msgspec

from coop.domain.errors import InvalidInput
from coop.labels.layout import layout_names, load_layout

FORMATS = {"pdf": ".pdf", "png": ".png", "svg": ".svg", "zpl": ".zpl", "brother": ".bin"}


class LayoutView(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    title: str
    labels_per_page: int
    label_width_mm: float
    label_height_mm: float
    page_width_mm: float
    page_height_mm: float


def label_layouts() -> list[LayoutView]:
    """The layouts in labels/, for a form's choice or an API client."""
    views = []
    for name in layout_names():
        layout = load_layout(name)
        views.append(
            LayoutView(
                name=name,
                title=layout.title,
                labels_per_page=layout.per_page,
                label_width_mm=layout.label_width_mm,
                label_height_mm=layout.label_height_mm,
                page_width_mm=layout.page_width_mm,
                page_height_mm=layout.page_height_mm,
            )
        )
    return views


def format_extension(fmt: str) -> str:
    """The file extension of a format name (pdf, png, svg, zpl, brother), or a clear refusal."""
    extension = FORMATS.get(fmt.strip().lower())
    if extension is None:
        raise InvalidInput(
            "There is no label format {format}; formats: {formats}.",
            code="unknown_label_format",
            format=fmt,
            formats=", ".join(FORMATS),
        )
    return extension
