"""A payout run has one line per household: a unique index (SQLite cannot ADD CONSTRAINT)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T23:01:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "one payout run line per household"

INDEXES = [
    "CREATE UNIQUE INDEX payout_run_line_once ON payout_run_line (run, household)",
    "CREATE INDEX payout_run_change_household ON payout_run_change (run, household)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def raw_steps():
        from coop.tables import PayoutRunLine

        engine = PayoutRunLine._meta.db
        for statement in INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(raw_steps)
    return manager
