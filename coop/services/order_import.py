"""Importing a shop's CSV or XLSX export: preview every order first, then confirm to write.

The preview writes nothing; it returns a token naming exactly this file and mapping, and confirm
(the same file sent again with that token) writes the orders the preview said it would create, in
one transaction. Orders are keyed by channel + channel order number, so importing a file twice
creates nothing the second time. What confirm did is kept with its audit event, which the done
page shows: the orders made and every refused row with its reason.
"""

from __future__ import annotations

import hashlib

import msgspec

from coop.db import is_unique_violation, write
from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, DomainError, InvalidInput, NotFound
from coop.domain.import_headers import check_columns, mapping_for_file
from coop.domain.order_import import ImportedOrder, RefusedOrder, Row, read_orders
from coop.domain.orders import channel_of
from coop.i18n import translate
from coop.services import import_facts
from coop.services.audit import audit
from coop.services.import_mappings import mapping_for
from coop.services.import_views import (
    CREATE,
    EXISTS,
    REFUSED,
    CreatedOrder,
    ImportPreview,
    ImportResult,
    PreviewRow,
    result_of,
)
from coop.services.order_creation import create_in_transaction
from coop.services.order_files import read_table
from coop.services.order_views import NewLine, NewOrder
from coop.tables import AuditEvent

ATTEMPTS = 3
ACTION = "import_orders"

# --- preview, confirm and the result -------------------------------------------------------------


async def preview(actor: Actor, channel: str, data: bytes, locale: str = "zh_CN") -> ImportPreview:
    """What confirming this file would create, and every refused row with its reason."""
    actor.require(Action.TAKE_ORDERS)
    channel_of(channel)
    mapping, rows = await _read(actor, channel, data)
    planned = await _plan(actor, channel, mapping, rows, locale)
    return _summary(channel, _token(channel, mapping, data), mapping, len(rows), planned)


async def confirm(
    actor: Actor, channel: str, data: bytes, token: str, locale: str = "zh_CN"
) -> ImportResult:
    """Write what the preview showed, in one transaction; a changed file or mapping is refused."""
    actor.require(Action.TAKE_ORDERS)
    channel_of(channel)
    mapping, rows = await _read(actor, channel, data)
    if token != _token(channel, mapping, data):
        raise Conflict(
            "The file or the column mapping changed since the preview; preview it again.",
            code="preview_stale",
        )
    for attempt in range(ATTEMPTS):
        try:
            async with write():
                planned = await _plan(actor, channel, mapping, rows, locale)
                orders = [
                    CreatedOrder(
                        order_id=await create_in_transaction(actor, _new_order(channel, order)),
                        channel_order_no=order.channel_order_no,
                        total_fen=order.total_fen,
                    )
                    for row, order in planned
                    if order is not None and row.outcome == CREATE
                ]
                summary = _summary(channel, token, mapping, len(rows), planned)
                refused = [row for row in summary.rows if row.outcome == REFUSED]
                import_id = await audit(
                    actor,
                    ACTION,
                    "import",
                    0,
                    channel=channel,
                    orders=orders,
                    already_imported=summary.already_imported,
                    refused_rows=refused,
                )
            return result_of(import_id, channel, orders, summary.already_imported, refused)
        except Exception as error:  # a concurrent import of the same file: the retry skips its rows
            if attempt + 1 < ATTEMPTS and is_unique_violation(error):
                continue
            raise
    raise AssertionError("unreachable")


async def result(actor: Actor, import_id: int) -> ImportResult:
    """What an import of this cooperative did: the orders it made and the rows it refused."""
    actor.require(Action.TAKE_ORDERS)
    row = await (
        AuditEvent.select(AuditEvent.detail)
        .where(
            (AuditEvent.id == import_id)
            & (AuditEvent.cooperative == actor.cooperative_id)
            & (AuditEvent.action == ACTION)
        )
        .output(load_json=True)
        .first()
    )
    if row is None:
        raise NotFound(
            "No import {import_id} in this cooperative.",
            code="import_not_found",
            import_id=import_id,
        )
    detail = row["detail"]
    return result_of(
        import_id,
        str(detail.get("channel", "")),
        msgspec.convert(detail.get("orders", []), list[CreatedOrder]),
        int(detail.get("already_imported", 0)),
        msgspec.convert(detail.get("refused_rows", []), list[PreviewRow]),
    )


# --- inside ---------------------------------------------------------------------------------------

Planned = list[tuple[PreviewRow, ImportedOrder | None]]


async def _read(actor: Actor, channel: str, data: bytes) -> tuple[dict[str, str], list[Row]]:
    """The file's rows and the columns to read them by, every required one present."""
    headers, rows = read_table(data)
    saved = await mapping_for(actor, channel)
    mapping = mapping_for_file(saved.mapping if saved.saved else None, headers)
    check_columns(mapping)
    return mapping, list(rows)


async def _plan(
    actor: Actor, channel: str, mapping: dict[str, str], rows: list[Row], locale: str
) -> Planned:
    """Read every order; skip what exists, refuse what is wrong and what stock cannot fill."""
    products = await import_facts.products(actor)
    existing = await import_facts.existing_numbers(actor, channel)
    left = await import_facts.stock(actor)
    planned: Planned = []
    for order in read_orders(rows, mapping, products):
        number, numbers = order.channel_order_no, list(order.rows)
        if number and number in existing:
            planned.append(
                (
                    PreviewRow(
                        row=numbers[0], rows=numbers, channel_order_no=number, outcome=EXISTS
                    ),
                    None,
                )
            )
            continue
        if isinstance(order, RefusedOrder):
            planned.append((_refused(order.row, numbers, number, order.error, locale), None))
            continue
        try:
            _take(order, left)
        except DomainError as error:
            planned.append((_refused(numbers[0], numbers, number, error, locale), None))
            continue
        row = PreviewRow(
            row=numbers[0],
            rows=numbers,
            channel_order_no=number,
            outcome=CREATE,
            lines=len(order.lines),
            total_fen=order.total_fen,
        )
        planned.append((row, order))
    return planned


def _take(order: ImportedOrder, left: dict[int, int]) -> None:
    """An order takes only stock not claimed by the orders above it in the file."""
    wanted: dict[int, int] = {}
    for line in order.lines:
        quantity = line.jars if line.jars is not None else line.weight_g or 0
        wanted[line.product_id] = wanted.get(line.product_id, 0) + quantity
    if any(left.get(product, 0) < quantity for product, quantity in wanted.items()):
        raise InvalidInput(
            "Out of stock: not enough is left for order {number}.",
            code="out_of_stock",
            number=order.channel_order_no,
        )
    for product, quantity in wanted.items():
        left[product] -= quantity


def _refused(
    row: int, rows: list[int], order_no: str, error: DomainError, locale: str
) -> PreviewRow:
    return PreviewRow(
        row=row,
        rows=rows,
        channel_order_no=order_no,
        outcome=REFUSED,
        code=error.code,
        reason=translate(error.message, locale, **error.params),
    )


def _summary(
    channel: str, token: str, mapping: dict[str, str], rows_read: int, planned: Planned
) -> ImportPreview:
    rows = [row for row, _ in planned]
    return ImportPreview(
        channel=channel,
        token=token,
        mapping=mapping,
        rows_read=rows_read,
        to_create=sum(row.outcome == CREATE for row in rows),
        already_imported=sum(row.outcome == EXISTS for row in rows),
        refused=sum(len(row.rows) for row in rows if row.outcome == REFUSED),
        rows=rows,
    )


def _new_order(channel: str, order: ImportedOrder) -> NewOrder:
    return NewOrder(
        channel=channel,
        channel_order_no=order.channel_order_no,
        buyer_name=order.buyer_name,
        buyer_phone=order.buyer_phone,
        address=order.address,
        buyer_note=order.buyer_note,
        shipping_fen=order.shipping_fen,
        discount_fen=order.discount_fen,
        total_fen=order.total_fen,
        lines=[
            NewLine(
                product_id=line.product_id,
                jars=line.jars,
                weight_g=line.weight_g,
                unit_price_fen=line.unit_price_fen,
                line_total_fen=line.line_total_fen,
            )
            for line in order.lines
        ],
    )


def _token(channel: str, mapping: dict[str, str], data: bytes) -> str:
    """Names exactly this file under this mapping, so confirm writes what was previewed."""
    digest = hashlib.sha256(channel.encode() + msgspec.json.encode(mapping) + b"\0" + data)
    return digest.hexdigest()[:32]
