"""Importing a shop's CSV or XLSX export: preview every row first, then confirm to write.

The preview writes nothing; it returns a token naming exactly this file and mapping, and confirm
(the same file sent again with that token) writes the rows the preview said it would create, in
one transaction. Orders are keyed by channel + channel order number, so importing a file twice
creates nothing the second time.
"""

from __future__ import annotations

import hashlib

import msgspec

from coop.db import is_unique_violation, write
from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, DomainError, InvalidInput
from coop.domain.lots import LotStatus
from coop.domain.order_import import ImportedOrder, ProductUnit, check_headers, read_row
from coop.domain.orders import channel_of
from coop.domain.processing import BatchStatus
from coop.i18n import translate
from coop.services.audit import audit
from coop.services.import_mappings import mapping_for
from coop.services.order_creation import create_in_transaction
from coop.services.order_files import read_table
from coop.services.order_views import NewLine, NewOrder
from coop.tables import Batch, HarvestLot, Order, Product

ATTEMPTS = 3

CREATE, EXISTS, REFUSED = "create", "exists", "refused"


class PreviewRow(msgspec.Struct, frozen=True, kw_only=True):
    row: int  # the file's row number; the header is row 1
    channel_order_no: str
    outcome: str  # create, exists (imported before) or refused
    total_fen: int | None = None
    code: str = ""
    reason: str = ""


class ImportPreview(msgspec.Struct, frozen=True, kw_only=True):
    channel: str
    token: str
    rows_read: int
    to_create: int
    already_imported: int
    refused: int
    rows: list[PreviewRow]


class ImportResult(msgspec.Struct, frozen=True, kw_only=True):
    channel: str
    created: int
    already_imported: int
    refused: int
    order_ids: list[int]


# --- preview and confirm --------------------------------------------------------------------------


async def preview(actor: Actor, channel: str, data: bytes, locale: str = "zh_CN") -> ImportPreview:
    """What confirming this file would create, and every refused row with its reason."""
    actor.require(Action.TAKE_ORDERS)
    channel_of(channel)
    mapping = (await mapping_for(actor, channel)).mapping
    rows = await _plan(actor, channel, mapping, data, locale)
    return _summary(channel, _token(channel, mapping, data), [row for row, _ in rows])


async def confirm(
    actor: Actor, channel: str, data: bytes, token: str, locale: str = "zh_CN"
) -> ImportResult:
    """Write what the preview showed, in one transaction; a changed file or mapping is refused."""
    actor.require(Action.TAKE_ORDERS)
    channel_of(channel)
    mapping = (await mapping_for(actor, channel)).mapping
    if token != _token(channel, mapping, data):
        raise Conflict(
            "The file or the column mapping changed since the preview; preview it again.",
            code="preview_stale",
        )
    for attempt in range(ATTEMPTS):
        try:
            async with write():
                planned = await _plan(actor, channel, mapping, data, locale)
                ids = [
                    await create_in_transaction(actor, _new_order(channel, imported))
                    for row, imported in planned
                    if imported is not None and row.outcome == CREATE
                ]
                summary = _summary(channel, token, [row for row, _ in planned])
                await audit(actor, "import_orders", "import", 0, channel=channel, created=len(ids))
            return ImportResult(
                channel=channel,
                created=len(ids),
                already_imported=summary.already_imported,
                refused=summary.refused,
                order_ids=ids,
            )
        except Exception as error:  # a concurrent import of the same file: the retry skips its rows
            if attempt + 1 < ATTEMPTS and is_unique_violation(error):
                continue
            raise
    raise AssertionError("unreachable")


# --- inside ---------------------------------------------------------------------------------------


async def _plan(
    actor: Actor, channel: str, mapping: dict[str, str], data: bytes, locale: str
) -> list[tuple[PreviewRow, ImportedOrder | None]]:
    """Read every row; refuse what is wrong, skip what exists, and what stock cannot fill."""
    headers, rows = read_table(data)
    check_headers(headers, mapping)
    products = await _products(actor)
    existing = await _existing_numbers(actor, channel)
    stock = await _stock(actor)
    seen: set[str] = set()
    planned: list[tuple[PreviewRow, ImportedOrder | None]] = []
    for number, cells in rows:
        try:
            imported = read_row(cells, mapping, products)
        except DomainError as error:
            order_no = cells.get(mapping["channel_order_no"], "").strip()
            planned.append((_refused(number, order_no, error, locale), None))
            continue
        order_no = imported.channel_order_no
        if order_no in existing:
            planned.append(
                (PreviewRow(row=number, channel_order_no=order_no, outcome=EXISTS), None)
            )
            continue
        try:
            _claim(order_no, seen, imported, stock)
        except DomainError as error:
            planned.append((_refused(number, order_no, error, locale), None))
            continue
        row = PreviewRow(
            row=number, channel_order_no=order_no, outcome=CREATE, total_fen=imported.total_fen
        )
        planned.append((row, imported))
    return planned


def _claim(order_no: str, seen: set[str], imported: ImportedOrder, stock: dict[int, int]) -> None:
    """A row creates its order once per file, and only from stock not claimed by rows above it."""
    if order_no in seen:
        raise InvalidInput(
            "Order {number} appears twice in this file; one row per order.",
            code="duplicate_row",
            number=order_no,
        )
    wanted = imported.jars if imported.jars is not None else imported.weight_g or 0
    if stock.get(imported.product_id, 0) < wanted:
        raise InvalidInput(
            "Out of stock: not enough is left for order {number}.",
            code="out_of_stock",
            number=order_no,
        )
    seen.add(order_no)
    stock[imported.product_id] = stock.get(imported.product_id, 0) - wanted


def _refused(number: int, order_no: str, error: DomainError, locale: str) -> PreviewRow:
    return PreviewRow(
        row=number,
        channel_order_no=order_no,
        outcome=REFUSED,
        code=error.code,
        reason=translate(error.message, locale, **error.params),
    )


def _summary(channel: str, token: str, rows: list[PreviewRow]) -> ImportPreview:
    return ImportPreview(
        channel=channel,
        token=token,
        rows_read=len(rows),
        to_create=sum(row.outcome == CREATE for row in rows),
        already_imported=sum(row.outcome == EXISTS for row in rows),
        refused=sum(row.outcome == REFUSED for row in rows),
        rows=rows,
    )


def _new_order(channel: str, imported: ImportedOrder) -> NewOrder:
    return NewOrder(
        channel=channel,
        channel_order_no=imported.channel_order_no,
        buyer_name=imported.buyer_name,
        buyer_phone=imported.buyer_phone,
        address=imported.address,
        shipping_fen=imported.shipping_fen,
        discount_fen=imported.discount_fen,
        total_fen=imported.total_fen,
        lines=[
            NewLine(
                product_id=imported.product_id,
                jars=imported.jars,
                weight_g=imported.weight_g,
                unit_price_fen=imported.unit_price_fen,
                line_total_fen=imported.line_total_fen,
            )
        ],
    )


def _token(channel: str, mapping: dict[str, str], data: bytes) -> str:
    """Names exactly this file under this mapping, so confirm writes what was previewed."""
    digest = hashlib.sha256(channel.encode() + msgspec.json.encode(mapping) + b"\0" + data)
    return digest.hexdigest()[:32]


async def _products(actor: Actor) -> dict[str, ProductUnit]:
    rows = await Product.select(Product.id, Product.code, Product.unit).where(
        (Product.cooperative == actor.cooperative_id) & Product.active.eq(True)
    )
    return {row["code"]: ProductUnit(row["id"], row["unit"]) for row in rows}


async def _existing_numbers(actor: Actor, channel: str) -> set[str]:
    rows = await Order.select(Order.channel_order_no).where(
        (Order.cooperative == actor.cooperative_id) & (Order.channel == channel)
    )
    return {row["channel_order_no"] for row in rows}


async def _stock(actor: Actor) -> dict[int, int]:
    """Jars for sale per jar product, grams left per fresh product: what imported rows may take."""
    stock: dict[int, int] = {}
    batches = await Batch.select(Batch.product, Batch.jars_in_stock).where(
        (Batch.cooperative == actor.cooperative_id)
        & (Batch.status == BatchStatus.FINISHED.value)
        & (Batch.buyer_name == "")
    )
    lots = await HarvestLot.select(HarvestLot.product, HarvestLot.remaining_g).where(
        (HarvestLot.cooperative == actor.cooperative_id)
        & (HarvestLot.status == LotStatus.OPEN.value)
    )
    on_hand = [(row["product"], row["jars_in_stock"]) for row in batches]
    on_hand += [(row["product"], row["remaining_g"]) for row in lots]
    for product, quantity in on_hand:
        stock[product] = stock.get(product, 0) + quantity
    return stock
