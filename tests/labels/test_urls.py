import pytest
from support_labels import BASE_URL, LOT

from coop.domain.errors import InvalidInput
from coop.labels.urls import cooperative_url, lot_url


def test_a_jar_label_links_to_its_lot_in_the_short_form():
    assert lot_url(BASE_URL, LOT) == "http://127.0.0.1:8000/l/B26-M9S346Q6"


def test_a_typed_lot_code_is_printed_in_its_canonical_form():
    assert lot_url(BASE_URL + "/", "b26 m9s346q6") == "http://127.0.0.1:8000/l/B26-M9S346Q6"


def test_a_per_jar_serial_follows_the_lot():
    assert lot_url(BASE_URL, LOT, serial=17) == "http://127.0.0.1:8000/l/B26-M9S346Q6/17"


def test_a_product_with_a_gtin_gets_a_gs1_digital_link_with_fourteen_digits():
    url = lot_url(BASE_URL, LOT, gtin="9501101530003", serial="00017")
    assert url == "http://127.0.0.1:8000/01/09501101530003/10/B26-M9S346Q6/21/00017"


def test_an_invalid_gtin_is_refused_before_anything_is_printed():
    with pytest.raises(InvalidInput, match="check digit") as caught:
        lot_url(BASE_URL, LOT, gtin="9501101530004")
    assert caught.value.code == "invalid_gtin"


def test_a_mistyped_lot_code_is_refused():
    with pytest.raises(InvalidInput, match="mistyped"):
        lot_url(BASE_URL, "B26-M9S346Q7")


@pytest.mark.parametrize("serial", [-1, "", "a b", "x" * 21])
def test_a_serial_must_be_one_to_twenty_digits_or_capitals(serial):
    with pytest.raises(InvalidInput, match="serial"):
        lot_url(BASE_URL, LOT, serial=serial)


def test_the_cooperative_page_link_uses_its_slug():
    assert cooperative_url(BASE_URL, "guozigou") == "http://127.0.0.1:8000/c/guozigou"


def test_a_base_url_without_a_scheme_is_refused():
    with pytest.raises(InvalidInput, match="http"):
        cooperative_url("coop.example.cn", "guozigou")
