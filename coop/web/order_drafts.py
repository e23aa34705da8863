"""The new-order form as typed so far: each line's total, the order's total, and why a figure
cannot be read (the live total htmx asks for, and the no-JavaScript "show the total")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coop.domain.errors import InvalidInput
from coop.domain.money import format_yuan, parse_yuan
from coop.domain.orders import check_total, fruit_line_total, jar_line_total, order_total
from coop.domain.weight import parse_weight
from coop.services.households import ProductView
from coop.web.forms import Form
from coop.web.shell import N_

LINES = 3  # line rows on the new-order form; empty rows are ignored


@dataclass
class DraftLine:
    """One row of the form as typed, and what it costs when it can be read."""

    index: int
    product: ProductView | None
    jars: int | None = None
    weight_g: int | None = None
    price_fen: int | None = None
    total_fen: int | None = None


@dataclass
class Draft:
    lines: list[DraftLine]
    shipping_fen: int
    discount_fen: int
    total_fen: int | None  # lines + shipping − discount, when every line can be read
    stated_fen: int | None  # the total the channel says the buyer paid, if typed


def read_draft(form: Form, products: list[ProductView]) -> Draft:
    """What the form says so far; each unreadable field keeps its reason in form.errors."""
    by_id = {str(product.id): product for product in products}
    lines = []
    for index in range(LINES):
        product = by_id.get(form.text(f"product_{index}"))
        if product is None or not form.text(f"quantity_{index}"):
            continue
        line = DraftLine(index, product)
        if product.unit == "jar":
            line.jars = form.read(f"quantity_{index}", jar_count)
        else:
            line.weight_g = form.read(f"quantity_{index}", parse_weight)
        line.price_fen = form.read(f"price_{index}", parse_yuan)
        line.total_fen = _line_total(form, line)
        lines.append(line)
    shipping = form.read("shipping", parse_yuan, required=False) or 0
    discount = form.read("discount", parse_yuan, required=False) or 0
    stated = form.read("total", parse_yuan, required=False)
    total = None
    if lines and form.ok:
        try:
            total = order_total([line.total_fen or 0 for line in lines], shipping, discount)
            if stated is not None:
                check_total(stated, [line.total_fen or 0 for line in lines], shipping, discount)
        except InvalidInput as error:
            form.fail("total", error)
    return Draft(lines, shipping, discount, total, stated)


def _line_total(form: Form, line: DraftLine) -> int | None:
    if line.price_fen is None or (line.jars is None and line.weight_g is None):
        return None
    try:
        if line.jars is not None:
            return jar_line_total(line.jars, line.price_fen)
        assert line.weight_g is not None
        return fruit_line_total(line.weight_g, line.price_fen)
    except InvalidInput as error:
        form.fail(f"quantity_{line.index}", error)
        return None


def jar_count(text: str) -> int:
    if not text.isdigit():
        raise InvalidInput(N_("Enter a whole number of jars, for example 2."), code="invalid_jars")
    return int(text)


def with_prices(data: Any, products: list[ProductView]) -> dict[str, str]:
    """The typed values, each line's unit price prefilled from its product when left empty."""
    values = {str(name): str(value) for name, value in data.items() if isinstance(value, str)}
    by_id = {str(product.id): product for product in products}
    for index in range(LINES):
        product = by_id.get(values.get(f"product_{index}", ""))
        if product is not None and not values.get(f"price_{index}", "").strip():
            values[f"price_{index}"] = format_yuan(product.price_fen)
    return values
