"""A lot's chain for people: a sortable spreadsheet (CSV, XLSX, one row per event) or a text tree.

Columns are the Key Data Elements of FSMA 204's Critical Tracking Events and the EU's one step back,
one step forward (see coop.domain.trace). Headers are Chinese; the English KDE name is the second
header row of the CSV and the comment on each XLSX header cell (one header row, so it sorts).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter

from coop.domain.trace import COLUMNS, TraceEvent, event_row
from coop.domain.weight import format_kg
from coop.services.clock import LOCAL
from coop.services.trace import BackwardTrace, ForwardTrace

WHEN = "%Y-%m-%d %H:%M:%S"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def to_csv(events: list[TraceEvent]) -> bytes:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([zh for zh, _ in COLUMNS])
    writer.writerow([en for _, en in COLUMNS])
    for event in events:
        writer.writerow(event_row(event, event.at.astimezone(LOCAL).strftime(WHEN)))
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(events: list[TraceEvent]) -> bytes:
    """Dates as real date cells (China time) and quantities as numbers, with a filter to sort."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "追溯 trace"
    sheet.append([zh for zh, _ in COLUMNS])
    for cell, (_, en) in zip(sheet[1], COLUMNS, strict=True):
        cell.comment = Comment(en, "coop")
    for event in events:
        row = event_row(event, "")
        row[1] = event.at.astimezone(LOCAL).replace(tzinfo=None)  # type: ignore[call-overload]
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].number_format = "yyyy-mm-dd hh:mm:ss"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{sheet.max_row}"
    sheet.freeze_panes = "A2"
    for n in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(n)].width = 20
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export(events: list[TraceEvent], kind: str) -> tuple[bytes, str]:
    """The file's bytes and media type: "xlsx" or "csv"."""
    if kind == "xlsx":
        return to_xlsx(events), XLSX_TYPE
    return to_csv(events), CSV_TYPE


def backward_tree(traced: BackwardTrace) -> str:
    """A readable tree for the terminal: the batch, then each lot with its grams and grower."""
    lines = []
    if traced.batch is not None:
        b = traced.batch
        serial = f"/{traced.serial}" if traced.serial else ""
        lines.append(
            f"{b.code}{serial}  {b.product_name}  {b.processor_code} {b.processor_name}  "
            f"made {b.made_on or '-'}  {b.jars_filled or 0} jars  {b.status}"
        )
    for n, lot in enumerate(traced.lots):
        branch = ("└─ " if n == len(traced.lots) - 1 else "├─ ") if traced.batch else ""
        taken = f"{format_kg(lot.taken_g)} kg of " if lot.taken_g is not None else ""
        lines.append(
            f"{branch}{lot.lot_code}  {taken}{format_kg(lot.weight_g)} kg  {lot.product_name}  "
            f"{lot.household_code} {lot.household_name}  weighed {_local(lot.weighed_at)} "
            f"by {lot.weighed_by}  {lot.status}"
        )
    return "\n".join(lines)


def forward_tree(traced: ForwardTrace) -> str:
    """Lots, the batches they went into, and the orders each batch or lot filled."""
    orders = {order.id: order for order in traced.orders}
    by_source: dict[str, list[str]] = {}
    for shipment in traced.shipments:
        order = orders[shipment.order_id]
        amount = (
            f"{shipment.jars} jars"
            if shipment.jars is not None
            else (f"{format_kg(shipment.weight_g or 0)} kg")
        )
        contact = " ".join(p for p in (order.buyer_phone, order.address) if p)
        by_source.setdefault(shipment.lot_code, []).append(
            f"order {order.number}  {_local(order.created_at)}  {order.buyer_name}  {amount}  "
            f"{order.channel} {order.status}" + (f"  {contact}" if contact else "")
        )
    lines = [
        f"{lot.lot_code}  {format_kg(lot.weight_g)} kg  {lot.household_code} {lot.household_name}"
        f"  weighed {_local(lot.weighed_at)}  {lot.status}"
        for lot in traced.lots
    ]
    taken: dict[str, int] = {}
    for link in traced.inputs:
        taken[link.batch_code] = taken.get(link.batch_code, 0) + link.weight_g
    children: list[tuple[str, list[str]]] = []
    for batch in traced.batches:
        fruit = f"{format_kg(taken[batch.code])} kg in, " if batch.code in taken else ""
        head = f"batch {batch.code}  {fruit}{batch.jars_filled or 0} jars  {batch.status}"
        children.append((head, by_source.get(batch.code, [])))
    for lot in traced.lots:
        if by_source.get(lot.lot_code):
            children.append((f"fresh fruit from {lot.lot_code}", by_source[lot.lot_code]))
    for n, (head, leaves) in enumerate(children):
        last = n == len(children) - 1
        lines.append(("└─ " if last else "├─ ") + head)
        for m, leaf in enumerate(leaves):
            lines.append(
                ("   " if last else "│  ") + ("└─ " if m == len(leaves) - 1 else "├─ ") + leaf
            )
    lines.append(
        f"{len(traced.lots)} lots, {len(traced.batches)} batches, {len(traced.orders)} orders"
    )
    return "\n".join(lines)


def _local(moment: datetime) -> str:
    return moment.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M")
