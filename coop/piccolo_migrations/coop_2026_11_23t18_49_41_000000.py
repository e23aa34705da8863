"""Members' accounts, kept by the database: one surplus return per season; indexes for the review.

A raw migration of its own because Piccolo runs a migration's raw steps before it creates that
migration's tables. Unique pairs are indexes (SQLite cannot ADD CONSTRAINT). The ledger indexes let
the income review aggregate in the index alone (GROUP BY household, kind per season).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager

ID = "2026-11-23T18:49:41:000000"
VERSION = "1.38.0"
DESCRIPTION = "one surplus return per season; income review indexes"

STATEMENTS = [
    "CREATE UNIQUE INDEX surplus_return_once ON surplus_return (cooperative, season)",
    """CREATE INDEX ledger_entry_village
       ON ledger_entry (cooperative, season, household, kind, amount_fen, created_at)""",
    """CREATE INDEX ledger_entry_household_season
       ON ledger_entry (household, season, kind, amount_fen, created_at)""",
    """CREATE INDEX ledger_entry_reversal ON ledger_entry (cooperative, season, household)
       WHERE kind = 'reversal'""",
    """CREATE INDEX harvest_lot_village
       ON harvest_lot (cooperative, season, household, status, weight_g)""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def add_indexes():
        from coop.tables import LedgerEntry

        for statement in STATEMENTS:
            await LedgerEntry._meta.db.run_ddl(statement)

    manager.add_raw(add_indexes)
    return manager
