"""Rules the database keeps for processing: each lot once per batch, one live certification.

Unique rules are indexes, not constraints: SQLite cannot ALTER TABLE … ADD CONSTRAINT.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-23T18:49:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "processing: unique batch inputs; one certification in force per household"

UNIQUE_INDEXES = [
    "CREATE UNIQUE INDEX batch_input_once ON batch_input (batch, harvest_lot)",
    """CREATE UNIQUE INDEX processor_certification_in_force
       ON processor_certification (household) WHERE lapsed_on IS NULL""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def add_rules():
        from coop.tables import BatchInput

        engine = BatchInput._meta.db
        for statement in UNIQUE_INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(add_rules)
    return manager
