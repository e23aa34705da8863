"""Reading the records from the command line: batches, the income report, a lot's trace."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from coop.cli.running import run
from coop.settings import Settings

if TYPE_CHECKING:
    from coop.services.batch_views import BatchSummary


@click.command()
@click.option("--status", default=None, help="draft, finished, corrected, held or recalled.")
@click.option("--cooperative", "slug", default=None, help="Only this cooperative (its slug).")
def batches(status: str | None, slug: str | None) -> None:
    """Processing batches, oldest first, one per line, tab-separated, lot code first."""
    from coop.services.batch_queries import batches_everywhere

    for found in run(lambda settings: batches_everywhere(status, slug)):
        click.echo(batch_line(found))


def batch_line(batch: BatchSummary) -> str:
    """Lot code, status, product, processor, made on, fruit kg, jars, in stock, fee, yield, flag."""
    from coop.domain.money import format_yuan
    from coop.domain.weight import format_kg

    def maybe(value: object) -> str:
        return "-" if value is None else str(value)

    fields = [
        batch.code,
        batch.status,
        batch.product_name,
        batch.household_code,
        maybe(batch.made_on),
        format_kg(batch.fruit_g),
        maybe(batch.jars_filled),
        str(batch.jars_in_stock),
        "-" if batch.fee_fen is None else format_yuan(batch.fee_fen),
        "-" if batch.yield_per_mille is None else f"{batch.yield_per_mille}‰",
        "flagged" if batch.yield_flagged else "",
    ]
    return "\t".join(field.replace("\t", " ") for field in fields)


@click.group()
def report() -> None:
    """Reports for the work ledger (工作台账)."""


@report.command("income")
@click.option("--season", type=int, required=True, help="The season (harvest year).")
@click.option("--cooperative", "slug", default=None, help="Its slug, when there are several.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="FILE.xlsx (review and ledger) or FILE.csv (review); without it, a table.",
)
@click.option("--locale", type=click.Choice(["zh_CN", "ug", "en"]), default="zh_CN")
def report_income(season: int, slug: str | None, output: Path | None, locale: str) -> None:
    """The season's income review: households, gains, the village's median and quartiles."""
    from coop.exports.report import income_report

    content = run(lambda settings: income_report(season, slug, output, locale))
    if output is None:
        click.echo(content.decode(), nl=False)
    else:
        output.write_bytes(content)
        click.echo(f"written to {output}")


@click.command("trace")
@click.argument("lot")
@click.option("--forward", "direction", flag_value="forward", default=True, help="To buyers.")
@click.option("--backward", "direction", flag_value="backward", help="To growers' lots.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the lot's whole chain, one row per event: FILE.xlsx or FILE.csv.",
)
def trace_command(lot: str, direction: str, output: Path | None) -> None:
    """Trace LOT (a lot code or a jar's label URL): a readable tree, or a spreadsheet with -o."""
    from coop.services import trace
    from coop.services.trace_export import backward_tree, export, forward_tree

    if output is not None and output.suffix.lower() not in (".xlsx", ".csv"):
        raise click.BadParameter("the file must end in .xlsx or .csv", param_hint="-o")

    async def work(settings: Settings) -> str | bytes:
        reader = await trace.reader_for(lot)
        if output is not None:
            return export(await trace.chain_events(reader, lot), output.suffix.lower()[1:])[0]
        if direction == "backward":
            return backward_tree(await trace.backward(reader, lot))
        return forward_tree(await trace.forward(reader, lot))

    result = run(work)
    if isinstance(result, bytes):
        assert output is not None
        output.write_bytes(result)
        click.echo(f"wrote {output}")
    else:
        click.echo(result)


COMMANDS = (batches, report, trace_command)
