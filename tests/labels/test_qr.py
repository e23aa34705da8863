import random

import pytest
import qrcode
from qrcode import util
from support_labels import BASE_URL, LOT, decode, svg_to_image

from coop.domain.lots import LotKind, new_lot_code
from coop.labels import codewords, matrix
from coop.labels.qr import LEVELS, encode, module_image, svg
from coop.labels.urls import lot_url

STRONGER_OR_EQUAL_TO_M = {"M", "Q", "H"}


@pytest.mark.parametrize(
    "url",
    [
        lot_url(BASE_URL, LOT),
        lot_url(BASE_URL, LOT, serial=99999),
        lot_url(BASE_URL, LOT, gtin="9501101530003"),
        lot_url(BASE_URL, LOT, gtin="9501101530003", serial=99999),
    ],
)
def test_the_default_base_url_and_a_twelve_character_lot_fit_version_4_at_m_or_better(url):
    code = encode(url)
    assert code.version <= 4
    assert code.level in STRONGER_OR_EQUAL_TO_M


def test_the_short_jar_link_even_gets_error_correction_q():
    assert encode(lot_url(BASE_URL, LOT, serial=99999)).level == "Q"


def test_a_code_drawn_as_1_bit_modules_decodes_to_its_url():
    for seed in range(5):
        lot = new_lot_code(LotKind.BATCH, 2026, random.Random(seed))
        url = lot_url(BASE_URL, lot, serial=seed)
        image = module_image(encode(url), 4)
        assert image.mode == "1"
        assert decode(image) == [url]


def test_one_mask_for_a_whole_run_still_gives_codes_that_decode():
    for mask in range(8):
        url = lot_url(BASE_URL, LOT, serial=mask)
        code = encode(url, mask=mask)
        assert code.mask == mask
        assert decode(module_image(code, 4)) == [url]


def random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    symbols = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:.-%$ "
    texts = []
    for _ in range(count):
        text = "".join(rng.choice(symbols) for _ in range(rng.randrange(1, 300)))
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randrange(0, 60)))
        texts.append(text + digits if rng.random() < 0.5 else digits + text.upper())
    return texts


def test_the_fast_codewords_equal_qrcodes_own_for_every_level_and_mode():
    for text in random_texts(200, seed=1):
        parts = codewords.segments(text)
        chunks = list(util.optimal_data_chunks(text, minimum=20))
        for level in range(4):
            version = codewords.smallest_version(parts, level)
            reference = qrcode.QRCode(error_correction=level)
            reference.add_data(text)
            assert version == reference.best_fit()
            assert codewords.codewords(version, level, parts) == util.create_data(
                version, level, chunks
            )


def test_the_fast_module_placement_equals_qrcodes_own_for_every_mask():
    for index, text in enumerate(random_texts(64, seed=2)):
        level, mask = index % 4, index % 8
        reference = qrcode.QRCode(error_correction=level, mask_pattern=mask, border=0)
        reference.add_data(text)
        reference.make()
        parts = codewords.segments(text)
        data = codewords.codewords(reference.version, level, parts)
        rows = matrix.place(reference.version, level, mask, data)
        size = reference.modules_count
        expected = tuple(
            sum(1 << (size - 1 - c) for c, dark in enumerate(row) if dark)
            for row in reference.modules
        )
        assert rows == expected


def test_the_chosen_level_is_the_strongest_that_keeps_version_4():
    url = lot_url(BASE_URL, LOT, gtin="9501101530003", serial=99999)
    code = encode(url)
    stronger = {"M": "Q", "Q": "H"}[code.level]
    assert codewords.smallest_version(codewords.segments(url), LEVELS[stronger], 4) is None


def test_the_svg_of_a_code_draws_the_same_modules_and_decodes():
    url = lot_url(BASE_URL, LOT, serial=42)
    code = encode(url)
    text = svg(code, size_mm=30)
    assert text.startswith("<svg") and 'width="30mm"' in text
    drawn = svg_to_image(text, 4)
    assert drawn.tobytes() == module_image(code, 4).tobytes()
    assert decode(drawn) == [url]
