"""A sheet is a title, typed columns and rows; it becomes CSV, XLSX or a plain-text table.

Money cells hold integer fen and are shown as yuan with two decimals: an exact Decimal in XLSX
(a number the reader can sum and sort), text in CSV. Never a binary fraction.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from coop.domain.money import format_yuan
from coop.domain.weight import format_kg
from coop.i18n import gettext


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    YUAN = "yuan"  # the value is integer fen
    KG = "kg"  # the value is integer grams
    DATE = "date"


FORMATS = {Kind.YUAN: "0.00", Kind.KG: "0.000", Kind.DATE: "yyyy-mm-dd", Kind.INT: "0"}


@dataclass(frozen=True)
class Column:
    header: str  # an English msgid, translated when written
    kind: Kind = Kind.TEXT


@dataclass(frozen=True)
class Sheet:
    title: str  # an English msgid
    columns: Sequence[Column]
    rows: Sequence[Sequence[object]]


def _text(value: object, kind: Kind) -> str:
    if value is None:
        return ""
    if kind == Kind.YUAN:
        return format_yuan(int(value))  # type: ignore[call-overload]
    if kind == Kind.KG:
        return format_kg(int(value))  # type: ignore[call-overload]
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _cell_value(value: object, kind: Kind) -> object:
    if value is None:
        return None
    if kind == Kind.YUAN:
        return Decimal(int(value)).scaleb(-2)  # type: ignore[call-overload]
    if kind == Kind.KG:
        return Decimal(int(value)).scaleb(-3)  # type: ignore[call-overload]
    return value


def headers(sheet: Sheet, locale: str) -> list[str]:
    return [gettext(column.header, locale) for column in sheet.columns]


def to_csv(sheet: Sheet, locale: str) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel in China opens the Chinese headers right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers(sheet, locale))
    for row in sheet.rows:
        writer.writerow(_text(value, c.kind) for value, c in zip(row, sheet.columns, strict=True))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(sheets: Sequence[Sheet], locale: str) -> bytes:
    """One worksheet per sheet: a bold header row, frozen, with a filter; typed, formatted cells."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = book.create_sheet(gettext(sheet.title, locale)[:31])
        worksheet.freeze_panes = "A2"
        header_cells = []
        for text in headers(sheet, locale):
            cell = WriteOnlyCell(worksheet, value=text)
            cell.font = Font(bold=True)
            header_cells.append(cell)
        worksheet.append(header_cells)
        for row in sheet.rows:
            cells = []
            for value, column in zip(row, sheet.columns, strict=True):
                cell = WriteOnlyCell(worksheet, value=_cell_value(value, column.kind))
                if column.kind in FORMATS:
                    cell.number_format = FORMATS[column.kind]
                cells.append(cell)
            worksheet.append(cells)
        last = len(sheet.rows) + 1
        worksheet.auto_filter.ref = f"A1:{_column_letter(len(sheet.columns))}{last}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _width(text: str) -> int:
    """Columns on a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def to_text(sheet: Sheet, locale: str) -> str:
    """A plain table for a terminal: numbers right-aligned, text left-aligned."""
    table = [headers(sheet, locale)] + [
        [_text(value, c.kind) for value, c in zip(row, sheet.columns, strict=True)]
        for row in sheet.rows
    ]
    widths = [max(_width(line[i]) for line in table) for i in range(len(sheet.columns))]
    lines = []
    for line in table:
        cells = []
        for text, width, column in zip(line, widths, sheet.columns, strict=True):
            pad = " " * (width - _width(text))
            cells.append(text + pad if column.kind in (Kind.TEXT, Kind.DATE) else pad + text)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"
