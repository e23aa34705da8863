"""A grade's code is unique per product; posted grade prices are append-only (their history).

An UPDATE of a posted price is refused by a trigger on either database: a new price is a new row.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-12-02T23:02:12:000000"
VERSION = "1.38.0"
DESCRIPTION = "grade codes unique per product; grade prices append-only"

BOTH = ["CREATE UNIQUE INDEX product_grade_code ON product_grade (product, code)"]
SQLITE = [
    """CREATE TRIGGER grade_price_append_only BEFORE UPDATE ON grade_price
       BEGIN SELECT RAISE(ABORT, 'grade prices are append-only'); END""",
]
POSTGRES = [
    """CREATE FUNCTION grade_price_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'grade prices are append-only'; END $$""",
    """CREATE TRIGGER grade_price_append_only BEFORE UPDATE ON grade_price
       FOR EACH ROW EXECUTE FUNCTION grade_price_append_only()""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def raw_steps():
        from coop.tables import GradePrice

        engine = GradePrice._meta.db
        for statement in BOTH + (SQLITE if isinstance(engine, SQLiteEngine) else POSTGRES):
            await engine.run_ddl(statement)

    manager.add_raw(raw_steps)
    return manager
