"""Database engines from a URL, and the one way services open a write transaction.

SQLite (the default) gets WAL, a busy timeout, IMMEDIATE write transactions and persistent
connections; PostgreSQL gets an asyncpg pool opened in the app's lifespan (DESIGN.md: traps).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import aiosqlite
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory
from piccolo.querystring import QueryString
from piccolo.table import Table

BUSY_TIMEOUT_S = 30
SQLITE_CONNECTIONS = 8


class PooledSQLiteTransaction(SQLiteTransaction):
    """A transaction on a borrowed connection; IMMEDIATE ones also take the process's write lock."""

    engine: PooledSQLiteEngine

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is None and self.transaction_type != TransactionType.deferred:
            await self.engine.write_lock.acquire()
            try:
                return await super().__aenter__()
            except BaseException:
                self.engine.write_lock.release()
                raise
        return await super().__aenter__()

    async def get_connection(self) -> aiosqlite.Connection:
        return await self.engine.borrow()

    async def __aexit__(self, exception_type, exception, traceback) -> bool:
        if self._parent:
            return exception is None
        try:
            if exception:
                if not self._rolled_back:
                    await self.rollback()
            elif not self._committed and not self._rolled_back:
                await self.commit()
        finally:
            self.engine.give_back(self.connection)
            self.engine.current_transaction.reset(self.context)
            if self.transaction_type != TransactionType.deferred:
                self.engine.write_lock.release()
        return exception is None


class PooledSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine opens a connection per query (~1.2 ms); this one keeps them open."""

    def __init__(self, path: str, size: int = SQLITE_CONNECTIONS) -> None:
        super().__init__(path=path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        self._idle: list[aiosqlite.Connection] = []
        self._size = size
        self._slots: asyncio.Semaphore | None = None
        self._write_lock: asyncio.Lock | None = None

    @property
    def write_lock(self) -> asyncio.Lock:
        if self._write_lock is None:
            self._write_lock = asyncio.Lock()
        return self._write_lock

    async def _connect(self) -> aiosqlite.Connection:
        connection = await aiosqlite.connect(**self.connection_kwargs)
        connection.row_factory = dict_factory  # type: ignore[assignment]
        await connection.execute("PRAGMA journal_mode = WAL")
        await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
        await connection.execute("PRAGMA synchronous = NORMAL")
        await connection.execute("PRAGMA foreign_keys = 1")
        return connection

    async def borrow(self) -> aiosqlite.Connection:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._size)
        await self._slots.acquire()
        try:
            return self._idle.pop() if self._idle else await self._connect()
        except BaseException:
            self._slots.release()
            raise

    def give_back(self, connection: aiosqlite.Connection) -> None:
        if connection.in_transaction:  # a cancelled task left it mid-way: do not reuse it
            asyncio.ensure_future(connection.close())
        else:
            self._idle.append(connection)
        assert self._slots is not None
        self._slots.release()

    async def get_connection(self) -> aiosqlite.Connection:
        return await self.borrow()

    async def start_connection_pool(self, **kwargs: Any) -> None:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.give_back(await self.borrow())  # sets WAL on the file before the first request

    async def close_connection_pool(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            await connection.close()

    async def _run_in_new_connection(
        self, query: str, args: list[Any] | None = None, query_type: str = "generic", table=None
    ):
        connection = await self.borrow()
        try:
            async with connection.execute(query, args or []) as cursor:
                return await cursor.fetchall()
        finally:
            self.give_back(connection)

    async def _run_in_existing_connection(
        self, connection, query: str, args=None, query_type: str = "generic", table=None
    ):
        async with connection.execute(query, args or []) as cursor:
            return await cursor.fetchall()

    def transaction(
        self,
        transaction_type: TransactionType = TransactionType.deferred,
        allow_nested: bool = True,
    ) -> PooledSQLiteTransaction:
        return PooledSQLiteTransaction(
            engine=self, transaction_type=transaction_type, allow_nested=allow_nested
        )

    def remove_db_file(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(self.path + suffix).unlink(missing_ok=True)


def engine_for(url: str) -> Engine:
    """sqlite:///relative/path, sqlite:////absolute/path or postgresql://user@host:port/db."""
    path = sqlite_path(url)
    if path is not None:
        return PooledSQLiteEngine(path=path)
    if urlsplit(url).scheme in {"postgres", "postgresql"}:
        return PostgresEngine(config={"dsn": url}, log_queries=False)
    raise ValueError(f"COOP_DATABASE_URL must start with sqlite:// or postgresql://, not {url!r}")


def sqlite_path(url: str) -> str | None:
    """The file of a sqlite:// URL (relative, or absolute with four slashes); None for others."""
    parts = urlsplit(url)
    if parts.scheme != "sqlite":
        return None
    path = unquote(parts.path)[1:] if parts.path.startswith("/") else unquote(parts.path)
    if not path:
        raise ValueError(f"COOP_DATABASE_URL has no file path: {url!r}")
    return path


_bound: Engine | None = None


def bind(engine: Engine) -> Engine:
    """Point every coop table (and Piccolo's migration table) at this engine."""
    global _bound
    from piccolo.apps.migrations.tables import Migration

    from coop.tables import ALL_TABLES

    tables: tuple[type[Table], ...] = (*ALL_TABLES, Migration)
    for table in tables:
        table._meta.db = engine
    _bound = engine
    return engine


async def migrate(engine: Engine) -> None:
    """Run Piccolo's migrations forwards: the same schema on SQLite and on PostgreSQL."""
    import os

    from piccolo.apps.migrations.commands.forwards import run_forwards

    from coop import piccolo_conf

    os.environ.setdefault("PICCOLO_CONF", "coop.piccolo_conf")  # where Piccolo's finder looks
    piccolo_conf.DB = engine
    bind(engine)
    result = await run_forwards(app_name="all")
    if not result.success:
        raise RuntimeError(f"migrations failed: {result.message}")


def bound() -> Engine:
    if _bound is None:
        raise RuntimeError("no database bound: call coop.db.bind(engine) first")
    return _bound


@asynccontextmanager
async def write() -> AsyncIterator[None]:
    """A write transaction: IMMEDIATE on SQLite (deferred ones fail with 'database is locked')."""
    engine = bound()
    if isinstance(engine, SQLiteEngine):
        async with engine.transaction(transaction_type=TransactionType.immediate):
            yield
    else:
        async with engine.transaction():
            yield


async def serialize(key: str) -> None:
    """Inside write(): transactions naming the same key run one after another until commit.

    SQLite's IMMEDIATE transactions already run one at a time; PostgreSQL takes an advisory lock.
    """
    engine = bound()
    if isinstance(engine, PostgresEngine):
        await engine.run_querystring(QueryString("SELECT pg_advisory_xact_lock(hashtext({}))", key))


def is_unique_violation(error: BaseException) -> bool:
    """Both drivers' way of saying a unique constraint refused the row."""
    if isinstance(error, sqlite3.IntegrityError):
        return "UNIQUE" in str(error)
    try:
        import asyncpg
    except ImportError:  # pragma: no cover
        return False
    return isinstance(error, asyncpg.UniqueViolationError)
