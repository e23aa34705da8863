"""Chinese and Uyghur on labels are real glyphs: covered by the font, drawn, shaped RTL."""

import msgspec
import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageDraw, ImageFont
from support_labels import BASE_URL, JAM, LOT, jar

from coop.labels import fonts
from coop.labels.content import field_text
from coop.labels.layout import load_layout, px
from coop.labels.render import Renderer

CHINESE_FIELDS = ("name_zh", "cooperative", "net_weight", "lot", "made_on", "best_before", "price")
NOTDEF = "\ue000"  # a private-use character no font here maps: drawn as the .notdef box


def cmap(role: str) -> dict[int, str]:
    found = fonts.font_file(role)
    with TTFont(found.path, fontNumber=found.index, lazy=True) as font:
        return dict(font.getBestCmap())


def chinese_text() -> str:
    return "".join(field_text(JAM, field) for field in CHINESE_FIELDS) + "编号：0123456789"


def test_the_chinese_font_has_a_glyph_for_every_character_on_the_label():
    covered = cmap("cjk")
    bold = cmap("cjk-bold")
    missing = {char for char in chinese_text() if ord(char) not in covered or ord(char) not in bold}
    assert missing == set()


def test_the_uyghur_font_has_a_glyph_for_every_letter_of_the_uyghur_line():
    for role in ("arabic", "arabic-bold"):
        covered = cmap(role)
        assert {char for char in JAM.name_ug if ord(char) not in covered} == set()


def glyph(role: str, char: str) -> Image.Image:
    font = fonts.font(role, 48)
    image = Image.new("1", (64, 64), 1)
    ImageDraw.Draw(image).text((8, 4), char, fill=0, font=font)
    return image


@pytest.mark.parametrize(
    ("role", "text"), [("cjk", "树莓酱合作社净含量"), ("arabic", "بۆلجۈرگەنمۇراببىسى")]
)
def test_every_character_draws_ink_that_is_not_the_missing_glyph_box(role, text):
    box = glyph(role, NOTDEF)
    for char in set(text) - {" "}:
        drawn = glyph(role, char)
        assert ImageChops.invert(drawn).getbbox() is not None, f"{char} drew nothing"
        assert drawn.tobytes() != box.tobytes(), f"{char} drew the missing-glyph box"


def region(image: Image.Image, field: str, renderer: Renderer) -> Image.Image:
    element = renderer.layout.element(field)
    assert element is not None
    left, top = px(element.x_mm, renderer.dpi), px(element.y_mm, renderer.dpi)
    width = px(element.width_mm, renderer.dpi)
    height = round(element.size_pt * renderer.dpi / 72 * 1.5)
    return image.crop((left, top, left + width, top + height))


def ink(image: Image.Image) -> int:
    return image.convert("L").histogram()[0]


@pytest.mark.parametrize("layout", ["a4-3x8", "roll-62mm"])
def test_the_label_shows_the_chinese_name_and_the_uyghur_line_in_their_places(layout):
    renderer = Renderer(load_layout(layout))
    label_data = jar(f"{BASE_URL}/l/{LOT}")
    label = renderer.label(label_data)
    blank = renderer.label(msgspec.structs.replace(label_data, name_zh="", name_ug=""))
    for field in ("name_zh", "name_ug"):
        assert ink(region(label, field, renderer)) > 500, f"{field} is blank"
        assert ink(region(blank, field, renderer)) == 0
    # The Uyghur line is right-aligned: its ink ends at the box's right edge, as RTL text does.
    line = ImageChops.invert(region(label, "name_ug", renderer).convert("L"))
    right = line.getbbox()[2]
    assert right > line.width - renderer.dpi // 25  # within a millimetre of the edge


def test_uyghur_is_shaped_with_joined_letters_not_drawn_one_isolated_letter_at_a_time():
    shaped = fonts.font("arabic", 48)
    found = fonts.font_file("arabic")
    unshaped = ImageFont.truetype(
        found.path, 48, index=found.index, layout_engine=ImageFont.Layout.BASIC
    )
    word = "بۆلجۈرگەن"
    joined = shaped.getmask(word, direction="rtl", language="ug")
    isolated = unshaped.getmask(word)
    assert joined.size != isolated.size or bytes(joined) != bytes(isolated)
    # Joined letters are narrower than the same letters side by side in isolated form.
    assert shaped.getlength(word, direction="rtl") < sum(shaped.getlength(c) for c in word)


def test_a_missing_font_says_which_debian_package_to_install(monkeypatch):
    monkeypatch.setattr(fonts, "_fc_list", lambda family, style: [])
    with pytest.raises(fonts.FontMissing, match="fonts-noto-cjk"):
        fonts.font_file.__wrapped__("cjk")
    with pytest.raises(fonts.FontMissing, match="fonts-noto-core"):
        fonts.font_file.__wrapped__("arabic")
