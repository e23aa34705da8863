"""The village's income by day counts each entry on the day of what it is for.

A weigh-in's credit counts on its lot's picking day (which a correction's new lot keeps), a
reversal on the day of the entry it reverses, anything else on its own day in China. So a weight
mistyped one day and corrected the next adds nothing on any day, and the day the village passed
last year's income is one its true deliveries reached. The trigger of migration 2026-11-23T19:02:17
is replaced (on PostgreSQL its function; the deferred trigger of 2026-11-23T22:10 keeps calling it)
and income_day is added up anew from the ledger.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-12-03T00:03:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "income by day: each entry on the day of what it is for"

# The rules are said in coop.domain (effective_kind, counted_on); history keeps its copy.
COUNTED = (
    "COALESCE((SELECT r.kind FROM ledger_entry r WHERE r.id = {entry}.reverses), {entry}.kind)"
)
LOCAL_DAY = {
    "sqlite": "date({at}, '+8 hours')",  # China has kept UTC+8 without summer time since 1991
    "postgres": "({at} AT TIME ZONE 'Asia/Shanghai')::date",
}


def counted_day(engine_type: str, entry: str) -> str:
    day = LOCAL_DAY[engine_type]
    return f"""COALESCE(
        (SELECT l.picked_on FROM harvest_lot l
         WHERE {entry}.source_type = 'harvest_lot' AND l.id = {entry}.source_id),
        (SELECT {day.format(at="r.created_at")} FROM ledger_entry r WHERE r.id = {entry}.reverses),
        {day.format(at=f"{entry}.created_at")})"""


def add_to_day(engine_type: str, new: str, counted: str) -> str:
    return f"""INSERT INTO income_day (cooperative, season, day, kind, amount_fen)
        VALUES ({new}.cooperative, {new}.season, {counted_day(engine_type, new)}, {counted},
                {new}.amount_fen)
        ON CONFLICT (cooperative, season, day, kind)
        DO UPDATE SET amount_fen = income_day.amount_fen + excluded.amount_fen"""


ADD_TO_TOTAL = """INSERT INTO income_total (cooperative, household, season, kind, amount_fen, weight_g)
    VALUES ({new}.cooperative, {new}.household, {new}.season, {counted}, {new}.amount_fen, 0)
    ON CONFLICT (household, season, kind)
    DO UPDATE SET amount_fen = income_total.amount_fen + excluded.amount_fen"""


def recount(engine_type: str) -> list[str]:
    day, counted = counted_day(engine_type, "e"), COUNTED.format(entry="e")
    return [
        "DELETE FROM income_day",
        f"""INSERT INTO income_day (cooperative, season, day, kind, amount_fen)
            SELECT e.cooperative, e.season, {day}, {counted}, SUM(e.amount_fen)
            FROM ledger_entry e GROUP BY e.cooperative, e.season, {day}, {counted}""",
    ]


def sqlite_trigger() -> list[str]:
    counted = COUNTED.format(entry="NEW")
    steps = [ADD_TO_TOTAL.format(new="NEW", counted=counted), add_to_day("sqlite", "NEW", counted)]
    return [
        "DROP TRIGGER ledger_entry_totals",
        f"""CREATE TRIGGER ledger_entry_totals AFTER INSERT ON ledger_entry
            BEGIN {"; ".join(steps)}; END""",
    ]


def postgres_function() -> list[str]:
    steps = [ADD_TO_TOTAL.format(new="NEW", counted="counted"), add_to_day("postgres", "NEW", "counted")]
    return [
        f"""CREATE OR REPLACE FUNCTION ledger_entry_totals() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE counted varchar(20) := {COUNTED.format(entry="NEW")};
            BEGIN {"; ".join(steps)}; RETURN NULL; END $$"""
    ]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def raw_steps():
        from coop.tables import LedgerEntry

        engine = LedgerEntry._meta.db
        sqlite = isinstance(engine, SQLiteEngine)
        statements = sqlite_trigger() if sqlite else postgres_function()
        statements += recount("sqlite" if sqlite else "postgres")
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(raw_steps)
    return manager
