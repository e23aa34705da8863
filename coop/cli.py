"""The `coop` command: serve, migrate, demo, batches, trace, createuser, backup, restore."""

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
    from coop.services.processing import BatchSummary


def run(work: Callable[[Settings], Awaitable[Any]]) -> Any:
    """Open the configured database, run one piece of work, close it; domain errors exit 1."""
    settings = Settings.from_env()

    async def main() -> Any:
        engine = db.bind(db.engine_for(settings.database_url))
        await engine.start_connection_pool()
        try:
            return await work(settings)
        finally:
            await engine.close_connection_pool()

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
    from coop.services.processing import batches_everywhere

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


@main.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(target: Path) -> None:
    """A consistent online copy: the SQLite file, or pg_dump for PostgreSQL."""
    from coop.services.backup import backup as do_backup

    run(lambda settings: do_backup(settings.database_url, target))
    click.echo(f"backed up to {target}")


@main.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(source: Path) -> None:
    """Restore a backup into an empty database."""
    from coop.services.backup import restore as do_restore

    settings = Settings.from_env()
    try:
        asyncio.run(do_restore(settings.database_url, source))
    except DomainError as error:
        raise click.ClickException(str(error)) from None
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
@click.option("--serials", is_flag=True, help="A serial per jar in each QR (batch labels).")
@click.option("--gtin", default=None, help="The product's GTIN: QR as a GS1 Digital Link.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write: .pdf .png .svg .zpl (Zebra) or .bin (Brother QL).",
)
def labels(
    lot: str | None,
    slug: str | None,
    layout_name: str,
    count: int,
    serials: bool,
    gtin: str | None,
    output: Path,
) -> None:
    """Print QR labels: a batch's jars (LOT) or the cooperative's own QR (--coop SLUG)."""
    from coop.domain.gtin import normalise_gtin
    from coop.domain.label_runs import check_label_count
    from coop.labels.fonts import FontMissing
    from coop.labels.layout import load_layout
    from coop.labels.output import format_of, write_labels
    from coop.services.labels import cooperative_label

    try:
        check_label_count(count)
        layout = load_layout(layout_name)
        format_of(output)
        if gtin is not None:
            normalise_gtin(gtin)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    if lot is not None and slug is not None:
        raise click.UsageError("Give either a batch LOT or --coop SLUG, not both.")
    if lot is not None:
        # The seam for batch labels: they need the processing batches (issue 4) and record a
        # label run; `labels_for_batch(actor, lot, count, serials, gtin)` will fill it.
        raise click.ClickException(
            "Batch labels come with processing batches; for now print --coop SLUG labels."
        )
    if slug is None:
        raise click.UsageError("Give a batch LOT or --coop SLUG.")
    if serials or gtin:
        raise click.UsageError("--serials and --gtin are for batch labels, not --coop.")
    if not output.parent.is_dir():
        raise click.ClickException(f"The folder {output.parent} does not exist.")
    data = run(lambda settings: cooperative_label(slug, settings.base_url))
    with click.progressbar(length=count, label="labels") as bar:
        try:
            written = write_labels(output, layout, [data] * count, bar.update)
        except (DomainError, FontMissing, OSError) as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"{count} labels written to {written[0]}" + (" …" if len(written) > 1 else ""))


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
