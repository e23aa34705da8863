"""Backup and restore: a consistent copy made while the app writes, restored only into emptiness.

SQLite: the online backup API copies a consistent snapshot page by page, whatever the WAL holds.
PostgreSQL: pg_dump's custom format and pg_restore (Debian package postgresql-client).
Restoring never merges: a database that already holds a cooperative is refused, so a backup
cannot silently overwrite or double a ledger.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from coop.db import sqlite_path
from coop.domain.errors import Conflict, InvalidInput, NotFound
from coop.tables import Cooperative

COOPERATIVE = Cooperative._meta.tablename  # no cooperative in it: an empty database


async def backup(database_url: str, target: Path) -> None:
    """Write a consistent copy of the database to target, replacing it only once complete."""
    path = sqlite_path(database_url)
    if path is not None:
        await asyncio.to_thread(_sqlite_backup, Path(path), target)
        return
    with _written_whole(target) as partial:
        await _run_tool(
            "pg_dump", "--format=custom", "--no-owner", f"--file={partial}", url=database_url
        )


async def restore(database_url: str, source: Path) -> None:
    """Restore a backup into an empty database (no cooperative yet, or no database file)."""
    path = sqlite_path(database_url)
    if path is not None:
        await asyncio.to_thread(_sqlite_restore, source, Path(path))
        return
    if await _postgres_cooperatives(database_url) > 0:
        raise _not_empty(urlsplit(database_url).path.lstrip("/"))
    await _run_tool(
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        "--exit-on-error",
        str(source),
        url=database_url,
    )


def _sqlite_backup(source: Path, target: Path) -> None:
    if not source.is_file():
        raise NotFound("There is no database file at {path}.", code="no_database", path=source)
    with (
        _written_whole(target) as partial,
        closing(sqlite3.connect(source)) as live,
        closing(sqlite3.connect(partial)) as copy,
    ):
        live.backup(copy)


@contextmanager
def _written_whole(target: Path) -> Iterator[Path]:
    """A file beside target that replaces it only when everything was written into it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        yield partial
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)


def _sqlite_restore(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as backup:
        if _sqlite_cooperatives(backup) is None:
            raise InvalidInput("{path} is not a coop backup.", code="not_a_backup", path=source)
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(target, timeout=30)) as database:
            if _sqlite_holds_data(database):
                raise _not_empty(str(target))
            backup.backup(database)


def _sqlite_holds_data(connection: sqlite3.Connection) -> bool:
    """Empty means no tables at all, or coop's tables with no cooperative in them."""
    try:
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError:
        return True  # not a database: nothing to overwrite blindly
    if tables == 0:
        return False
    cooperatives = _sqlite_cooperatives(connection)
    return cooperatives is None or cooperatives > 0


def _sqlite_cooperatives(connection: sqlite3.Connection) -> int | None:
    """How many cooperatives the database holds; None when it has no coop tables at all."""
    try:
        return int(connection.execute(f"SELECT count(*) FROM {COOPERATIVE}").fetchone()[0])
    except sqlite3.DatabaseError:
        return None


async def _postgres_cooperatives(database_url: str) -> int:
    import asyncpg

    connection = await asyncpg.connect(database_url)
    try:
        if await connection.fetchval(f"SELECT to_regclass('public.{COOPERATIVE}')") is None:
            return 0
        return int(await connection.fetchval(f"SELECT count(*) FROM {COOPERATIVE}"))
    finally:
        await connection.close()


def _not_empty(database: str) -> Conflict:
    return Conflict(
        "The database {database} is not empty; restore only into an empty one.",
        code="database_not_empty",
        database=database,
    )


async def _run_tool(tool: str, *arguments: str, url: str) -> None:
    """Run pg_dump or pg_restore on the database at url; its password goes by environment."""
    if shutil.which(tool) is None:
        raise NotFound(
            "{tool} is not installed; install the Debian package postgresql-client.",
            code="tool_missing",
            tool=tool,
        )
    parts = urlsplit(url)
    environment = dict(os.environ)
    if parts.password:  # kept out of the command line, which every local user can read
        environment["PGPASSWORD"] = unquote(parts.password)
        url = urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", "@")))
    process = await asyncio.create_subprocess_exec(
        tool,
        *arguments,
        f"--dbname={url}",
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, errors = await process.communicate()
    if process.returncode != 0:
        raise InvalidInput(
            "{tool} failed: {detail}",
            code="tool_failed",
            tool=tool,
            detail=errors.decode(errors="replace").strip()[-2000:],
        )
