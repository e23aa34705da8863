"""Public pages: one scan-count row per lot, serial and day (flushed by upsert), one version row.

The unique triple is an index, not a constraint: SQLite cannot ALTER TABLE … ADD CONSTRAINT, and
INSERT … ON CONFLICT (lot_code, serial, day) needs it on both databases.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-23T18:51:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique scan counts per lot, serial and day; the content version row"

STATEMENTS = [
    "CREATE UNIQUE INDEX scan_count_once ON scan_count (lot_code, serial, day)",
    "INSERT INTO content_version (id, version) VALUES (1, 0)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def add_rules():
        from coop.tables import ScanCount

        for statement in STATEMENTS:
            await ScanCount._meta.db.run_ddl(statement)

    manager.add_raw(add_rules)
    return manager
