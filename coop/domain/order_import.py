"""Reading a shop's export: one row is one order of one line, its columns named by a mapping."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from coop.domain.errors import InvalidInput
from coop.domain.money import parse_yuan
from coop.domain.orders import OrderField, check_total, fruit_line_total, jar_line_total
from coop.domain.weight import parse_weight

F = OrderField
REQUIRED = (F.CHANNEL_ORDER_NO, F.PRODUCT_CODE, F.QUANTITY, F.UNIT_PRICE, F.TOTAL)
OPTIONAL = (F.BUYER_NAME, F.BUYER_PHONE, F.ADDRESS, F.SHIPPING, F.DISCOUNT)
FIELDS = REQUIRED + OPTIONAL
DEFAULT_MAPPING: dict[str, str] = {field.value: field.value for field in FIELDS}
LIMITS = {F.CHANNEL_ORDER_NO: 60, F.BUYER_NAME: 80, F.BUYER_PHONE: 20, F.ADDRESS: 300}


@dataclass(frozen=True)
class ProductUnit:
    product_id: int
    unit: str  # "jar" or "kg"


@dataclass(frozen=True)
class ImportedOrder:
    """One valid row: an order with one line, its total checked."""

    channel_order_no: str
    buyer_name: str
    buyer_phone: str
    address: str
    product_id: int
    jars: int | None
    weight_g: int | None
    unit_price_fen: int
    line_total_fen: int
    shipping_fen: int
    discount_fen: int
    total_fen: int


def check_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """A mapping names, for each of our fields, the shop's column header; required ones must be."""
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise InvalidInput(
            "The mapping names unknown fields: {fields}; use: {choices}.",
            code="unknown_mapping_fields",
            fields=", ".join(unknown),
            choices=FIELDS,
        )
    missing = [field for field in REQUIRED if not str(mapping.get(field, "")).strip()]
    if missing:
        raise InvalidInput(
            "The mapping must name a column for: {fields}.",
            code="mapping_incomplete",
            fields=tuple(missing),
        )
    return {str(field): str(h).strip() for field, h in mapping.items() if str(h).strip()}


def check_headers(headers: list[str], mapping: Mapping[str, str]) -> None:
    """Every mapped column must be in the file, or no row can be read."""
    absent = [header for header in mapping.values() if header not in headers]
    if absent:
        raise InvalidInput(
            "The file has no column {columns}; check the channel's column mapping.",
            code="columns_missing",
            columns=", ".join(absent),
        )


def read_row(
    cells: Mapping[str, str], mapping: Mapping[str, str], products: Mapping[str, ProductUnit]
) -> ImportedOrder:
    """One row into an order, or InvalidInput saying what is wrong with it."""

    def cell(field: str) -> str:
        header = mapping.get(field)
        return (cells.get(header) or "").strip() if header else ""

    for field in REQUIRED:
        if not cell(field):
            raise InvalidInput("{field} is empty.", code="empty_cell", field=field)
    for field, most in LIMITS.items():
        if len(cell(field)) > most:
            raise InvalidInput(
                "{field} is longer than {most} characters.",
                code="too_long",
                field=field,
                most=most,
            )
    product = products.get(cell("product_code"))
    if product is None:
        raise InvalidInput(
            "No product with code {product}.",
            code="product_not_found",
            product=cell("product_code"),
        )
    unit_price = parse_yuan(cell("unit_price"))
    if product.unit == "jar":
        jars, weight_g = _whole_jars(cell("quantity")), None
        line_total = jar_line_total(jars, unit_price)
    else:
        jars, weight_g = None, parse_weight(cell("quantity"))
        line_total = fruit_line_total(weight_g, unit_price)
    shipping = parse_yuan(cell("shipping")) if cell("shipping") else 0
    discount = parse_yuan(cell("discount")) if cell("discount") else 0
    total = check_total(parse_yuan(cell("total")), [line_total], shipping, discount)
    return ImportedOrder(
        channel_order_no=cell("channel_order_no"),
        buyer_name=cell("buyer_name"),
        buyer_phone=cell("buyer_phone"),
        address=cell("address"),
        product_id=product.product_id,
        jars=jars,
        weight_g=weight_g,
        unit_price_fen=unit_price,
        line_total_fen=line_total,
        shipping_fen=shipping,
        discount_fen=discount,
        total_fen=total,
    )


def _whole_jars(text: str) -> int:
    if not text.isdigit():
        raise InvalidInput(
            "The quantity {text} is not a whole number of jars.",
            code="invalid_jar_count",
            text=text,
        )
    return int(text)
