import pytest
from support_labels import BASE_URL, JAM

from coop.domain.errors import InvalidInput
from coop.labels.content import field_text, format_net_weight, jar_labels
from coop.labels.qr import encode


def test_a_run_with_serials_gives_every_jar_its_own_code_of_one_size():
    run = jar_labels(JAM, BASE_URL, 120, first_serial=1)
    assert [label.serial for label in run[:2]] == ["00001", "00002"]
    assert run[-1].url == "http://127.0.0.1:8000/l/B26-M9S346Q6/00120"
    assert len({label.url for label in run}) == 120
    assert {encode(label.url).version for label in run[::17]} == {4}


def test_a_run_without_serials_repeats_the_lot_link():
    run = jar_labels(JAM, BASE_URL, 3, gtin="9501101530003")
    assert {label.url for label in run} == {
        "http://127.0.0.1:8000/01/09501101530003/10/B26-M9S346Q6"
    }


@pytest.mark.parametrize("count", [0, 10_001])
def test_a_run_of_no_labels_or_too_many_is_refused(count):
    with pytest.raises(InvalidInput, match="between 1 and 10000"):
        jar_labels(JAM, BASE_URL, count)


def test_the_label_says_net_weight_lot_and_dates_in_chinese():
    assert field_text(JAM, "net_weight") == "净含量：250 g"
    assert field_text(JAM, "lot") == "批号：B26-M9S346Q6"
    assert field_text(JAM, "made_on") == "生产日期：2026-08-01"
    assert field_text(JAM, "best_before") == "保质期至：2027-08-01"
    assert field_text(JAM, "price") == "¥35.00"


def test_a_label_without_a_price_or_dates_leaves_those_lines_off():
    from msgspec.structs import replace

    bare = replace(JAM, price_fen=None, made_on=None, best_before=None)
    assert [field_text(bare, f) for f in ("price", "made_on", "best_before")] == ["", "", ""]


def test_a_kilogram_or_more_is_printed_in_kilograms():
    assert format_net_weight(999) == "999 g"
    assert format_net_weight(1500) == "1.5 kg"
