"""Running one piece of a command's work: on the configured database, or on files and tools."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import click

from coop import db
from coop.domain.errors import DomainError
from coop.settings import Settings


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
