"""The `coop` command: serve, migrate, demo, createuser, report, backup, restore."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import click

from coop import db
from coop.domain.actors import Role
from coop.domain.errors import DomainError
from coop.settings import Settings


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
