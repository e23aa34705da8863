"""A lot's chain as a sortable spreadsheet for the regulator: CSV and XLSX, one row per event.

Columns are the Key Data Elements of FSMA 204's Critical Tracking Events and the EU's one step back,
one step forward (see coop.domain.trace). Headers are Chinese; the English KDE name is the second
header row of the CSV and the comment on each XLSX header cell (one header row, so it sorts).
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter

from coop.domain.trace import COLUMNS, TraceEvent, event_row
from coop.services.clock import LOCAL

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
