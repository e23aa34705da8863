"""What an import shows: each order of the file and its outcome, and what confirming made."""

from __future__ import annotations

import msgspec

CREATE, EXISTS, REFUSED = "create", "exists", "refused"


class PreviewRow(msgspec.Struct, frozen=True, kw_only=True):
    row: int  # the row at fault, else the order's first row; the header is row 1
    rows: list[int]  # every row of the order's number
    channel_order_no: str
    outcome: str  # create, exists (imported before) or refused
    lines: int = 0
    total_fen: int | None = None
    code: str = ""
    reason: str = ""


class ImportPreview(msgspec.Struct, frozen=True, kw_only=True):
    channel: str
    token: str
    mapping: dict[str, str]  # the columns read: the saved mapping or the known headers
    rows_read: int
    to_create: int  # orders
    already_imported: int  # orders
    refused: int  # rows
    rows: list[PreviewRow]  # one per order, in the order of its first row


class CreatedOrder(msgspec.Struct, frozen=True, kw_only=True):
    order_id: int
    channel_order_no: str
    total_fen: int


class ImportResult(msgspec.Struct, frozen=True, kw_only=True):
    import_id: int
    channel: str
    created: int
    already_imported: int
    refused: int  # rows
    order_ids: list[int]
    orders: list[CreatedOrder]
    refused_rows: list[PreviewRow]


def result_of(
    import_id: int,
    channel: str,
    orders: list[CreatedOrder],
    already_imported: int,
    refused: list[PreviewRow],
) -> ImportResult:
    return ImportResult(
        import_id=import_id,
        channel=channel,
        created=len(orders),
        already_imported=already_imported,
        refused=sum(len(row.rows) for row in refused),
        order_ids=[order.order_id for order in orders],
        orders=orders,
        refused_rows=refused,
    )
