"""One version number for everything public pages show, so every worker's cache agrees.

Database triggers move the version in the same transaction as any change a public page shows (a
hold, a recall, a correction, a consent, an edit in the back office): see the migration
"content version moved by triggers". A worker reads the version before it serves from its cache.
"""

from __future__ import annotations

import asyncio
import sqlite3

from piccolo.engine.base import Engine

from coop.db import sql, sqlite_file
from coop.tables import ContentVersion

READ = f"SELECT version FROM {ContentVersion._meta.tablename} WHERE id = 1"


async def read_version(engine: Engine | None = None) -> int:
    """The tiny indexed read, straight on the driver (skipping Piccolo's query builder)."""
    rows = await sql(READ, engine=engine)
    return int(rows[0]["version"]) if rows else 0


class VersionWatch:
    """Reads the version once per group of waiting requests, always after each one arrived.

    A request never uses a read that started before it arrived, so a change committed before the
    request was sent is always seen ("the very next request"); under load one read serves many.
    On SQLite the read is a few microseconds on a connection of its own, without a thread hop.
    """

    def __init__(self, engine: Engine | None = None) -> None:
        self._engine = engine
        self._waiting: asyncio.Future[int] | None = None
        self._reading = False
        self._sqlite: sqlite3.Connection | None = None

    def _read_sqlite(self, path: str) -> int:
        if self._sqlite is None:
            self._sqlite = sqlite3.connect(path, timeout=1, check_same_thread=False)
        return int(self._sqlite.execute(READ).fetchone()[0])

    async def current(self) -> int:
        path = sqlite_file(self._engine)
        if path is not None:
            return self._read_sqlite(path)
        if self._waiting is None:
            self._waiting = asyncio.get_running_loop().create_future()
        waiting = self._waiting
        if not self._reading:
            self._reading = True
            asyncio.ensure_future(self._read_for_waiting())
        return await asyncio.shield(waiting)

    async def _read_for_waiting(self) -> None:
        try:
            while self._waiting is not None:
                group, self._waiting = self._waiting, None
                try:
                    group.set_result(await read_version(self._engine))
                except Exception as error:
                    group.set_exception(error)
        finally:
            self._reading = False
