"""Reading a shop's export: a CSV (UTF-8 or GB18030, as Chinese shops export) or an XLSX file."""

from __future__ import annotations

import csv
import io
from typing import Any

from coop.domain.errors import InvalidInput

MAX_FILE_BYTES = 5_000_000
MAX_ROWS = 5_000


def read_table(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """A CSV (UTF-8 or GB18030, as Chinese shops export) or an XLSX file: headers, then rows."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput("The file is larger than 5 MB; split it.", code="file_too_large")
    grid = _xlsx_rows(data) if data[:2] == b"PK" else _csv_rows(data)
    if not grid or not any(grid[0]):
        raise InvalidInput("The file is empty or has no header row.", code="file_empty")
    headers = [cell.strip() for cell in grid[0]]
    rows = [
        (number, dict(zip(headers, cells, strict=False)))
        for number, cells in enumerate(grid[1:], start=2)
        if any(cell.strip() for cell in cells)
    ]
    if len(rows) > MAX_ROWS:
        raise InvalidInput(
            "The file has more than {most} rows; split it.", code="file_too_long", most=MAX_ROWS
        )
    return headers, rows


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return list(csv.reader(io.StringIO(text, newline="")))
    raise InvalidInput(
        "The file is neither UTF-8 nor GB18030 text; export it as CSV or XLSX.",
        code="file_unreadable",
    )


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise InvalidInput(
            "The XLSX file cannot be read; save it again or export it as CSV.",
            code="file_unreadable",
        ) from error
    try:
        sheet = workbook.active
        assert sheet is not None
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person sees; amounts are then parsed exactly from it."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
