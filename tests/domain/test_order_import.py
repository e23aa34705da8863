import pytest

from coop.domain.errors import InvalidInput
from coop.domain.import_headers import DEFAULT_MAPPING
from coop.domain.order_import import (
    ImportedOrder,
    Products,
    ProductUnit,
    RefusedOrder,
    read_line,
    read_orders,
)

PRODUCTS = Products(
    by_code={"jam": ProductUnit(7, "jar"), "raspberry": ProductUnit(8, "kg")},
    by_name={"树莓酱": ProductUnit(7, "jar")},
)
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


def one(rows: list[dict[str, str]]) -> ImportedOrder | RefusedOrder:
    (order,) = read_orders(list(enumerate(rows, start=2)), DEFAULT_MAPPING, PRODUCTS)
    return order


def created(rows: list[dict[str, str]]) -> ImportedOrder:
    order = one(rows)
    assert isinstance(order, ImportedOrder), order
    return order


def refused(rows: list[dict[str, str]]) -> RefusedOrder:
    order = one(rows)
    assert isinstance(order, RefusedOrder), order
    return order


def test_a_shop_row_becomes_an_order_with_one_line_in_fen():
    order = created([ROW])
    (line,) = order.lines
    assert (line.product_id, line.jars, line.weight_g, line.line_total_fen) == (7, 2, None, 7000)
    assert (order.shipping_fen, order.discount_fen, order.total_fen) == (1200, 200, 8000)
    assert order.rows == (2,)


def test_fresh_fruit_rows_give_their_weight_in_kg():
    order = created(
        [{**ROW, "product_code": "raspberry", "quantity": "2.5", "unit_price": "20", "total": "60"}]
    )
    assert (order.lines[0].weight_g, order.lines[0].line_total_fen) == (2500, 5000)


def test_rows_sharing_an_order_number_are_one_order_with_a_line_each():
    second = {
        "channel_order_no": "T1001",
        "product_code": "raspberry",
        "quantity": "1",
        "unit_price": "20",
        "total": "100",
    }
    order = created([{**ROW, "total": "100"}, second])
    assert [line.product_id for line in order.lines] == [7, 8]
    assert (order.rows, order.total_fen, order.buyer_name) == ((2, 3), 10000, "张三")


def test_the_later_rows_of_an_order_may_repeat_the_buyer_and_the_amounts():
    order = created([{**ROW, "total": "150"}, {**ROW, "total": "150.00"}])
    assert (len(order.lines), order.total_fen, order.address) == (2, 15000, "乌鲁木齐")


def test_rows_of_one_order_that_name_different_buyers_refuse_the_whole_order():
    order = refused([{**ROW, "total": "150"}, {**ROW, "buyer_name": "李四", "total": "150"}])
    assert (order.rows, order.error.code) == ((2, 3), "rows_disagree")
    assert order.error.params["first"] == "张三" and order.error.params["other"] == "李四"


def test_orders_keep_the_order_of_their_first_row_even_when_their_rows_are_apart():
    rows = [ROW, {**ROW, "channel_order_no": "T2"}, {**ROW, "channel_order_no": ""}]
    read = read_orders(list(enumerate(rows, start=2)), DEFAULT_MAPPING, PRODUCTS)
    assert [(order.channel_order_no, order.rows) for order in read] == [
        ("T1001", (2,)),
        ("T2", (3,)),
        ("", (4,)),
    ]
    assert isinstance(read[2], RefusedOrder) and read[2].error.code == "empty_cell"


def test_a_bad_second_row_refuses_the_order_and_names_that_row():
    order = refused([{**ROW, "total": "150"}, {**ROW, "product_code": "wine", "total": ""}])
    assert (order.rows, order.row, order.error.code) == ((2, 3), 3, "product_not_found")


def test_a_total_that_does_not_add_up_is_refused_in_yuan_not_fen():
    order = refused([{**ROW, "total": "81"}])
    assert order.error.code == "total_mismatch"
    assert order.error.params == {"stated": "81.00", "expected": "80.00"}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"product_code": "wine"}, "product_not_found"),
        ({"quantity": "1.5"}, "invalid_jar_count"),
        ({"unit_price": "35.001"}, "invalid_input"),
        ({"total": ""}, "empty_cell"),
        ({"address": "长" * 301}, "too_long"),
    ],
)
def test_a_bad_row_is_refused_with_a_reason(change, code):
    assert refused([{**ROW, **change}]).error.code == code


def test_a_row_without_a_code_is_matched_by_the_product_name():
    order = created([{**ROW, "product_code": "", "product_name": "树莓酱"}])
    assert order.lines[0].product_id == 7


def test_the_line_total_stands_in_for_a_missing_unit_price_when_it_divides_evenly():
    line = read_line({**ROW, "unit_price": "", "line_total": "70"}, DEFAULT_MAPPING, PRODUCTS)
    assert (line.unit_price_fen, line.line_total_fen) == (3500, 7000)
    with pytest.raises(InvalidInput) as uneven:
        read_line({**ROW, "unit_price": "", "line_total": "70.01"}, DEFAULT_MAPPING, PRODUCTS)
    assert uneven.value.code == "unit_price_unknown"


def test_a_line_total_that_is_not_quantity_times_price_is_refused_in_yuan():
    with pytest.raises(InvalidInput) as wrong:
        read_line({**ROW, "line_total": "71"}, DEFAULT_MAPPING, PRODUCTS)
    assert wrong.value.params == {"stated": "71.00", "expected": "70.00"}


def test_excel_guards_around_long_numbers_are_taken_off():
    order = created([{**ROW, "channel_order_no": '="2026120212345678"\t'}])
    assert order.channel_order_no == "2026120212345678"
