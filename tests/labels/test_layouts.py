"""Layouts are data files in labels/: a new sheet or roll needs no code."""

import pytest
from support_labels import BASE_URL, LOT, decode, jar

from coop.domain.errors import InvalidInput
from coop.labels.layout import LAYOUTS, layout_names, load_layout, px
from coop.labels.render import Renderer


def test_the_a4_sheet_holds_3_by_8_labels_of_70_by_37_mm():
    layout = load_layout("a4-3x8")
    assert (layout.page_width_mm, layout.page_height_mm) == (210, 297)
    assert (layout.label_width_mm, layout.label_height_mm) == (70, 37)
    assert layout.per_page == 24
    origins = layout.origins(300)
    assert len(set(origins)) == 24
    right, bottom = max(x for x, _ in origins), max(y for _, y in origins)
    # Every label lies on the page (to the pixel: 70 mm is 826.8 pixels at 300 dpi).
    assert right + px(70, 300) <= px(210, 300) + 1 and bottom + px(37, 300) <= px(297, 300)


def test_the_thermal_roll_is_62_mm_wide_one_label_per_page():
    layout = load_layout("roll-62mm")
    assert layout.label_width_mm == 62 and layout.per_page == 1


def test_every_layout_file_loads_and_draws_a_label_that_decodes():
    assert {"a4-3x8", "roll-62mm"} <= set(layout_names())
    for name in layout_names():
        url = f"{BASE_URL}/l/{LOT}/7"
        assert decode(Renderer(load_layout(name)).label(jar(url, "7"))) == [url]


def test_an_unknown_layout_is_refused_naming_the_layouts_there_are():
    with pytest.raises(InvalidInput, match="No label layout a5-2x4; layouts: a4-3x8") as caught:
        load_layout("a5-2x4")
    assert caught.value.code == "unknown_layout"
    assert caught.value.status == 422
    with pytest.raises(InvalidInput):
        load_layout("../pyproject")


SMALL_SHEET = """
title = "A6 sheet, 2 × 4 labels of 50 × 30 mm"
dpi = 300
[page]
width_mm = 105
height_mm = 148
margin_left_mm = 2.5
margin_top_mm = 14
columns = 2
rows = 4
[label]
width_mm = 50
height_mm = 30
[[element]]
field = "qr"
x_mm = 1
y_mm = 1
size_mm = 28
[[element]]
field = "name_zh"
x_mm = 29
y_mm = 2
width_mm = 20
font = "cjk-bold"
size_pt = 9
"""


def test_a_new_layout_is_only_a_data_file(tmp_path):
    (tmp_path / "a6-2x4.toml").write_text(SMALL_SHEET, encoding="utf-8")
    layout = load_layout("a6-2x4", tmp_path)
    assert layout.per_page == 8
    url = f"{BASE_URL}/l/{LOT}"
    page = next(Renderer(layout).pages([jar(url)] * 8))
    assert page.size == (px(105, 300), px(148, 300))
    assert decode(page).count(url) == 8


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("rows = 4", "rows = 5"), "do not fit on the page"),
        (('field = "name_zh"', 'field = "colour"'), "unknown field colour"),
        (('field = "qr"', 'field = "lot"'), "no qr element"),
        (("width_mm = 20", "width_mm = 30"), "name_zh must fit"),
        (("dpi = 300", "dpi = 3"), "dpi must be between"),
        (("size_mm = 28", 'size_mm = "big"'), "Expected `float`, got `str`"),
        (("size_pt = 9", "sise_pt = 9"), "unknown field `sise_pt`"),
    ],
)
def test_a_layout_with_a_mistake_is_refused_saying_what_is_wrong(tmp_path, change, problem):
    (tmp_path / "bad.toml").write_text(SMALL_SHEET.replace(*change), encoding="utf-8")
    with pytest.raises(InvalidInput, match=problem):
        load_layout("bad", tmp_path)


def test_the_layouts_live_in_the_labels_folder_at_the_repository_root():
    assert (LAYOUTS / "a4-3x8.toml").is_file()


def test_a_qr_box_too_small_for_whole_modules_is_a_clear_error(tmp_path):
    (tmp_path / "tiny.toml").write_text(SMALL_SHEET.replace("size_mm = 28", "size_mm = 6"))
    renderer = Renderer(load_layout("tiny", tmp_path))
    with pytest.raises(InvalidInput, match="QR box of 6.0 mm in layout tiny is too small"):
        renderer.label(jar(f"{BASE_URL}/l/{LOT}"))
