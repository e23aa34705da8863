"""`coop backup` then `coop restore` into an empty database gives the same ledger."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import asyncpg
import pytest
from conftest import missing, run_coop
from support_postgres import scratch_postgres

from coop.domain.errors import NotFound
from coop.services.backup import backup

LEDGER_BY_HOUSEHOLD = """
    SELECT h.code, count(*), sum(e.amount_fen)
    FROM ledger_entry e JOIN household h ON h.id = e.household
    GROUP BY h.code ORDER BY h.code
"""


def sqlite_ledger(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return [tuple(row) for row in connection.execute(LEDGER_BY_HOUSEHOLD)]


def ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def sqlite_demo(tmp_path) -> Path:
    """A demo cooperative in a fresh SQLite file, made by the CLI."""
    path = tmp_path / "live.sqlite3"
    url = f"sqlite:///{path}"
    ok(run_coop("migrate", database_url=url, var_dir=str(tmp_path)))
    ok(run_coop("demo", database_url=url, var_dir=str(tmp_path)))
    return path


def test_backup_then_restore_into_an_empty_sqlite_file_gives_the_same_ledger(sqlite_demo, tmp_path):
    live = sqlite_demo
    ledger = sqlite_ledger(live)
    assert len(ledger) == 8 and sum(total for _, _, total in ledger) > 0

    copy = tmp_path / "backups" / "coop-backup.sqlite3"
    ok(run_coop("backup", str(copy), database_url=f"sqlite:///{live}", var_dir=str(tmp_path)))
    fresh = tmp_path / "restored" / "coop.sqlite3"  # no file yet: the emptiest database
    ok(run_coop("restore", str(copy), database_url=f"sqlite:///{fresh}", var_dir=str(tmp_path)))

    assert sqlite_ledger(fresh) == ledger


def test_restore_into_a_migrated_but_empty_sqlite_database_is_allowed(sqlite_demo, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    ok(
        run_coop(
            "backup", str(copy), database_url=f"sqlite:///{sqlite_demo}", var_dir=str(tmp_path)
        )
    )
    empty = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    ok(run_coop("migrate", database_url=empty, var_dir=str(tmp_path)))
    ok(run_coop("restore", str(copy), database_url=empty, var_dir=str(tmp_path)))
    assert sqlite_ledger(tmp_path / "empty.sqlite3") == sqlite_ledger(sqlite_demo)


def test_restore_into_a_database_that_holds_a_cooperative_is_refused_and_changes_nothing(
    sqlite_demo, tmp_path
):
    copy = tmp_path / "copy.sqlite3"
    url = f"sqlite:///{sqlite_demo}"
    ok(run_coop("backup", str(copy), database_url=url, var_dir=str(tmp_path)))
    before = sqlite_ledger(sqlite_demo)

    refused = run_coop("restore", str(copy), database_url=url, var_dir=str(tmp_path))

    assert refused.returncode != 0
    assert "is not empty" in refused.stderr
    assert sqlite_ledger(sqlite_demo) == before


def test_restore_never_overwrites_a_file_that_holds_something_else(sqlite_demo, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    ok(
        run_coop(
            "backup", str(copy), database_url=f"sqlite:///{sqlite_demo}", var_dir=str(tmp_path)
        )
    )
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as connection, connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.execute("INSERT INTO notes VALUES ('not coop data')")

    refused = run_coop("restore", str(copy), database_url=f"sqlite:///{other}", var_dir="var")

    assert refused.returncode != 0 and "is not empty" in refused.stderr
    with closing(sqlite3.connect(other)) as connection:
        assert connection.execute("SELECT text FROM notes").fetchall() == [("not coop data",)]


def test_backup_of_a_missing_sqlite_file_fails_clearly_and_creates_nothing(tmp_path):
    missing_file = tmp_path / "nowhere.sqlite3"
    failed = run_coop(
        "backup",
        str(tmp_path / "b.sqlite3"),
        database_url=f"sqlite:///{missing_file}",
        var_dir=str(tmp_path),
    )
    assert failed.returncode != 0 and "no database file" in failed.stderr
    assert not missing_file.exists() and not (tmp_path / "b.sqlite3").exists()


def test_restoring_something_that_is_not_a_backup_is_refused(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("raspberries 12.5 kg")
    failed = run_coop(
        "restore", str(junk), database_url=f"sqlite:///{tmp_path / 'r.sqlite3'}", var_dir="var"
    )
    assert failed.returncode != 0 and "not a coop backup" in failed.stderr


async def test_a_sqlite_backup_taken_while_the_app_writes_is_consistent(sqlite_demo, tmp_path):
    """The online backup API copies one moment: every lot in a copy has its credit, and back."""
    writer = sqlite3.connect(sqlite_demo, check_same_thread=False, timeout=30)
    stop = asyncio.Event()
    written = 0

    def weigh_in_again() -> None:
        """A lot and its credit in one transaction, as a weigh-in writes them."""
        nonlocal written
        with writer:
            lot = copy_row(writer, "harvest_lot", code=f"TEST{written:06d}")
            credit = writer.execute(
                "SELECT id FROM ledger_entry WHERE source_type = 'harvest_lot' LIMIT 1"
            ).fetchone()[0]
            copy_row(writer, "ledger_entry", where=f"id = {credit}", source_id=lot)
        written += 1

    async def keep_writing() -> None:
        while not stop.is_set():
            await asyncio.to_thread(weigh_in_again)

    task = asyncio.create_task(keep_writing())
    copies = [tmp_path / f"copy{n}.sqlite3" for n in range(5)]
    try:
        for copy in copies:
            await backup(f"sqlite:///{sqlite_demo}", copy)
    finally:
        stop.set()
        await task
        writer.close()
    assert written > 0
    for copy in copies:
        with closing(sqlite3.connect(copy)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            lots, credits = connection.execute(
                "SELECT (SELECT count(*) FROM harvest_lot),"
                " (SELECT count(*) FROM ledger_entry WHERE source_type = 'harvest_lot')"
            ).fetchone()
        assert lots == credits


def copy_row(connection: sqlite3.Connection, table: str, where: str = "1", **values: object) -> int:
    """Insert a copy of a row with some columns replaced; returns the new row's id."""
    columns = [c[1] for c in connection.execute(f"PRAGMA table_info({table})") if c[1] != "id"]
    chosen = ", ".join("?" if c in values else c for c in columns)
    parameters = [values[c] for c in columns if c in values]
    connection.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {chosen} FROM {table}"
        f" WHERE {where} LIMIT 1",
        parameters,
    )
    return int(connection.execute("SELECT last_insert_rowid()").fetchone()[0])


async def test_backup_then_restore_on_postgresql_gives_the_same_ledger(tmp_path):
    url = os.environ.get("COOP_TEST_POSTGRES_URL")
    if not url:
        missing("PostgreSQL (COOP_TEST_POSTGRES_URL)")
    async with (
        scratch_postgres(url, "_backup_live") as live,
        scratch_postgres(url, "_backup_restored") as restored,
    ):
        ok(run_coop("migrate", database_url=live, var_dir=str(tmp_path)))
        ok(run_coop("demo", database_url=live, var_dir=str(tmp_path)))
        dump = tmp_path / "coop.dump"
        ok(run_coop("backup", str(dump), database_url=live, var_dir=str(tmp_path)))
        ok(run_coop("restore", str(dump), database_url=restored, var_dir=str(tmp_path)))
        assert await postgres_ledger(restored) == await postgres_ledger(live)

        refused = run_coop("restore", str(dump), database_url=live, var_dir=str(tmp_path))
        assert refused.returncode != 0 and "is not empty" in refused.stderr
        assert len(await postgres_ledger(live)) == 8


async def postgres_ledger(url: str) -> list[tuple]:
    connection = await asyncpg.connect(url)
    try:
        return [tuple(row) for row in await connection.fetch(LEDGER_BY_HOUSEHOLD)]
    finally:
        await connection.close()


async def test_without_the_postgresql_tools_backup_says_which_package_to_install(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump anywhere on it
    with pytest.raises(NotFound) as refused:
        await backup("postgresql://coop@127.0.0.1:5432/coop", tmp_path / "coop.dump")
    assert str(refused.value) == (
        "pg_dump is not installed; install the Debian package postgresql-client."
    )
    assert not (tmp_path / "coop.dump").exists()
