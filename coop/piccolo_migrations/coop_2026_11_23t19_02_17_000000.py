"""Members' accounts and income totals, kept by the database itself.

- One surplus return per cooperative and season: a unique index (SQLite cannot ADD CONSTRAINT).
- Income totals: triggers add every new ledger entry to income_total (per household, season and
  kind; a reversal under the kind it reverses) and income_day (per cooperative, season, day in
  China and kind), and every harvest lot's weight to income_total until the lot is voided. The
  ledger is append-only, so the totals never need undoing; the review reads a few thousand totals
  instead of a million entries. Existing entries and lots are added up once here.

A raw migration of its own, because Piccolo runs a migration's raw steps before its new tables.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine

ID = "2026-11-23T19:02:17:000000"
VERSION = "1.38.0"
DESCRIPTION = "one surplus return per season; income totals kept by triggers"

INDEXES = [
    "CREATE UNIQUE INDEX surplus_return_once ON surplus_return (cooperative, season)",
    "CREATE UNIQUE INDEX income_total_once ON income_total (household, season, kind)",
    "CREATE INDEX income_total_village ON income_total (cooperative, season)",
    "CREATE UNIQUE INDEX income_day_once ON income_day (cooperative, season, day, kind)",
    """CREATE INDEX ledger_entry_household_season
       ON ledger_entry (household, season, kind, amount_fen, created_at)""",
]

# Both rules below are also said in coop.domain; history keeps its copy (ARCHITECTURE.md).
# The kind an entry counts as: a reversal counts against the entry it reverses.
COUNTED = (
    "COALESCE((SELECT r.kind FROM ledger_entry r WHERE r.id = {entry}.reverses), {entry}.kind)"
)
DAY = {
    "sqlite": "date({at}, '+8 hours')",  # China has kept UTC+8 without summer time since 1991
    "postgres": "({at} AT TIME ZONE 'Asia/Shanghai')::date",
}


def backfill(engine_type: str) -> list[str]:
    """Totals of what is already recorded (nothing, in a new database)."""
    counted = COUNTED.format(entry="e")
    day = DAY[engine_type].format(at="e.created_at")
    return [
        f"""INSERT INTO income_total (cooperative, household, season, kind, amount_fen, weight_g)
            SELECT e.cooperative, e.household, e.season, {counted}, SUM(e.amount_fen), 0
            FROM ledger_entry e GROUP BY e.cooperative, e.household, e.season, {counted}""",
        """INSERT INTO income_total (cooperative, household, season, kind, amount_fen, weight_g)
            SELECT cooperative, household, season, 'fruit_purchase', 0, 0 FROM harvest_lot
            WHERE status <> 'void' GROUP BY cooperative, household, season
            ON CONFLICT (household, season, kind) DO NOTHING""",
        """UPDATE income_total SET weight_g = (
                SELECT COALESCE(SUM(l.weight_g), 0) FROM harvest_lot l
                WHERE l.household = income_total.household AND l.season = income_total.season
                AND l.status <> 'void')
            WHERE kind = 'fruit_purchase'""",
        f"""INSERT INTO income_day (cooperative, season, day, kind, amount_fen)
            SELECT e.cooperative, e.season, {day}, {counted}, SUM(e.amount_fen)
            FROM ledger_entry e GROUP BY e.cooperative, e.season, {day}, {counted}""",
    ]


def _add_entry(new: str, day: str, counted: str) -> list[str]:
    return [
        f"""INSERT INTO income_total (cooperative, household, season, kind, amount_fen, weight_g)
            VALUES ({new}.cooperative, {new}.household, {new}.season, {counted}, {new}.amount_fen, 0)
            ON CONFLICT (household, season, kind)
            DO UPDATE SET amount_fen = income_total.amount_fen + excluded.amount_fen""",
        f"""INSERT INTO income_day (cooperative, season, day, kind, amount_fen)
            VALUES ({new}.cooperative, {new}.season, {day}, {counted}, {new}.amount_fen)
            ON CONFLICT (cooperative, season, day, kind)
            DO UPDATE SET amount_fen = income_day.amount_fen + excluded.amount_fen""",
    ]


ADD_WEIGHT = """INSERT INTO income_total (cooperative, household, season, kind, amount_fen, weight_g)
    VALUES (NEW.cooperative, NEW.household, NEW.season, 'fruit_purchase', 0, NEW.weight_g)
    ON CONFLICT (household, season, kind) DO UPDATE SET weight_g = income_total.weight_g + excluded.weight_g"""
TAKE_WEIGHT = """UPDATE income_total SET weight_g = weight_g - OLD.weight_g
    WHERE household = OLD.household AND season = OLD.season AND kind = 'fruit_purchase'"""


def sqlite_triggers() -> list[str]:
    entry = _add_entry(
        "NEW", DAY["sqlite"].format(at="NEW.created_at"), COUNTED.format(entry="NEW")
    )
    return [
        f"""CREATE TRIGGER ledger_entry_totals AFTER INSERT ON ledger_entry
            BEGIN {"; ".join(entry)}; END""",
        f"""CREATE TRIGGER harvest_lot_weight_in AFTER INSERT ON harvest_lot
            WHEN NEW.status <> 'void' BEGIN {ADD_WEIGHT}; END""",
        f"""CREATE TRIGGER harvest_lot_weight_out AFTER UPDATE OF status ON harvest_lot
            WHEN OLD.status <> 'void' AND NEW.status = 'void' BEGIN {TAKE_WEIGHT}; END""",
    ]


def postgres_triggers() -> list[str]:
    entry = _add_entry("NEW", DAY["postgres"].format(at="NEW.created_at"), "counted")
    return [
        f"""CREATE FUNCTION ledger_entry_totals() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE counted varchar(20) := {COUNTED.format(entry="NEW")};
            BEGIN {"; ".join(entry)}; RETURN NULL; END $$""",
        """CREATE TRIGGER ledger_entry_totals AFTER INSERT ON ledger_entry
           FOR EACH ROW EXECUTE FUNCTION ledger_entry_totals()""",
        f"""CREATE FUNCTION harvest_lot_weight() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'INSERT' AND NEW.status <> 'void' THEN {ADD_WEIGHT};
              ELSIF TG_OP = 'UPDATE' AND OLD.status <> 'void' AND NEW.status = 'void' THEN
                {TAKE_WEIGHT};
              END IF;
              RETURN NULL;
            END $$""",
        """CREATE TRIGGER harvest_lot_weight AFTER INSERT OR UPDATE OF status ON harvest_lot
           FOR EACH ROW EXECUTE FUNCTION harvest_lot_weight()""",
    ]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="coop", description=DESCRIPTION)

    async def add_rules():
        from coop.tables import LedgerEntry

        engine = LedgerEntry._meta.db
        sqlite = isinstance(engine, SQLiteEngine)
        statements = INDEXES + backfill("sqlite" if sqlite else "postgres")
        statements += sqlite_triggers() if sqlite else postgres_triggers()
        for statement in statements:
            await engine.run_ddl(statement)

    manager.add_raw(add_rules)
    return manager
