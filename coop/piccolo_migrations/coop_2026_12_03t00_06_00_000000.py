"""An order keeps the buyer's note (买家留言) a shop's export carries, for packing."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-12-03T00:06:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "orders keep the buyer's note"

STATEMENT = "ALTER TABLE coop_order ADD COLUMN buyer_note VARCHAR(200) NOT NULL DEFAULT ''"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def buyer_note():
        from coop.tables import Order

        await Order._meta.db.run_ddl(STATEMENT)

    manager.add_raw(buyer_note)
    return manager
