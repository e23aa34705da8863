"""Label layouts: data files in `labels/` (TOML) saying page and label size in mm, margins, dpi and
where each element goes, so a new sticker sheet or roll needs no code.

A roll is a page the size of one label (1 column × 1 row).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from coop.domain.errors import InvalidInput

LAYOUTS = Path(__file__).resolve().parents[2] / "labels"
MM_PER_INCH = 25.4
POINTS_PER_INCH = 72
FIELDS = frozenset(
    {
        "qr",
        "cooperative",
        "name_zh",
        "name_ug",
        "net_weight",
        "lot",
        "made_on",
        "best_before",
        "price",
        "serial",
        "url_text",
        "line_1",  # free lines: a certificate's facts (coop.services.certificate_labels)
        "line_2",
        "line_3",
        "line_4",
    }
)
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")


def px(mm: float, dpi: int) -> int:
    """Millimetres to whole device pixels at this resolution."""
    return round(mm * dpi / MM_PER_INCH)


class Element(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Where one piece of the label goes: top-left corner, box width (text) or side (QR), font."""

    field: str
    x_mm: float
    y_mm: float
    width_mm: float = 0.0
    size_mm: float = 0.0  # the QR's side, quiet zone included
    font: str = "cjk"
    size_pt: float = 7.0
    align: str = "left"  # left, right or centre of the box


@dataclass(frozen=True)
class Layout:
    name: str
    title: str
    dpi: int
    page_width_mm: float
    page_height_mm: float
    margin_left_mm: float
    margin_top_mm: float
    columns: int
    rows: int
    gap_x_mm: float
    gap_y_mm: float
    label_width_mm: float
    label_height_mm: float
    elements: tuple[Element, ...]

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origins(self, dpi: int) -> list[tuple[int, int]]:
        """Each label's top-left corner on a page, in pixels, row by row."""
        return [
            (
                px(self.margin_left_mm + column * (self.label_width_mm + self.gap_x_mm), dpi),
                px(self.margin_top_mm + row * (self.label_height_mm + self.gap_y_mm), dpi),
            )
            for row in range(self.rows)
            for column in range(self.columns)
        ]

    def element(self, field: str) -> Element | None:
        return next((e for e in self.elements if e.field == field), None)


def _bad(name: str, problem: str) -> InvalidInput:
    return InvalidInput(
        "The label layout {name} is not valid: {problem}.",
        code="invalid_layout",
        name=name,
        problem=problem,
    )


def parse_layout(name: str, data: dict[str, Any]) -> Layout:
    """A layout from its TOML tables; every size is checked so a typo is caught on loading."""
    try:
        page, label = data["page"], data["label"]
        elements = tuple(msgspec.convert(e, Element) for e in data.get("element", []))
        layout = Layout(
            name=name,
            title=str(data.get("title", name)),
            dpi=int(data.get("dpi", 300)),
            page_width_mm=float(page["width_mm"]),
            page_height_mm=float(page["height_mm"]),
            margin_left_mm=float(page.get("margin_left_mm", 0)),
            margin_top_mm=float(page.get("margin_top_mm", 0)),
            columns=int(page.get("columns", 1)),
            rows=int(page.get("rows", 1)),
            gap_x_mm=float(page.get("gap_x_mm", 0)),
            gap_y_mm=float(page.get("gap_y_mm", 0)),
            label_width_mm=float(label["width_mm"]),
            label_height_mm=float(label["height_mm"]),
            elements=elements,
        )
    except KeyError as error:
        raise _bad(name, f"{error} is missing") from None
    except (TypeError, ValueError, msgspec.ValidationError) as error:
        raise _bad(name, str(error)) from None
    _check(layout)
    return layout


def _check(layout: Layout) -> None:
    if not 100 <= layout.dpi <= 1200:
        raise _bad(layout.name, "dpi must be between 100 and 1200")
    if layout.columns < 1 or layout.rows < 1:
        raise _bad(layout.name, "columns and rows must be at least 1")
    right = layout.margin_left_mm + layout.columns * layout.label_width_mm
    bottom = layout.margin_top_mm + layout.rows * layout.label_height_mm
    right += (layout.columns - 1) * layout.gap_x_mm
    bottom += (layout.rows - 1) * layout.gap_y_mm
    if right > layout.page_width_mm + 0.01 or bottom > layout.page_height_mm + 0.01:
        raise _bad(layout.name, "the labels do not fit on the page")
    if layout.element("qr") is None:
        raise _bad(layout.name, "it has no qr element")
    for element in layout.elements:
        if element.field not in FIELDS:
            raise _bad(layout.name, f"unknown field {element.field}")
        if element.align not in {"left", "right", "centre"}:
            raise _bad(layout.name, f"align must be left, right or centre, not {element.align}")
        width = element.size_mm if element.field == "qr" else element.width_mm
        if width <= 0 or element.x_mm + width > layout.label_width_mm + 0.01:
            raise _bad(layout.name, f"{element.field} must fit inside the label's width")


def layout_names(folder: Path = LAYOUTS) -> list[str]:
    return sorted(path.stem for path in folder.glob("*.toml"))


def load_layout(name: str, folder: Path = LAYOUTS) -> Layout:
    """The layout `labels/{name}.toml`, or a clear refusal naming the layouts there are (a layout
    is a choice the asker makes, so an unknown one is bad input: 422, not 404)."""
    path = folder / f"{name}.toml"
    if not _NAME.fullmatch(name) or not path.is_file():
        raise InvalidInput(
            "No label layout {name}; layouts: {known}.",
            code="unknown_layout",
            name=name,
            known=", ".join(layout_names(folder)),
        )
    with path.open("rb") as file:
        try:
            data = tomllib.load(file)
        except tomllib.TOMLDecodeError as error:
            raise _bad(name, str(error)) from None
    return parse_layout(name, data)
