"""The `coop` command: serve, migrate, demo, batches, labels, trace, createuser, report, backup,
restore."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coop import db
from coop.domain.actors import Role
from coop.domain.errors import DomainError
from coop.settings import Settings

if TYPE_CHECKING:
    from coop.services.batch_views import BatchSummary


def run(work: Callable[[Settings], Awaitable[Any]]) -> Any:
    """Open the configured database, run one piece of work, close it; domain errors exit 1."""

    async def with_database(settings: Settings) -> Any:
        engine = db.bind(db.engine_for(settings.database_url))
        await engine.start_connection_pool()
        try:
            return await work(settings)
        finally:
            await engine.close_connection_pool()

    return offline(with_database)


def offline(work: Callable[[Settings], Awaitable[Any]]) -> Any:
    """Run work that opens the database files or tools itself; domain errors exit 1."""
    settings = Settings.from_env()

    async def main() -> Any:
        return await work(settings)

    try:
        return asyncio.run(main())
    except DomainError as error:
        raise click.ClickException(str(error)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """coop: a ledger for village agricultural cooperatives."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
def serve(host: str, port: int, workers: int) -> None:
    """Serve the app (uvicorn)."""
    import uvicorn

    uvicorn.run(
        "coop.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level="info",
    )


@main.command()
def migrate() -> None:
    """Create or update the database schema (Piccolo migrations)."""
    run(lambda settings: db.migrate(db.bound()))
    click.echo("migrated")


@main.command()
@click.option("--if-empty", is_flag=True, help="Load only into a database with no cooperative.")
def demo(if_empty: bool) -> None:
    """Load a demo cooperative: households, products, one user per role, two seasons."""
    from coop.services.demo import DEMO_PASSWORD, load_demo

    async def work(settings: Settings) -> list[tuple[str, str, str]] | None:
        return await load_demo(if_empty=if_empty)

    users = run(work)
    if users is None:
        click.echo("The database already holds a cooperative; demo not loaded.")
        return
    click.echo(f"Demo cooperative loaded. Sign in with a phone and the password {DEMO_PASSWORD}:")
    for role, phone, name in users:
        click.echo(f"  {role:<10} {phone}  {name}")


@main.command()
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


@main.command()
@click.option("--cooperative", "slug", required=True, help="The cooperative's slug.")
@click.option("--phone", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option(
    "--household", "household_code", default=None, help="Household code (members, processors)."
)
@click.password_option()
def createuser(
    slug: str, phone: str, name: str, role: str, household_code: str | None, password: str
) -> None:
    """Create a user who signs in with a phone number and password."""
    from coop.services.users import create_user_in

    user_id = run(lambda s: create_user_in(slug, phone, name, password, Role(role), household_code))
    click.echo(f"user {user_id} created")


@main.group()
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


@main.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(target: Path) -> None:
    """A consistent online copy: the SQLite file, or pg_dump for PostgreSQL."""
    from coop.services.backup import backup as do_backup

    offline(lambda settings: do_backup(settings.database_url, target))
    click.echo(f"backed up to {target}")


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(source: Path) -> None:
    """Restore a backup into an empty database."""
    from coop.services.backup import restore as do_restore

    offline(lambda settings: do_restore(settings.database_url, source))
    click.echo(f"restored from {source}")


@main.command()
@click.argument("lot", required=False)
@click.option("--coop", "slug", help="The cooperative's own QR, linking to its page /c/SLUG.")
@click.option(
    "--layout",
    "layout_name",
    default="a4-3x8",
    show_default=True,
    help="A layout file in labels/ (a4-3x8, roll-62mm, …).",
)
@click.option("--count", default=1, show_default=True, type=int, help="How many labels (1–10 000).")
@click.option(
    "--serials", is_flag=True, help="A serial per jar in each QR, continuing the batch's last run."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write: .pdf .png .svg .zpl (Zebra) or .bin (Brother QL).",
)
def labels(
    lot: str | None, slug: str | None, layout_name: str, count: int, serials: bool, output: Path
) -> None:
    """Print QR labels: a batch's jars (LOT, the run recorded) or the cooperative's own QR
    (--coop SLUG). A batch's product GTIN makes its QR a GS1 Digital Link."""
    from coop.domain.label_runs import check_label_count
    from coop.labels.content import LabelData
    from coop.labels.fonts import FontMissing
    from coop.labels.layout import load_layout
    from coop.labels.output import format_of, write_labels
    from coop.services.label_options import FORMATS
    from coop.services.labels import cooperative_label, lot_labels_from_command_line

    if lot is not None and slug is not None:
        raise click.UsageError("Give either a batch LOT or --coop SLUG, not both.")
    if lot is None and slug is None:
        raise click.UsageError("Give a batch LOT or --coop SLUG.")
    if slug is not None and serials:
        raise click.UsageError("--serials is for batch labels, not --coop.")
    try:
        check_label_count(count)
        layout = load_layout(layout_name)
        extension = format_of(output)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    if not output.parent.is_dir():
        raise click.ClickException(f"The folder {output.parent} does not exist.")
    if lot is not None:
        fmt = {extension: name for name, extension in FORMATS.items()}[extension]
        planned = run(
            lambda settings: lot_labels_from_command_line(
                lot, layout_name, count, serials, fmt, base_url=settings.base_url
            )
        )
        printing: list[LabelData] = planned.labels
        serial_note = (
            f", serials {planned.labels[0].serial}–{planned.labels[-1].serial}" if serials else ""
        )
    else:
        assert slug is not None
        cooperative = slug
        data = run(lambda settings: cooperative_label(cooperative, settings.base_url))
        printing, serial_note = [data] * count, ""
    with click.progressbar(length=count, label="labels") as bar:
        try:
            written = write_labels(output, layout, printing, bar.update)
        except (DomainError, FontMissing, OSError) as error:
            raise click.ClickException(str(error)) from None
    more = " …" if len(written) > 1 else ""
    click.echo(f"{count} labels written to {written[0]}{more}{serial_note}")


@main.command("trace")
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
