"""One hold: a harvest lot's public page shows its own status, so `public_status` goes.

A lot held or recalled only on its public page becomes held or recalled itself first, so that
processing, orders and labels refuse it too; nothing buyers were told is taken back. Piccolo runs
a migration's raw steps before it drops columns.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-23T21:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "harvest lots: the public page shows the lot's own status"

CARRY_OVER = [
    """UPDATE harvest_lot SET status = 'held'
       WHERE public_status = 'held' AND status = 'open'""",
    """UPDATE harvest_lot SET status = 'recalled'
       WHERE public_status = 'recalled' AND status IN ('open', 'held')""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def carry_over():
        from coop.tables import HarvestLot

        for statement in CARRY_OVER:
            await HarvestLot._meta.db.run_ddl(statement)

    manager.add_raw(carry_over)
    manager.drop_column(
        table_class_name="HarvestLot",
        tablename="harvest_lot",
        column_name="public_status",
        db_column_name="public_status",
        schema=None,
    )
    return manager
