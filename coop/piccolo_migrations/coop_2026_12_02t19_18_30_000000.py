"""Certificates are append-only; existing lots get their picking day.

An UPDATE of a certificate is refused by a trigger on either database (a correction issues a
replacement that points at the one it replaces). A public page shows a certificate, so deleting
one (the purge after the retention) moves the content version like the tables of migration
2026-12-02T18:45; a new certificate fires nothing, as a new lot fires nothing. Existing lots get
their picking day from the China day they were weighed.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-12-02T19:18:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "certificates append-only; lots' picking day from the day weighed"

SQLITE = [
    "UPDATE harvest_lot SET picked_on = date(weighed_at, '+8 hours') WHERE picked_on IS NULL",
    """CREATE TRIGGER certificate_append_only BEFORE UPDATE ON certificate
       BEGIN SELECT RAISE(ABORT, 'certificates are append-only'); END""",
    """CREATE TRIGGER certificate_content_delete AFTER DELETE ON certificate
       BEGIN UPDATE content_version SET version = version + 1 WHERE id = 1; END""",
]
POSTGRES = [
    """UPDATE harvest_lot SET picked_on = (weighed_at AT TIME ZONE 'Asia/Shanghai')::date
       WHERE picked_on IS NULL""",
    """CREATE FUNCTION certificate_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'certificates are append-only'; END $$""",
    """CREATE TRIGGER certificate_append_only BEFORE UPDATE ON certificate
       FOR EACH ROW EXECUTE FUNCTION certificate_append_only()""",
    """CREATE CONSTRAINT TRIGGER certificate_content AFTER DELETE ON certificate
       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION content_changed()""",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def raw_steps():
        from coop.tables import HarvestLot

        engine = HarvestLot._meta.db
        for statement in SQLITE if isinstance(engine, SQLiteEngine) else POSTGRES:
            await engine.run_ddl(statement)

    manager.add_raw(raw_steps)
    return manager
