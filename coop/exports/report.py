"""`coop report income`: the season's review as XLSX (review and ledger), CSV, or a table."""

from __future__ import annotations

from pathlib import PurePath

from coop.domain.errors import InvalidInput
from coop.exports.income import brief_review_sheet, ledger_sheet, review_sheet, village_lines
from coop.exports.sheets import to_csv, to_text, to_xlsx
from coop.services.income import village_review
from coop.services.reports import ledger_lines, reporting_actor


async def income_report(
    season: int, slug: str | None, output: PurePath | None, locale: str
) -> bytes:
    """The file's bytes, its format picked by the name's extension; without a name, a table."""
    suffix = output.suffix.lower() if output is not None else None
    if suffix not in (None, ".xlsx", ".csv"):
        raise InvalidInput(
            "Export as csv or xlsx, not {format}.", code="invalid_format", format=suffix
        )
    actor = await reporting_actor(slug)
    review = await village_review(actor, season)
    if suffix == ".xlsx":
        ledger = ledger_sheet(await ledger_lines(actor, season), locale)
        return to_xlsx([review_sheet(review, locale), ledger], locale)
    if suffix == ".csv":
        return to_csv(review_sheet(review, locale), locale)
    lines = "\n".join(village_lines(review, locale))
    return (lines + "\n\n" + to_text(brief_review_sheet(review), locale)).encode()
