"""The income review's SQL: totals the database keeps (income_total, income_day; see migration
2026-11-23T19:02:17), never a million rows summed in Python.

Reversals count against the kind they reverse (DESIGN). Placeholders are Piccolo's `{}`;
scripts/bench runs the very same text on the bare drivers.
"""

from __future__ import annotations

from dataclasses import dataclass

from piccolo.querystring import QueryString

from coop.domain.statement import INCOME_KINDS
from coop.services.clock import LOCAL

_INCOME = ", ".join(f"'{kind}'" for kind in sorted(INCOME_KINDS))


@dataclass(frozen=True)
class QueryText:
    sql: str
    args: tuple[object, ...]

    def compiled(self, engine_type: str) -> tuple[str, list]:
        """The text and arguments as the bare driver takes them ($1 for asyncpg, ? for sqlite3)."""
        return QueryString(self.sql, *self.args).compile_string(engine_type=engine_type)


def local_day(column: str, engine_type: str) -> str:
    """The calendar day in China of a UTC timestamp (China has kept UTC+8, no DST, since 1991)."""
    if engine_type == "sqlite":
        return f"date({column}, '+8 hours')"
    return f"({column} AT TIME ZONE '{LOCAL.key}')::date"


def household_totals(household_id: int) -> QueryText:
    """One household's sums and fruit weight by season and kind, over all seasons (the balance)."""
    return QueryText(
        "SELECT season, kind, amount_fen AS fen, weight_g FROM income_total WHERE household = {}",
        (household_id,),
    )


def household_days(household_id: int, season: int, engine_type: str) -> QueryText:
    """One household's income by day through a season, from its own ledger entries."""
    day, reversal_day = local_day("created_at", engine_type), local_day("e.created_at", engine_type)
    return QueryText(
        f"""
        SELECT {day} AS day, SUM(amount_fen) AS fen FROM ledger_entry
        WHERE household = {{}} AND season = {{}} AND kind IN ({_INCOME})
        GROUP BY {day}
        UNION ALL
        SELECT {reversal_day}, SUM(e.amount_fen) FROM ledger_entry e
        JOIN ledger_entry r ON r.id = e.reverses
        WHERE e.household = {{}} AND e.season = {{}} AND e.kind = 'reversal'
        AND r.kind IN ({_INCOME})
        GROUP BY {reversal_day}
        """,
        (household_id, season, household_id, season),
    )


def village_totals(cooperative_id: int, seasons: tuple[int, ...]) -> QueryText:
    """Every household's income sums and fruit weight by season and kind."""
    marks = ", ".join("{}" for _ in seasons)
    return QueryText(
        f"""
        SELECT season, household, kind, amount_fen AS fen, weight_g FROM income_total
        WHERE cooperative = {{}} AND season IN ({marks}) AND kind IN ({_INCOME})
        """,
        (cooperative_id, *seasons),
    )


def village_days(cooperative_id: int, season: int) -> QueryText:
    """The village's income by day through a season."""
    return QueryText(
        f"""
        SELECT day, SUM(amount_fen) AS fen FROM income_day
        WHERE cooperative = {{}} AND season = {{}} AND kind IN ({_INCOME})
        GROUP BY day
        """,
        (cooperative_id, season),
    )


def village_totals_from_ledger(cooperative_id: int, seasons: tuple[int, ...]) -> QueryText:
    """What village_totals must equal, summed from the entries and lots themselves (slow)."""
    marks = ", ".join("{}" for _ in seasons)
    return QueryText(
        f"""
        SELECT e.season, e.household, COALESCE(r.kind, e.kind) AS kind,
               SUM(e.amount_fen) AS fen, 0 AS weight_g
        FROM ledger_entry e LEFT JOIN ledger_entry r ON r.id = e.reverses
        WHERE e.cooperative = {{}} AND e.season IN ({marks})
        GROUP BY e.season, e.household, COALESCE(r.kind, e.kind)
        UNION ALL
        SELECT season, household, 'fruit_purchase', 0, SUM(weight_g) FROM harvest_lot
        WHERE cooperative = {{}} AND season IN ({marks}) AND status <> 'void'
        GROUP BY season, household
        """,
        (cooperative_id, *seasons, cooperative_id, *seasons),
    )


def households(cooperative_id: int) -> QueryText:
    return QueryText(
        """
        SELECT id, code, display_name, is_member, active, baseline_income_fen, baseline_year
        FROM household WHERE cooperative = {} ORDER BY code
        """,
        (cooperative_id,),
    )


def household(cooperative_id: int, household_id: int) -> QueryText:
    return QueryText(
        """
        SELECT id, code, display_name, is_member, active, baseline_income_fen, baseline_year
        FROM household WHERE cooperative = {} AND id = {}
        """,
        (cooperative_id, household_id),
    )


def balances(cooperative_id: int) -> QueryText:
    """What the cooperative owes each household: every kind of every season."""
    return QueryText(
        """
        SELECT household, SUM(amount_fen) AS fen FROM income_total
        WHERE cooperative = {} GROUP BY household
        """,
        (cooperative_id,),
    )


def balance(household_id: int) -> QueryText:
    """From the entries themselves: a payout checks against the ledger, not a total."""
    return QueryText(
        "SELECT COALESCE(SUM(amount_fen), 0) AS fen FROM ledger_entry WHERE household = {}",
        (household_id,),
    )
