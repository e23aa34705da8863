"""PostgreSQL: the income totals' triggers run at commit, so their rows stay locked only then.

Every weigh-in of a day adds to the same income_day row (and a household's to its income_total
row). A row trigger fired at the INSERT kept that row locked until COMMIT, through the rest of the
transaction's statements, so concurrent weigh-ins queued on it (measured: half the pool's
connections waiting on the lock, weigh-ins at 6% of a bare POST). As deferred constraint triggers
the same functions add the same amounts in the same transaction, at COMMIT. SQLite runs one write
transaction at a time and keeps its triggers.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-23T22:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "PostgreSQL: income totals' triggers deferred to commit"

AT_COMMIT = [
    "DROP TRIGGER ledger_entry_totals ON ledger_entry",
    """CREATE CONSTRAINT TRIGGER ledger_entry_totals AFTER INSERT ON ledger_entry
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_entry_totals()""",
    "DROP TRIGGER harvest_lot_weight ON harvest_lot",
    """CREATE CONSTRAINT TRIGGER harvest_lot_weight AFTER INSERT OR UPDATE OF status ON harvest_lot
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION harvest_lot_weight()""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def defer_totals():
        from coop.tables import LedgerEntry

        engine = LedgerEntry._meta.db
        if isinstance(engine, PostgresEngine):
            for statement in AT_COMMIT:
                await engine.run_ddl(statement)

    manager.add_raw(defer_totals)
    return manager
