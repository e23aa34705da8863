import pytest

from coop.domain.errors import InvalidInput
from coop.domain.import_headers import (
    DEFAULT_MAPPING,
    check_columns,
    check_mapping,
    folded,
    guess_mapping,
    mapping_for_file,
)

TAOBAO = [
    "订单编号",
    "买家会员名",
    "买家实际支付金额",
    "买家应付邮费",
    "收货人姓名",
    "收货地址 ",
    "联系手机",
    "宝贝标题",
    "商家编码",
    "购买数量",
    "价格",
    "买家留言",
    "订单创建时间",
]
PINDUODUO = [
    "商品",
    "订单号",
    "商品总价(元)",
    "店铺优惠折扣（元）",
    "邮费(元)",
    "用户实付金额(元)",
    "商品数量(件)",
    "收货人",
    "手机",
    "商家编码-SKU维度",
    "买家留言",
]
JD = [
    "订单号",
    "商品ID",
    "商品名称",
    "订购数量",
    "下单时间",
    "京东价",
    "订单金额",
    "应付金额",
    "客户姓名",
    "客户地址",
    "联系电话",
    "运费金额",
    "货号",
]
YOUZAN = [
    "订单号",
    "商品名称",
    "规格编码",
    "商品单价",
    "商品数量",
    "运费",
    "订单实付金额",
    "收货人/提货人",
    "收货人手机号",
    "详细收货地址",
    "买家备注",
    "下单时间",
]


def test_a_taobao_export_is_read_by_its_own_headers():
    assert guess_mapping(TAOBAO) == {
        "channel_order_no": "订单编号",
        "product_code": "商家编码",
        "product_name": "宝贝标题",
        "quantity": "购买数量",
        "unit_price": "价格",
        "total": "买家实际支付金额",
        "buyer_name": "收货人姓名",
        "buyer_phone": "联系手机",
        "address": "收货地址 ",
        "buyer_note": "买家留言",
        "shipping": "买家应付邮费",
    }


def test_a_pinduoduo_export_gives_line_totals_and_headers_with_units():
    mapping = guess_mapping(PINDUODUO)
    assert mapping["line_total"] == "商品总价(元)" and "unit_price" not in mapping
    assert mapping["discount"] == "店铺优惠折扣（元）"
    assert (mapping["quantity"], mapping["product_code"]) == ("商品数量(件)", "商家编码-SKU维度")
    check_columns(mapping)  # the line total stands in for the unit price


def test_a_jd_export_takes_what_the_buyer_pays_not_the_list_amount():
    mapping = guess_mapping(JD)
    assert (mapping["total"], mapping["unit_price"], mapping["product_code"]) == (
        "应付金额",
        "京东价",
        "货号",
    )
    assert (mapping["buyer_name"], mapping["address"]) == ("客户姓名", "客户地址")


def test_a_youzan_export_is_read_by_its_own_headers():
    mapping = guess_mapping(YOUZAN)
    assert (mapping["product_code"], mapping["total"], mapping["buyer_name"]) == (
        "规格编码",
        "订单实付金额",
        "收货人/提货人",
    )
    check_columns(mapping)


def test_headers_are_compared_without_spaces_width_or_the_unit():
    assert folded(" 邮费（元） ") == folded("邮费") == "邮费"
    assert folded("SKU编码") == "sku编码"


def test_our_own_field_names_are_known_too():
    assert guess_mapping(list(DEFAULT_MAPPING)) == DEFAULT_MAPPING


def test_a_saved_mapping_wins_when_the_file_has_all_its_columns():
    saved = {
        "channel_order_no": "单号",
        "product_code": "编码",
        "quantity": "件数",
        "unit_price": "价",
        "total": "付",
    }
    assert mapping_for_file(saved, ["单号", "编码", "件数", "价", "付", "运费"]) == saved
    assert mapping_for_file(saved, TAOBAO) == guess_mapping(TAOBAO)


def test_a_file_without_a_required_column_is_refused_naming_the_field():
    with pytest.raises(InvalidInput) as refused:
        check_columns(guess_mapping(["订单编号", "商家编码", "购买数量", "价格"]))
    assert refused.value.code == "columns_missing"
    assert refused.value.params["fields"] == ("total",)


def test_a_mapping_must_name_every_required_column_and_nothing_unknown():
    with pytest.raises(InvalidInput, match="total"):
        check_mapping({k: v for k, v in DEFAULT_MAPPING.items() if k != "total"})
    with pytest.raises(InvalidInput, match="colour"):
        check_mapping({**DEFAULT_MAPPING, "colour": "颜色"})
    without_price = {
        k: v for k, v in DEFAULT_MAPPING.items() if k not in ("unit_price", "line_total")
    }
    with pytest.raises(InvalidInput) as refused:
        check_mapping(without_price)
    assert refused.value.params["fields"] == ("unit_price",)
