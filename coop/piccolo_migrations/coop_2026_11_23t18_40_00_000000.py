"""Rules the database keeps itself: unique codes per cooperative, and an append-only ledger.

Unique pairs are indexes, not constraints: SQLite cannot ALTER TABLE … ADD CONSTRAINT.
Ledger entries are never updated or deleted: triggers refuse both.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-11-23T18:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique codes per cooperative; append-only ledger"

UNIQUE_INDEXES = [
    "CREATE UNIQUE INDEX household_code ON household (cooperative, code)",
    "CREATE UNIQUE INDEX product_code ON product (cooperative, code)",
    'CREATE UNIQUE INDEX idempotency_key_once ON idempotency_key ("user", scope, key)',
]

SQLITE = [
    """CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END""",
    """CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END""",
]

POSTGRES = [
    """CREATE FUNCTION ledger_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'ledger entries are append-only'; END $$""",
    """CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON ledger_entry
       FOR EACH ROW EXECUTE FUNCTION ledger_entry_append_only()""",
    """CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON ledger_entry
       FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_append_only()""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def add_rules():
        from coop.tables import LedgerEntry

        engine = LedgerEntry._meta.db
        triggers = SQLITE if isinstance(engine, SQLiteEngine) else POSTGRES
        for statement in UNIQUE_INDEXES + triggers:
            await engine.run_ddl(statement)

    manager.add_raw(add_rules)
    return manager
