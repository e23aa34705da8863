"""A text message is written once per cause: unique (cause_type, cause_key, household).

An index, not a constraint: SQLite cannot ALTER TABLE ... ADD CONSTRAINT. The sender finds the
rows that are due through the second index.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-02T19:17:45:000000"
VERSION = "1.38.0"
DESCRIPTION = "text messages once per cause"

INDEXES = [
    "CREATE UNIQUE INDEX out_message_cause ON out_message (cause_type, cause_key, household)",
    "CREATE INDEX out_message_due ON out_message (state, next_attempt_at)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def once_per_cause():
        from coop.tables import OutMessage

        for statement in INDEXES:
            await OutMessage._meta.db.run_ddl(statement)

    manager.add_raw(once_per_cause)
    return manager
