"""The content version moves by itself whenever a row a public page shows changes.

Public pages are cached per worker until content_version.version moves. Triggers on every table
those pages read (cooperative, household, product, harvest_lot, batch, batch_input) move it in
the same transaction as the change, whichever way the change came: a service, the back office at
/admin, or a hand-run statement. UPDATE triggers fire only on the columns a page shows, so a sale
lowering stock or a new purchase price flushes no cache. A new harvest lot or batch fires nothing:
no page of it can be cached yet (a not-found page is never kept), and weigh-ins are the hot write
path. Scan counts never move the version (they are written on the hot read path).

SQLite runs one write transaction at a time: a plain row trigger adds one per changed row.
PostgreSQL: an UPDATE of the one version row at the changed row's statement would keep that row
locked until COMMIT and queue every other writer of a public table behind it; as a deferred
constraint trigger the UPDATE runs at COMMIT, once per transaction (a transaction-local setting
remembers it ran), so the row is locked only while the transaction commits. A sequence would never
block, but nextval is visible to readers before the change commits: a worker could read the new
version, build its page from the old rows and keep that stale page until the next change.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-12-02T18:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "content version moved by triggers on every table public pages show"


# Each table a public page reads -> (the columns it shows, whether a new row can change a page).
# Named as the schema is at this migration (not through today's Table classes), like every
# migration: a later rename must not break building a fresh database.
SHOWN: dict[str, tuple[list[str], bool]] = {
    "cooperative": (
        ["slug", "name", "village", "story", "shop_url", "order_phone", "wechat_id"]
        + ["certifications"],
        True,
    ),
    "household": (["cooperative", "display_name", "consent_public_name"], True),
    "product": (
        ["cooperative", "name_zh", "name_ug", "name_en", "unit", "price_fen", "net_weight_g"]
        + ["shelf_life_days", "active"],
        True,
    ),
    "harvest_lot": (["cooperative", "code", "household", "product", "status", "weighed_at"], False),
    "batch": (
        ["cooperative", "code", "product", "household", "status", "made_on", "best_before"]
        + ["net_weight_g", "sugar_g"],
        False,
    ),
    "batch_input": (["batch", "harvest_lot"], True),
}
VERSION_TABLE = "content_version"


def _events(columns: list[str], inserts: bool) -> list[str]:
    update = f"UPDATE OF {', '.join(columns)}"
    return (["INSERT"] if inserts else []) + [update, "DELETE"]


def sqlite_triggers(version: str) -> list[str]:
    bump = f"UPDATE {version} SET version = version + 1 WHERE id = 1"
    statements = []
    for table, (columns, inserts) in SHOWN.items():
        for event in _events(columns, inserts):
            name = f"{table}_content_{event.split()[0].lower()}"
            statements.append(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {bump}; END")
    return statements


def postgres_triggers(version: str) -> list[str]:
    statements = [
        f"""CREATE FUNCTION content_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF current_setting('coop.content_changed', true) IS DISTINCT FROM 'yes' THEN
                PERFORM set_config('coop.content_changed', 'yes', true);
                UPDATE {version} SET version = version + 1 WHERE id = 1;
              END IF;
              RETURN NULL;
            END $$"""
    ]
    for table, (columns, inserts) in SHOWN.items():
        events = " OR ".join(_events(columns, inserts))
        statements.append(
            f"""CREATE CONSTRAINT TRIGGER {table}_content AFTER {events} ON {table}
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION content_changed()"""
        )
    return statements


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def add_triggers():
        from coop.tables import ContentVersion

        engine = ContentVersion._meta.db
        if isinstance(engine, SQLiteEngine):
            statements = sqlite_triggers(VERSION_TABLE)
        else:
            statements = postgres_triggers(VERSION_TABLE)
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(add_triggers)
    return manager
