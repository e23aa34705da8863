"""Database engines from a URL, and the one way services open a write transaction.

SQLite (the default, coop.db.sqlite) gets WAL, a busy timeout, IMMEDIATE write transactions and
persistent connections used on the event loop's thread; PostgreSQL (coop.db.postgres) gets an
asyncpg pool opened in the app's lifespan, releasing connections without a round trip. `sql()` and
`insert()` run hand-written SQL straight on either driver, for hot paths. Every difference between
the two databases that services need is answered here, never by a service asking which one it is.
"""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, Literal
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.query import Select
from piccolo.table import Table

from coop.db import postgres, sqlite
from coop.db.postgres import PooledPostgresEngine
from coop.db.sqlite import PooledSQLiteEngine

__all__ = [
    "Dialect",
    "PooledPostgresEngine",
    "PooledSQLiteEngine",
    "bind",
    "bound",
    "dialect",
    "engine_for",
    "insert",
    "is_unique_violation",
    "local_day",
    "lock_rows",
    "migrate",
    "serialize",
    "sql",
    "sqlite_file",
    "sqlite_path",
    "write",
]

Dialect = Literal["sqlite", "postgres"]


def engine_for(url: str) -> Engine:
    """sqlite:///relative/path, sqlite:////absolute/path or postgresql://user@host:port/db."""
    path = sqlite_path(url)
    if path is not None:
        return PooledSQLiteEngine(path=path)
    if urlsplit(url).scheme in {"postgres", "postgresql"}:
        return PooledPostgresEngine(config={"dsn": url}, log_queries=False)
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
    from piccolo.apps.migrations.commands.forwards import run_forwards
    from piccolo.conf.apps import Finder

    os.environ.setdefault("PICCOLO_CONF", "coop.piccolo_conf")  # where Piccolo's finder looks
    # Piccolo's migrations ask its configuration module for the engine: point it at this one
    conf = Finder().get_piccolo_conf_module()
    if conf is None:
        raise RuntimeError(f"Piccolo cannot import {os.environ['PICCOLO_CONF']}")
    conf.DB = engine
    bind(engine)
    result = await run_forwards(app_name="all")
    if not result.success:
        raise RuntimeError(f"migrations failed: {result.message}")


def bound() -> Engine:
    if _bound is None:
        raise RuntimeError("no database bound: call coop.db.bind(engine) first")
    return _bound


def dialect(engine: Engine | None = None) -> Dialect:
    """Which of the two databases this engine (by default the bound one) speaks."""
    engine = engine or bound()
    return "sqlite" if isinstance(engine, SQLiteEngine) else "postgres"


def sqlite_file(engine: Engine | None = None) -> str | None:
    """The file of a SQLite engine, for a reader of its own (a sqlite3 connection needs no loop
    hop); None on PostgreSQL."""
    engine = engine or bound()
    return engine.path if isinstance(engine, SQLiteEngine) else None


async def sql(query: str, *args: Any, engine: Engine | None = None) -> list[dict[str, Any]]:
    """Hand-written SQL with {} placeholders, for hot paths: Piccolo builds a join in ~1 ms, and
    its QueryString costs ~30 µs a query, so this goes straight to the driver."""
    engine = engine or bound()
    if isinstance(engine, PooledSQLiteEngine):
        return await engine.fetch(sqlite.questioned(query), args)
    assert isinstance(engine, PooledPostgresEngine), engine  # engine_for() makes one of the two
    return await engine.fetch(postgres.numbered(query), args)


async def insert(table: type[Table], **values: Any) -> int:
    """INSERT ... RETURNING id without a Table object (Piccolo spends ~0.5 ms making one)."""
    rows = await sql(_insert_sql(table._meta.tablename, tuple(values)), *values.values())
    return int(rows[0]["id"])


@functools.cache
def _insert_sql(tablename: str, names: tuple[str, ...]) -> str:
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("{}" for _ in names)
    return f'INSERT INTO "{tablename}" ({columns}) VALUES ({marks}) RETURNING "id"'


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
        await postgres.serialize(engine, key)


async def lock_rows(query: Select) -> None:
    """Inside write(): the rows this query finds stay locked until commit, so two writers of one
    row queue. PostgreSQL locks them (SELECT ... FOR UPDATE); SQLite's IMMEDIATE transaction
    already holds the only write lock, so the query is not run there."""
    if not isinstance(bound(), SQLiteEngine):
        await query.lock_rows()


def local_day(column: str, zone: ZoneInfo, dialect: Dialect) -> str:
    """SQL for the calendar day in `zone` of a UTC timestamp column. SQLite knows no time zones,
    so the zone must keep one offset all year (China has kept UTC+8, no DST, since 1991)."""
    if dialect == "sqlite":
        winter, summer = (datetime(2026, month, 1, tzinfo=zone).utcoffset() for month in (1, 7))
        if winter != summer or winter is None or winter.seconds % 3600:
            raise ValueError(f"{zone.key} changes its offset: SQLite cannot name its days")
        hours = winter.days * 24 + winter.seconds // 3600
        return f"date({column}, '{hours:+d} hours')"
    return f"({column} AT TIME ZONE '{zone.key}')::date"


def is_unique_violation(error: BaseException) -> bool:
    """Both drivers' way of saying a unique constraint refused the row."""
    return sqlite.is_unique_violation(error) or postgres.is_unique_violation(error)
