"""Member cards: a household's code, name and village group beside a QR the weigh station scans.

The QR holds the URL /weigh/card/<code> on the cooperative's address, so the station's scanner
and a phone's own camera app both open that household's weigh form. Cards are bank-card size
(ISO/IEC 7810 ID-1, 85.6 × 54 mm), drawn 1-bit at 300 dpi: one as PNG, or ten on an A4 sheet (PDF).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote, unquote

from PIL import Image, ImageDraw

from coop.labels import fonts
from coop.labels.layout import px
from coop.labels.pdf import PdfWriter
from coop.labels.qr import QUIET_ZONE, encode, module_image

DPI = 300
CARD_MM = (85.6, 54.0)
SHEET_MM = (210.0, 297.0)
COLUMNS, ROWS = 2, 5
GAP_MM = 4.0
ARABIC = re.compile(r"[\u0600-\u06ff]")
BLACK, WHITE = 0, 1


@dataclass(frozen=True)
class MemberCard:
    """What one card shows; titles are given in Chinese and Uyghur, both printed."""

    code: str
    name: str
    village_group: str
    cooperative: str
    title_zh: str
    title_ug: str


def card_url(base_url: str, code: str) -> str:
    """What the QR holds: the station's address for this card (case kept, safely quoted)."""
    return f"{base_url.rstrip('/')}/weigh/card/{quote(code, safe='')}"


def card_code(scanned: str) -> str:
    """The household code in a scanned value: a card URL, or the bare code typed on old cards."""
    match = re.search(r"/weigh/card/([^/?#]+)/?$", scanned.strip())
    return unquote(match.group(1)) if match else scanned.strip()


def _text(
    draw: ImageDraw.ImageDraw,
    xy: tuple[int, int],
    text: str,
    size: int,
    bold: bool,
    width: int,
    anchor: str = "la",
) -> None:
    """Chinese in Noto Sans CJK; Uyghur shaped right to left; shrunk until it fits its width."""
    rtl = bool(ARABIC.search(text))
    role = ("arabic" if rtl else "cjk") + ("-bold" if bold else "")
    direction, language = ("rtl", "ug") if rtl else (None, None)
    font = fonts.font(role, size)
    while size > 12 and font.getlength(text, direction=direction, language=language) > width:
        size -= 2
        font = fonts.font(role, size)
    draw.text(xy, text, BLACK, font, anchor, direction=direction, language=language)


def card_image(card: MemberCard, base_url: str) -> Image.Image:
    """One card, 1-bit: titles across the top, QR on the left, code, name and group on the right."""
    width, height = px(CARD_MM[0], DPI), px(CARD_MM[1], DPI)
    image = Image.new("1", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    margin = px(3, DPI)
    draw.rectangle((0, 0, width - 1, height - 1), outline=BLACK, width=3)
    _text(draw, (margin, margin), card.cooperative, 38, True, width - 2 * margin)
    _text(draw, (margin, margin + 52), card.title_zh, 34, False, width // 2 - margin)
    _text(draw, (width - margin, margin + 46), card.title_ug, 34, False, width // 2 - margin, "ra")
    code = encode(card_url(base_url, card.code))
    box = height - (margin + 110) - margin
    module = max(2, box // (code.size + 2 * QUIET_ZONE))
    qr = module_image(code, module)
    image.paste(qr, (margin, height - margin - qr.size[1]))
    left = margin + qr.size[0] + px(2, DPI)
    room = width - left - margin
    top = margin + 130
    _text(draw, (left, top), card.code, 96, True, room)
    _text(draw, (left, top + 130), card.name, 60, True, room)
    if card.village_group:
        _text(draw, (left, top + 215), card.village_group, 40, False, room)
    return image


def card_png(card: MemberCard, base_url: str) -> bytes:
    out = io.BytesIO()
    card_image(card, base_url).save(out, "PNG", dpi=(DPI, DPI))
    return out.getvalue()


def cards_pdf(cards: Iterable[MemberCard], base_url: str) -> bytes:
    """A4 sheets of ten cards (2 × 5), centred, with a gap to cut along."""
    out = io.BytesIO()
    writer = PdfWriter(out)
    page_size = (px(SHEET_MM[0], DPI), px(SHEET_MM[1], DPI))
    card_size = (px(CARD_MM[0], DPI), px(CARD_MM[1], DPI))
    gap = px(GAP_MM, DPI)
    left = (page_size[0] - COLUMNS * card_size[0] - (COLUMNS - 1) * gap) // 2
    top = (page_size[1] - ROWS * card_size[1] - (ROWS - 1) * gap) // 2
    page: Image.Image | None = None
    for index, card in enumerate(cards):
        slot = index % (COLUMNS * ROWS)
        if slot == 0:
            if page is not None:
                writer.add_page(page, DPI)
            page = Image.new("1", page_size, WHITE)
        assert page is not None
        row, column = divmod(slot, COLUMNS)
        x = left + column * (card_size[0] + gap)
        y = top + row * (card_size[1] + gap)
        page.paste(card_image(card, base_url), (x, y))
    writer.add_page(page or Image.new("1", page_size, WHITE), DPI)
    writer.close()
    return out.getvalue()
