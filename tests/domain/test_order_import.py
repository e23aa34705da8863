import pytest

from coop.domain.errors import InvalidInput
from coop.domain.order_import import (
    DEFAULT_MAPPING,
    ProductUnit,
    check_headers,
    check_mapping,
    read_row,
)

PRODUCTS = {"jam": ProductUnit(7, "jar"), "raspberry": ProductUnit(8, "kg")}
ROW = {
    "channel_order_no": "T1001",
    "buyer_name": "张三",
    "buyer_phone": "13900000000",
    "address": "乌鲁木齐",
    "product_code": "jam",
    "quantity": "2",
    "unit_price": "35",
    "shipping": "12",
    "discount": "2.00",
    "total": "80",
}


def test_a_shop_row_becomes_an_order_with_one_line_in_fen():
    order = read_row(ROW, DEFAULT_MAPPING, PRODUCTS)
    assert (order.product_id, order.jars, order.weight_g) == (7, 2, None)
    assert (order.line_total_fen, order.shipping_fen, order.discount_fen) == (7000, 1200, 200)
    assert order.total_fen == 8000


def test_fresh_fruit_rows_give_their_weight_in_kg():
    order = read_row(
        {**ROW, "product_code": "raspberry", "quantity": "2.5", "unit_price": "20", "total": "60"},
        DEFAULT_MAPPING,
        PRODUCTS,
    )
    assert (order.weight_g, order.line_total_fen) == (2500, 5000)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"total": "81"}, "total_mismatch"),
        ({"product_code": "wine"}, "product_not_found"),
        ({"quantity": "1.5"}, "invalid_jar_count"),
        ({"unit_price": "35.001"}, "invalid_input"),
        ({"channel_order_no": ""}, "empty_cell"),
    ],
)
def test_a_bad_row_is_refused_with_a_reason(change, code):
    with pytest.raises(InvalidInput) as refused:
        read_row({**ROW, **change}, DEFAULT_MAPPING, PRODUCTS)
    assert refused.value.code == code


def test_a_mapping_names_the_shops_own_columns():
    mapping = check_mapping({**DEFAULT_MAPPING, "channel_order_no": "订单编号"})
    order = read_row({**ROW, "订单编号": "TB-9"}, mapping, PRODUCTS)
    assert order.channel_order_no == "TB-9"


def test_a_mapping_must_name_every_required_column_and_nothing_unknown():
    with pytest.raises(InvalidInput, match="total"):
        check_mapping({k: v for k, v in DEFAULT_MAPPING.items() if k != "total"})
    with pytest.raises(InvalidInput, match="colour"):
        check_mapping({**DEFAULT_MAPPING, "colour": "颜色"})


def test_a_file_without_a_mapped_column_is_refused_before_any_row():
    with pytest.raises(InvalidInput, match="total"):
        check_headers(
            ["channel_order_no", "product_code", "quantity", "unit_price"], DEFAULT_MAPPING
        )
