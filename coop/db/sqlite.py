"""SQLite for a village server: persistent connections on the event loop's thread, WAL, IMMEDIATE
write transactions behind one write lock, and WAL checkpoints off the loop."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory

BUSY_TIMEOUT_S = 30
SQLITE_CONNECTIONS = 8
# statements run without the write lock: reads, and those SQLite refuses inside a transaction
_NO_WRITE_LOCK = frozenset({"SELECT", "PRAGMA", "VACUUM"})
CHECKPOINT_EVERY = 200  # write transactions between WAL checkpoints (~1000 pages of WAL)


class Connection:
    """A sqlite3 connection used on the event loop's own thread (why: see PooledSQLiteEngine)."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw

    @property
    def in_transaction(self) -> bool:
        return self.raw.in_transaction

    async def execute(self, query: str, args: Any = ()) -> sqlite3.Cursor:
        return self.raw.execute(query, args)

    async def begin_immediate(self) -> None:
        """Take SQLite's write lock; while another process holds it, poll (never block the loop)."""
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                self.raw.execute("BEGIN IMMEDIATE")  # on the writer, busy_timeout 0: fails at once
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
            await asyncio.sleep(0.002)

    async def close(self) -> None:
        self.raw.close()


class PooledSQLiteTransaction(SQLiteTransaction):
    """A transaction on a borrowed connection; IMMEDIATE ones also take the process's write lock."""

    engine: PooledSQLiteEngine
    connection: Connection

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        immediate = self.transaction_type != TransactionType.deferred
        if immediate:
            await self.engine.write_lock.acquire()
        try:
            self.connection = self.engine.writer() if immediate else await self.engine.borrow()
            try:
                await (self.connection.begin_immediate() if immediate else self.begin())
            except BaseException:
                self.engine.give_back(self.connection)
                raise
        except BaseException:
            if immediate:
                self.engine.write_lock.release()
            raise
        self.context = self.engine.current_transaction.set(self)
        return self

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
                self.engine.wrote()
        return exception is None


class PooledSQLiteEngine(SQLiteEngine):
    """Persistent connections (Piccolo's engine opens one per query, ~1.2 ms), used on the loop.

    Statements run on the event loop's thread: on a local file they take microseconds, while an
    aiosqlite thread hop took ~0.1 ms plus GIL waits and, inside a write transaction, let the
    other requests run between statements while the write lock was held (measured: weigh-ins at
    ~2% of the bare rate). In WAL mode readers never wait for writers; the one wait, for the
    write lock, is polled (Connection.begin_immediate). Writes outside a transaction take the
    write lock too, so an inline statement never waits for this process's own lock.
    """

    def __init__(self, path: str, size: int = SQLITE_CONNECTIONS) -> None:
        super().__init__(path=path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        # Piccolo registers a Python converter for INTEGER (int(Decimal(text)), for stray floats),
        # so sqlite3 fetched every integer as text and parsed it back, ~13% of a weigh-in's CPU;
        # coop stores only integers there (no float near money or weight), which need none.
        sqlite3.converters.pop("INTEGER", None)
        self._idle: list[Connection] = []
        self._size = size
        self._slots: asyncio.Semaphore | None = None
        self._write_lock: asyncio.Lock | None = None
        self._writer: Connection | None = None
        self._writes = 0
        self._checkpointing: asyncio.Future | None = None

    @property
    def write_lock(self) -> asyncio.Lock:
        if self._write_lock is None:
            self._write_lock = asyncio.Lock()
        return self._write_lock

    def _connect(self, busy_timeout_s: int = BUSY_TIMEOUT_S) -> Connection:
        raw = sqlite3.connect(**{**self.connection_kwargs, "timeout": busy_timeout_s})
        raw.row_factory = dict_factory
        # one round trip for the settings every connection needs (a script returns no rows)
        raw.executescript(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = 1;"
        )
        return Connection(raw)

    def writer(self) -> Connection:
        """The one connection for IMMEDIATE transactions, which write_lock serialises anyway.

        busy_timeout 0: begin_immediate polls for the lock, and once it is held no statement of a
        WAL write transaction waits, so nothing blocks the loop and no PRAGMA runs per write.
        """
        if self._writer is None:
            self._writer = self._connect(busy_timeout_s=0)
            self._writer.raw.execute("PRAGMA wal_autocheckpoint = 0")  # see wrote()
        return self._writer

    def wrote(self) -> None:
        """Every CHECKPOINT_EVERY writes, checkpoint the WAL in a thread: SQLite's automatic one
        runs inside a commit, on the loop's thread, with the fsyncs synchronous=NORMAL defers."""
        self._writes += 1
        if self._writes % CHECKPOINT_EVERY == 0 and self._checkpointing is None:
            self._checkpointing = asyncio.ensure_future(asyncio.to_thread(self._checkpoint))
            self._checkpointing.add_done_callback(lambda _: setattr(self, "_checkpointing", None))

    def _checkpoint(self) -> None:
        """PASSIVE: never waits for the writer; what it cannot copy now, the next one will."""
        try:
            with closing(sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)) as connection:
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.Error:  # the file went away (tests), or it is busy: try again later
            pass

    async def borrow(self) -> Connection:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._size)
        await self._slots.acquire()
        try:
            return self._idle.pop() if self._idle else self._connect()
        except BaseException:
            self._slots.release()
            raise

    def give_back(self, connection: Connection) -> None:
        broken = connection.in_transaction  # a failed rollback left it mid-way: do not reuse it
        if broken:
            connection.raw.close()
        if connection is self._writer:
            self._writer = None if broken else connection
            return
        if not broken:
            self._idle.append(connection)
        assert self._slots is not None
        self._slots.release()

    async def get_connection(self) -> Connection:  # type: ignore[override]
        return await self.borrow()

    async def start_connection_pool(self, **kwargs: Any) -> None:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.give_back(await self.borrow())  # sets WAL on the file before the first request

    async def close_connection_pool(self) -> None:
        idle, self._idle = self._idle, []
        if self._writer is not None:
            idle.append(self._writer)
            self._writer = None
        for connection in idle:
            connection.raw.close()

    async def fetch(self, query: str, args: Sequence[Any]) -> list[dict[str, Any]]:
        """A statement with ? placeholders, in the current transaction if there is one."""
        transaction = self.current_transaction.get()
        if transaction is not None:
            return await self._run_in_existing_connection(transaction.connection, query, args)
        return await self._run_in_new_connection(query, args)

    async def _run_in_new_connection(
        self, query: str, args: Sequence[Any] | None = None, query_type: str = "generic", table=None
    ):
        if query_type != "select" and query.lstrip()[:6].upper() not in _NO_WRITE_LOCK:
            async with self.transaction(TransactionType.immediate) as transaction:
                return await self._run_in_existing_connection(transaction.connection, query, args)
        if not self.write_lock.locked():  # read on the writer: SQLite empties a connection's page
            try:  # cache whenever another connection has written, so the writer's is the warm one
                return self.writer().raw.execute(query, args or []).fetchall()
            except sqlite3.OperationalError as error:  # busy, rare for a WAL reader: wait below
                if "locked" not in str(error):
                    raise
        connection = await self.borrow()
        try:
            return connection.raw.execute(query, args or []).fetchall()
        finally:
            self.give_back(connection)

    async def _run_in_existing_connection(
        self, connection, query: str, args=None, query_type: str = "generic", table=None
    ):
        return connection.raw.execute(query, args or []).fetchall()

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


def questioned(query: str) -> str:
    """{} placeholders as sqlite3's ?."""
    return query.replace("{}", "?")


def is_unique_violation(error: BaseException) -> bool:
    return isinstance(error, sqlite3.IntegrityError) and "UNIQUE" in str(error)
