"""Rules the database keeps for orders: a channel's order number once per cooperative, one
column mapping per channel.

Unique rules are indexes, not constraints: SQLite cannot ALTER TABLE … ADD CONSTRAINT. An order
without a channel number (a sale at the picking garden) is not held to the rule.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-23T19:02:40:000000"
VERSION = "1.38.0"
DESCRIPTION = "orders: unique channel order numbers; one import mapping per channel"

UNIQUE_INDEXES = [
    """CREATE UNIQUE INDEX coop_order_channel_number
       ON coop_order (cooperative, channel, channel_order_no) WHERE channel_order_no <> ''""",
    "CREATE UNIQUE INDEX import_mapping_once ON import_mapping (cooperative, channel)",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def add_rules():
        from coop.tables import Order

        engine = Order._meta.db
        for statement in UNIQUE_INDEXES:
            await engine.run_ddl(statement)

    manager.add_raw(add_rules)
    return manager
