"""A sheet as a file to save, for the API and the pages alike: CSV or XLSX with its name."""

from __future__ import annotations

from typing import Literal

from litestar import Response

from coop.exports.sheets import Sheet, to_csv, to_xlsx

Format = Literal["csv", "xlsx"]
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download(sheet: Sheet, format: Format, stem: str, locale: str) -> Response[bytes]:
    """A file to save: CSV or XLSX, named after what it holds."""
    content = to_csv(sheet, locale) if format == "csv" else to_xlsx([sheet], locale)
    return Response(
        content,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{stem}.{format}"'},
    )
