"""A shop's export read into orders: rows sharing an order number are one order with many lines.

Taobao and others write an order of two products as two rows, the buyer and the amounts repeated
(or left empty) on the second. The first row's buyer fields count; a row saying otherwise makes
the whole order refused, since nobody can tell which row is right.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar, cast

from coop.domain.errors import InvalidInput
from coop.domain.import_headers import cell_text
from coop.domain.money import format_yuan, parse_yuan
from coop.domain.orders import OrderField, check_total, fruit_line_total, jar_line_total
from coop.domain.weight import parse_weight

F = OrderField
ORDER_TEXT = (F.BUYER_NAME, F.BUYER_PHONE, F.ADDRESS, F.BUYER_NOTE)
ORDER_MONEY = (F.SHIPPING, F.DISCOUNT, F.TOTAL)
LIMITS = {
    F.CHANNEL_ORDER_NO: 60,
    F.BUYER_NAME: 80,
    F.BUYER_PHONE: 20,
    F.ADDRESS: 300,
    F.BUYER_NOTE: 200,
}

T = TypeVar("T")
Row = tuple[int, Mapping[str, str]]  # the file's row number (the header is row 1) and its cells


@dataclass(frozen=True)
class ProductUnit:
    product_id: int
    unit: str  # "jar" or "kg"


@dataclass(frozen=True)
class Products:
    """The products a row may name: by code, or by a name no other product has."""

    by_code: Mapping[str, ProductUnit]
    by_name: Mapping[str, ProductUnit] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportedLine:
    product_id: int
    jars: int | None
    weight_g: int | None
    unit_price_fen: int
    line_total_fen: int


@dataclass(frozen=True)
class ImportedOrder:
    """One order read from its rows, its total checked against its lines."""

    channel_order_no: str
    rows: tuple[int, ...]
    buyer_name: str
    buyer_phone: str
    address: str
    buyer_note: str
    lines: tuple[ImportedLine, ...]
    shipping_fen: int
    discount_fen: int
    total_fen: int


@dataclass(frozen=True)
class RefusedOrder:
    """Rows that make no order, the row at fault and why."""

    channel_order_no: str
    rows: tuple[int, ...]
    row: int
    error: InvalidInput


def read_orders(
    rows: Sequence[Row], mapping: Mapping[str, str], products: Products
) -> list[ImportedOrder | RefusedOrder]:
    """Each order once, in the order of its first row; rows without a number are refused alone."""
    groups: dict[str, list[Row]] = {}
    read: list[ImportedOrder | RefusedOrder] = []
    for number, cells in rows:
        order_no = _cell(cells, mapping, F.CHANNEL_ORDER_NO)
        if order_no:
            groups.setdefault(order_no, []).append((number, cells))
        else:
            empty = InvalidInput("{field} is empty.", code="empty_cell", field=F.CHANNEL_ORDER_NO)
            read.append(RefusedOrder("", (number,), number, empty))
    read += [read_order(order_no, group, mapping, products) for order_no, group in groups.items()]
    return sorted(read, key=lambda order: order.rows[0])


def read_order(
    order_no: str, rows: Sequence[Row], mapping: Mapping[str, str], products: Products
) -> ImportedOrder | RefusedOrder:
    """The rows of one order number into an order, or the reason it cannot be made."""
    numbers = tuple(number for number, _ in rows)
    at = numbers[0]
    try:
        if len(order_no) > LIMITS[F.CHANNEL_ORDER_NO]:
            _too_long(F.CHANNEL_ORDER_NO)
        text = {f: _agreed(order_no, rows, mapping, f, str) for f in ORDER_TEXT}
        money = {f: _agreed(order_no, rows, mapping, f, parse_yuan) for f in ORDER_MONEY}
        lines = []
        for number, cells in rows:
            at = number  # a line's fault is its own row's
            lines.append(read_line(cells, mapping, products))
        at = numbers[0]
        stated = money[F.TOTAL]
        if stated is None:
            raise InvalidInput("{field} is empty.", code="empty_cell", field=F.TOTAL)
        shipping, discount = money[F.SHIPPING] or 0, money[F.DISCOUNT] or 0
        total = check_total(stated, [line.line_total_fen for line in lines], shipping, discount)
    except InvalidInput as error:
        return RefusedOrder(order_no, numbers, at, error)
    return ImportedOrder(
        channel_order_no=order_no,
        rows=numbers,
        buyer_name=text[F.BUYER_NAME] or "",
        buyer_phone=text[F.BUYER_PHONE] or "",
        address=text[F.ADDRESS] or "",
        buyer_note=text[F.BUYER_NOTE] or "",
        lines=tuple(lines),
        shipping_fen=shipping,
        discount_fen=discount,
        total_fen=total,
    )


def read_line(
    cells: Mapping[str, str], mapping: Mapping[str, str], products: Products
) -> ImportedLine:
    """One row's product, quantity and price: jars by the jar, fresh fruit by the kg."""
    product = _product(cells, mapping, products)
    quantity = _cell(cells, mapping, F.QUANTITY)
    if not quantity:
        raise InvalidInput("{field} is empty.", code="empty_cell", field=F.QUANTITY)
    jars = _whole_jars(quantity) if product.unit == "jar" else None
    weight_g = parse_weight(quantity) if jars is None else None
    unit_text, line_text = _cell(cells, mapping, F.UNIT_PRICE), _cell(cells, mapping, F.LINE_TOTAL)
    stated = parse_yuan(line_text) if line_text else None
    if unit_text:
        unit_price = parse_yuan(unit_text)
    elif stated is not None:
        unit_price = _unit_price(stated, jars, weight_g)
    else:
        raise InvalidInput("{field} is empty.", code="empty_cell", field=F.UNIT_PRICE)
    if jars is not None:
        line_total = jar_line_total(jars, unit_price)
    else:
        line_total = fruit_line_total(weight_g or 0, unit_price)
    if stated is not None and stated != line_total:
        raise InvalidInput(
            "The line total {stated} yuan should be {expected} yuan: quantity × unit price.",
            code="line_total_mismatch",
            stated=format_yuan(stated),
            expected=format_yuan(line_total),
        )
    return ImportedLine(product.product_id, jars, weight_g, unit_price, line_total)


def _cell(cells: Mapping[str, str], mapping: Mapping[str, str], field: OrderField) -> str:
    header = mapping.get(field)
    return cell_text(cells.get(header) or "") if header else ""


def _agreed(
    order_no: str,
    rows: Sequence[Row],
    mapping: Mapping[str, str],
    field: OrderField,
    read: Callable[[str], T],
) -> T | None:
    """The first value the rows give for an order's field; a row saying otherwise is refused."""
    first_text, first = "", cast(T | None, None)
    for _, cells in rows:
        text = _cell(cells, mapping, field)
        if not text:
            continue
        if field in LIMITS and len(text) > LIMITS[field]:
            _too_long(field)
        value = read(text)
        if first is None:
            first_text, first = text, value
        elif value != first:
            raise InvalidInput(
                "The rows of order {number} disagree on {field}: “{first}” and “{other}”.",
                code="rows_disagree",
                number=order_no,
                field=field,
                first=first_text,
                other=text,
            )
    return first


def _product(
    cells: Mapping[str, str], mapping: Mapping[str, str], products: Products
) -> ProductUnit:
    code, name = _cell(cells, mapping, F.PRODUCT_CODE), _cell(cells, mapping, F.PRODUCT_NAME)
    product = products.by_code.get(code) if code else products.by_name.get(name)
    if product is not None:
        return product
    if not (code or name):
        raise InvalidInput("{field} is empty.", code="empty_cell", field=F.PRODUCT_CODE)
    if code:
        raise InvalidInput(
            "No product with code {product}.", code="product_not_found", product=code
        )
    raise InvalidInput("No product is named {product}.", code="product_not_found", product=name)


def _unit_price(line_total: int, jars: int | None, weight_g: int | None) -> int:
    """The price per jar or per kg that gives exactly the line's total."""
    if jars:
        price, rest = divmod(line_total, jars)
    elif weight_g:
        price, rest = divmod(line_total * 1000, weight_g)
    else:
        price, rest = 0, 1
    if rest:
        raise InvalidInput(
            "The line total {total} yuan does not divide evenly by the quantity; "
            "add the unit price column.",
            code="unit_price_unknown",
            total=format_yuan(line_total),
        )
    return price


def _too_long(field: OrderField) -> None:
    raise InvalidInput(
        "{field} is longer than {most} characters.",
        code="too_long",
        field=field,
        most=LIMITS[field],
    )


def _whole_jars(text: str) -> int:
    if not text.isdigit():
        raise InvalidInput(
            "The quantity {text} is not a whole number of jars.",
            code="invalid_jar_count",
            text=text,
        )
    return int(text)
