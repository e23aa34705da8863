"""Drawing labels as 1-bit images: the fixed text of a run once, then each jar's QR and serial.

Text is drawn with real fonts (coop.labels.fonts): Chinese in Noto Sans CJK, Uyghur shaped right to
left; a line too long for its box is set smaller, down to 60% of its size, never cut.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from PIL import Image, ImageDraw, ImageFont

from coop.domain.errors import InvalidInput
from coop.i18n import DEFAULT_LOCALE
from coop.labels import fonts
from coop.labels.content import LabelData, field_text
from coop.labels.layout import POINTS_PER_INCH, Element, Layout, px
from coop.labels.qr import QUIET_ZONE, Qr, encode, module_image

WHITE = 1
BLACK = 0
SMALLEST = 0.6  # of the layout's type size, when a line must shrink to fit its box
PER_JAR = frozenset({"qr", "serial"})
Progress = Callable[[int], None]


class Glyph(NamedTuple):
    ink: Image.Image | None  # 1 where the glyph is black; None for a space
    left: int  # from the pen position
    top: int  # from the baseline (negative: above it)
    advance: int


@lru_cache(maxsize=4096)
def _glyph(font: ImageFont.FreeTypeFont, char: str) -> Glyph:
    advance = round(font.getlength(char))
    left, top, right, bottom = (round(edge) for edge in font.getbbox(char, anchor="ls"))
    if right <= left or bottom <= top:
        return Glyph(None, 0, 0, advance)
    ink = Image.new("1", (right - left, bottom - top), 0)
    ImageDraw.Draw(ink).text((-left, -top), char, fill=1, font=font, anchor="ls")
    return Glyph(ink, left, top, advance)


def _direction(element: Element) -> tuple[str | None, str | None]:
    """Uyghur lines are laid out right to left with Uyghur shaping rules (libraqm)."""
    return ("rtl", "ug") if element.font.startswith("arabic") else (None, None)


class Renderer:
    """Draws one layout's labels at one resolution (the layout's, or a printer's own dpi)."""

    def __init__(self, layout: Layout, dpi: int | None = None, locale: str = DEFAULT_LOCALE):
        self.layout = layout
        self.dpi = dpi or layout.dpi
        self.locale = locale
        self.size = (px(layout.label_width_mm, self.dpi), px(layout.label_height_mm, self.dpi))
        self.page_size = (px(layout.page_width_mm, self.dpi), px(layout.page_height_mm, self.dpi))
        self.mask: int | None = None  # chosen for the run's first code, kept for the rest
        self.fixed = lru_cache(maxsize=64)(self._draw_fixed)

    # --- text ---------------------------------------------------------------------------------
    def _fitted(self, element: Element, text: str) -> ImageFont.FreeTypeFont:
        """The element's font, set smaller (down to SMALLEST) until the text fits its box."""
        box = px(element.width_mm, self.dpi)
        direction, language = _direction(element)
        size = max(1, round(element.size_pt * self.dpi / POINTS_PER_INCH))
        smallest = max(1, round(size * SMALLEST))
        font = fonts.font(element.font, size)
        while (
            size > smallest and font.getlength(text, direction=direction, language=language) > box
        ):
            size -= 1
            font = fonts.font(element.font, size)
        return font

    def _anchor(self, element: Element, origin: tuple[int, int]) -> tuple[int, int, str]:
        left = origin[0] + px(element.x_mm, self.dpi)
        top = origin[1] + px(element.y_mm, self.dpi)
        box = px(element.width_mm, self.dpi)
        if element.align == "right":
            return left + box, top, "ra"
        if element.align == "centre":
            return left + box // 2, top, "ma"
        return left, top, "la"

    def _draw_text(
        self, draw: ImageDraw.ImageDraw, element: Element, text: str, origin: tuple[int, int]
    ) -> None:
        """Text shaped as a whole (Uyghur joining and right-to-left order need that)."""
        font = self._fitted(element, text)
        x, y, anchor = self._anchor(element, origin)
        direction, language = _direction(element)
        draw.text((x, y), text, BLACK, font, anchor, direction=direction, language=language)

    def _draw_run(
        self, canvas: Image.Image, element: Element, text: str, origin: tuple[int, int]
    ) -> None:
        """Left-to-right text from cached glyphs: a jar's serial changes on every label."""
        font = self._fitted(element, text)
        glyphs = [_glyph(font, char) for char in text]
        width = sum(glyph.advance for glyph in glyphs)
        x, top, anchor = self._anchor(element, origin)
        x -= {"la": 0, "ma": width // 2, "ra": width}[anchor]
        baseline = top + font.getmetrics()[0]
        for glyph in glyphs:
            if glyph.ink is not None:
                canvas.paste(BLACK, (x + glyph.left, baseline + glyph.top), glyph.ink)
            x += glyph.advance

    def _draw_fixed(self, data: LabelData) -> Image.Image:
        image = Image.new("1", self.size, WHITE)
        draw = ImageDraw.Draw(image)
        for element in self.layout.elements:
            if element.field not in PER_JAR and (
                text := field_text(data, element.field, self.locale)
            ):
                self._draw_text(draw, element, text, (0, 0))
        return image

    # --- QR -----------------------------------------------------------------------------------
    def qr(self, url: str) -> Qr:
        """Encode with the run's mask (qrcode's slow mask search runs once per run)."""
        code = encode(url, mask=self.mask)
        self.mask = code.mask
        return code

    def qr_image(self, code: Qr) -> tuple[Image.Image, tuple[int, int]]:
        """The QR scaled to whole pixels per module, centred in its box; and its offset there."""
        element = self.layout.element("qr")
        assert element is not None  # the layout loader insists on one
        box = px(element.size_mm, self.dpi)
        module_px = box // (code.size + 2 * QUIET_ZONE)
        if module_px < 2:
            raise InvalidInput(
                "The QR box of {size} mm in layout {name} is too small at {dpi} dpi for"
                " a version {version} code.",
                code="qr_too_small",
                size=element.size_mm,
                name=self.layout.name,
                dpi=self.dpi,
                version=code.version,
            )
        image = module_image(code, module_px)
        inset = (box - image.width) // 2
        return image, (px(element.x_mm, self.dpi) + inset, px(element.y_mm, self.dpi) + inset)

    # --- labels and pages ---------------------------------------------------------------------
    def draw_label(self, canvas: Image.Image, origin: tuple[int, int], data: LabelData) -> None:
        """One label onto a page (or a label-sized canvas) at `origin`."""
        x0, y0 = origin
        canvas.paste(self.fixed(data.fixed_part()), origin)
        image, (x, y) = self.qr_image(self.qr(data.url))
        canvas.paste(image, (x0 + x, y0 + y))
        serial = self.layout.element("serial")
        if serial is not None and data.serial:
            text = field_text(data, "serial", self.locale)
            self._draw_run(canvas, serial, text, origin)

    def serial_strip(self, data: LabelData) -> Image.Image | None:
        """The jar's serial line alone, as wide as its box (thermal printers send it apart)."""
        element = self.layout.element("serial")
        if element is None or not data.serial:
            return None
        text = field_text(data, "serial", self.locale)
        ascent, descent = self._fitted(element, text).getmetrics()
        strip = Image.new("1", (px(element.width_mm, self.dpi), ascent + descent), WHITE)
        self._draw_run(
            strip, element, text, (-px(element.x_mm, self.dpi), -px(element.y_mm, self.dpi))
        )
        return strip

    def label(self, data: LabelData) -> Image.Image:
        """One label as its own 1-bit image."""
        image = Image.new("1", self.size, WHITE)
        self.draw_label(image, (0, 0), data)
        return image

    def pages(
        self, labels: Iterable[LabelData], progress: Progress | None = None
    ) -> Iterator[Image.Image]:
        """Pages of the layout filled row by row; `progress(n)` after each page's n labels."""
        origins = self.layout.origins(self.dpi)
        page: Image.Image | None = None
        placed = 0
        for data in labels:
            if page is None:
                page = Image.new("1", self.page_size, WHITE)
            self.draw_label(page, origins[placed], data)
            placed += 1
            if placed == len(origins):
                yield page
                if progress:
                    progress(placed)
                page, placed = None, 0
        if page is not None:
            yield page
            if progress:
                progress(placed)


def label_images(renderer: Renderer, labels: Iterable[LabelData]) -> Iterator[Image.Image]:
    """Each label on its own image (PNG per label)."""
    return (renderer.label(data) for data in labels)
