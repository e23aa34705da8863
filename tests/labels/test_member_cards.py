"""Member cards decode with zbar to the weigh station's address for that household's card."""

from __future__ import annotations

import io

from PIL import Image
from support_labels import decode, render_pdf

from coop.labels.member_cards import MemberCard, card_code, card_png, card_url, cards_pdf

BASE = "https://coop.example.cn"


def card(code: str, name: str = "王建国", group: str = "三组") -> MemberCard:
    return MemberCard(code, name, group, "果子沟树莓专业合作社", "社员卡", "ئەزالىق كارتىسى")


def test_a_card_png_decodes_to_the_station_address_of_its_household():
    image = Image.open(io.BytesIO(card_png(card("GZ003"), BASE)))
    assert image.size == (1011, 638)  # 85.6 x 54 mm at 300 dpi, a bank card
    assert decode(image) == [f"{BASE}/weigh/card/GZ003"]


def test_a_sheet_of_twelve_cards_is_two_a4_pages_every_card_readable(tmp_path):
    cards = [card(f"GZ{n:03d}", "ئايگۈل" if n % 2 else "李秀英") for n in range(1, 13)]
    pdf = tmp_path / "cards.pdf"
    pdf.write_bytes(cards_pdf(cards, BASE))
    pages = render_pdf(pdf, tmp_path, dpi=200)
    assert len(pages) == 2
    found = sorted(text for page in pages for text in decode(page))
    assert found == [f"{BASE}/weigh/card/GZ{n:03d}" for n in range(1, 13)]


def test_the_code_is_read_back_from_a_card_url_or_a_bare_code():
    assert card_code(card_url(BASE + "/", "GZ 7/a")) == "GZ 7/a"
    assert card_url(BASE, "GZ 7/a") == f"{BASE}/weigh/card/GZ%207%2Fa"
    assert card_code("  GZ003 ") == "GZ003"
