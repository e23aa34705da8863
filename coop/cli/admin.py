"""Keeping the server and its database: serve, migrate, demo, createuser, backup, restore."""

from __future__ import annotations

from pathlib import Path

import click

from coop import db
from coop.cli.running import offline, run
from coop.domain.actors import Role
from coop.settings import Settings


@click.command()
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


@click.command()
def migrate() -> None:
    """Create or update the database schema (Piccolo migrations)."""
    run(lambda settings: db.migrate(db.bound()))
    click.echo("migrated")


@click.command()
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


@click.command()
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


@click.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(target: Path) -> None:
    """A consistent online copy: the SQLite file, or pg_dump for PostgreSQL."""
    from coop.services.backup import backup as do_backup

    offline(lambda settings: do_backup(settings.database_url, target))
    click.echo(f"backed up to {target}")


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(source: Path) -> None:
    """Restore a backup into an empty database."""
    from coop.services.backup import restore as do_restore

    offline(lambda settings: do_restore(settings.database_url, source))
    click.echo(f"restored from {source}")


COMMANDS = (serve, migrate, demo, createuser, backup, restore)
