"""Which column of a shop's export holds which field: the headers Chinese shops really write.

Taobao and Tmall, JD, Pinduoduo, Youzan and WeChat shops each name their columns a little
differently (订单编号 or 订单号, 商家编码 or 规格编码, 实付款 or 用户实付金额(元) …); a file whose
headers are known needs no mapping by hand. A mapping chosen by hand and saved for the channel
wins whenever the file has all of its columns.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

from coop.domain.errors import InvalidInput
from coop.domain.orders import OrderField

F = OrderField
REQUIRED = (F.CHANNEL_ORDER_NO, F.QUANTITY, F.TOTAL)
# A required field that another column can stand in for: the product by its name, the unit
# price by the line's total divided by its quantity.
STAND_INS = {F.PRODUCT_CODE: F.PRODUCT_NAME, F.UNIT_PRICE: F.LINE_TOTAL}
FIELDS = (
    F.CHANNEL_ORDER_NO,
    F.PRODUCT_CODE,
    F.PRODUCT_NAME,
    F.QUANTITY,
    F.UNIT_PRICE,
    F.LINE_TOTAL,
    F.TOTAL,
    F.BUYER_NAME,
    F.BUYER_PHONE,
    F.ADDRESS,
    F.BUYER_NOTE,
    F.SHIPPING,
    F.DISCOUNT,
)
DEFAULT_MAPPING: dict[str, str] = {field.value: field.value for field in FIELDS}

# Each field's headers as the shops write them, most telling first; compared after `folded`.
KNOWN: dict[OrderField, tuple[str, ...]] = {
    F.CHANNEL_ORDER_NO: ("订单编号", "订单号", "主订单编号", "订单id"),
    F.PRODUCT_CODE: (
        "商家编码",  # Taobao, Tmall
        "商品编码",  # Youzan, WeChat
        "sku编码",
        "商家编码-sku维度",  # Pinduoduo
        "商品编码(自定义)",  # WeChat shop
        "sku编码(自定义)",
        "规格编码",  # Youzan
        "商家编码-商品维度",
        "货号",  # JD
        "外部系统编号",
    ),
    F.PRODUCT_NAME: ("商品名称", "宝贝标题", "商品标题", "标题", "商品", "货品名称"),
    F.QUANTITY: ("购买数量", "数量", "商品数量", "订购数量", "宝贝数量"),
    F.UNIT_PRICE: ("商品单价", "单价", "价格", "商品价格", "京东价", "销售单价"),
    F.LINE_TOTAL: ("商品总价", "商品金额", "小计", "商品小计"),
    F.TOTAL: (
        "实付款",
        "实付金额",
        "买家实付金额",
        "买家实际支付金额",  # Taobao
        "用户实付金额",  # Pinduoduo
        "订单实付金额",  # Youzan
        "应付金额",  # JD
        "订单金额",
        "实付",
    ),
    F.BUYER_NAME: ("收货人", "收货人姓名", "收件人", "收件人姓名", "客户姓名", "收货人/提货人"),
    F.BUYER_PHONE: (
        "联系手机",  # Taobao
        "收货人手机号",
        "收货人手机号/提货人手机号",  # Youzan
        "收货人手机",
        "收件人手机",
        "收件人电话",
        "手机号",
        "手机",  # Pinduoduo
        "联系电话",  # JD
        "收货人电话",
    ),
    F.ADDRESS: ("收货地址", "详细地址", "详细收货地址", "收件人地址", "客户地址", "地址"),
    F.BUYER_NOTE: ("买家留言", "买家备注", "客户留言", "留言"),
    F.SHIPPING: ("运费", "邮费", "买家应付邮费", "运费金额"),
    F.DISCOUNT: ("优惠", "优惠金额", "店铺优惠折扣", "商品优惠", "优惠总金额"),
}
_UNITS = ("(元)", "(件)")


def folded(header: str) -> str:
    """A header as compared: full-width folded (（元） is (元)), no spaces, no unit, lower case."""
    text = "".join(unicodedata.normalize("NFKC", header).split()).lower()
    for unit in _UNITS:
        text = text.removesuffix(unit)
    return text


def cell_text(raw: str) -> str:
    """A cell as a person reads it: Excel's ="0123" and '0123 guards and tabs taken off."""
    text = raw.strip()
    if text.startswith('="') and text.endswith('"'):
        text = text[2:-1]
    return text.removeprefix("'").strip()


def guess_mapping(headers: Iterable[str]) -> dict[str, str]:
    """Each field whose column the file names in a known way (our own field names too)."""
    by_fold: dict[str, str] = {}
    for column in headers:
        by_fold.setdefault(folded(column), column)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for field in FIELDS:
        found = [by_fold.get(folded(name), "") for name in (field.value, *KNOWN[field])]
        header = next((h for h in found if h and h not in taken), "")
        if header:
            mapping[field.value] = header
            taken.add(header)
    return mapping


def mapping_for_file(saved: Mapping[str, str] | None, headers: list[str]) -> dict[str, str]:
    """The saved mapping when the file has every column it names; else the known headers."""
    if saved and all(header in headers for header in saved.values()):
        return dict(saved)
    return guess_mapping(headers)


def missing_fields(mapping: Mapping[str, str]) -> list[OrderField]:
    """The required fields the mapping names no column for (nor one standing in for it)."""
    named = {field for field, header in mapping.items() if str(header).strip()}
    missing = [field for field in REQUIRED if field not in named]
    missing += [field for field, other in STAND_INS.items() if not {field, other} & named]
    return sorted(missing, key=FIELDS.index)


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """A mapping to save names, for each of our fields, the shop's column header."""
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise InvalidInput(
            "The mapping names unknown fields: {fields}; use: {choices}.",
            code="unknown_mapping_fields",
            fields=", ".join(unknown),
            choices=FIELDS,
        )
    missing = missing_fields(mapping)
    if missing:
        raise InvalidInput(
            "The mapping must name a column for: {fields}.",
            code="mapping_incomplete",
            fields=tuple(missing),
        )
    return {str(field): str(h).strip() for field, h in mapping.items() if str(h).strip()}


def check_columns(mapping: Mapping[str, str]) -> None:
    """A file must have a column for each required field, or no row can be read."""
    missing = missing_fields(mapping)
    if missing:
        raise InvalidInput(
            "The file has no column for: {fields}; choose the columns by hand.",
            code="columns_missing",
            fields=tuple(missing),
        )
