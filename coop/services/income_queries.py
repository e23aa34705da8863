"""The income review's SQL: totals the database keeps (income_total, income_day, filled by the
triggers of migration 2026-11-23T19:02:17), never a million rows summed in Python.

The three rules the triggers also follow are said once, in the domain, and rendered here: a
reversal counts as the kind it reverses (coop.domain.statement.effective_kind), an entry counts on
the day of what it is for (coop.domain.income_review.counted_on) and a day is China's
(coop.domain.china_time). Placeholders are Piccolo's `{}`; scripts/bench runs the very same text
on the bare drivers.
"""

from __future__ import annotations

from dataclasses import dataclass

from piccolo.querystring import QueryString

from coop.db import Dialect, local_day
from coop.domain.china_time import CHINA
from coop.domain.lots import LotStatus
from coop.domain.statement import INCOME_KINDS, EntryKind
from coop.services.weighins import SOURCE
from coop.tables import HarvestLot, Household, IncomeDay, IncomeTotal, LedgerEntry

_INCOME = ", ".join(f"'{kind}'" for kind in sorted(INCOME_KINDS))
ENTRY, LOT, HOUSEHOLD = (t._meta.tablename for t in (LedgerEntry, HarvestLot, Household))
TOTAL, DAY = IncomeTotal._meta.tablename, IncomeDay._meta.tablename


@dataclass(frozen=True)
class QueryText:
    sql: str
    args: tuple[object, ...]

    def compiled(self, engine_type: str) -> tuple[str, list]:
        """The text and arguments as the bare driver takes them ($1 for asyncpg, ? for sqlite3)."""
        return QueryString(self.sql, *self.args).compile_string(engine_type=engine_type)


def counted_kind(entry: str, reversed_entry: str) -> str:
    """effective_kind in SQL: the kind of the entry a reversal reverses (joined on `reverses`)."""
    return (
        f"CASE WHEN {entry}.kind = '{EntryKind.REVERSAL}'"
        f" THEN COALESCE({reversed_entry}.kind, {entry}.kind) ELSE {entry}.kind END"
    )


def household_totals(household_id: int) -> QueryText:
    """One household's sums and fruit weight by season and kind, over all seasons (the balance)."""
    return QueryText(
        f"SELECT season, kind, amount_fen AS fen, weight_g FROM {TOTAL} WHERE household = {{}}",
        (household_id,),
    )


def counted_day(entry: str, reversed_entry: str, lot: str, dialect: Dialect) -> str:
    """counted_on in SQL: the delivery's day of the lot an entry is for (joined on its source),
    else the day of the entry it reverses (joined on `reverses`), else its own day in China."""
    days = (local_day(f"{alias}.created_at", CHINA, dialect) for alias in (reversed_entry, entry))
    return f"COALESCE({lot}.picked_on, {', '.join(days)})"


def household_days(household_id: int, season: int, dialect: Dialect) -> QueryText:
    """One household's income by day through a season, from its own ledger entries, each counted
    as the kind it is for and on the day it is for: a corrected mistake adds nothing on any day."""
    day = counted_day("e", "r", "l", dialect)
    return QueryText(
        f"""
        SELECT {day} AS day, SUM(e.amount_fen) AS fen FROM {ENTRY} e
        LEFT JOIN {ENTRY} r ON r.id = e.reverses
        LEFT JOIN {LOT} l ON e.source_type = '{SOURCE}' AND l.id = e.source_id
        WHERE e.household = {{}} AND e.season = {{}} AND {counted_kind("e", "r")} IN ({_INCOME})
        GROUP BY {day}
        """,
        (household_id, season),
    )


def village_totals(cooperative_id: int, seasons: tuple[int, ...]) -> QueryText:
    """Every household's income sums and fruit weight by season and kind."""
    marks = ", ".join("{}" for _ in seasons)
    return QueryText(
        f"""
        SELECT season, household, kind, amount_fen AS fen, weight_g FROM {TOTAL}
        WHERE cooperative = {{}} AND season IN ({marks}) AND kind IN ({_INCOME})
        """,
        (cooperative_id, *seasons),
    )


def village_days(cooperative_id: int, season: int) -> QueryText:
    """The village's income by day through a season."""
    return QueryText(
        f"""
        SELECT day, SUM(amount_fen) AS fen FROM {DAY}
        WHERE cooperative = {{}} AND season = {{}} AND kind IN ({_INCOME})
        GROUP BY day
        """,
        (cooperative_id, season),
    )


def village_totals_from_ledger(cooperative_id: int, seasons: tuple[int, ...]) -> QueryText:
    """What village_totals must equal, summed from the entries and lots themselves (slow)."""
    marks = ", ".join("{}" for _ in seasons)
    counted = counted_kind("e", "r")
    return QueryText(
        f"""
        SELECT e.season, e.household, {counted} AS kind, SUM(e.amount_fen) AS fen, 0 AS weight_g
        FROM {ENTRY} e LEFT JOIN {ENTRY} r ON r.id = e.reverses
        WHERE e.cooperative = {{}} AND e.season IN ({marks})
        GROUP BY e.season, e.household, {counted}
        UNION ALL
        SELECT season, household, '{EntryKind.FRUIT_PURCHASE}', 0, SUM(weight_g) FROM {LOT}
        WHERE cooperative = {{}} AND season IN ({marks}) AND status <> '{LotStatus.VOID}'
        GROUP BY season, household
        """,
        (cooperative_id, *seasons, cooperative_id, *seasons),
    )


def households(cooperative_id: int) -> QueryText:
    return QueryText(
        f"""
        SELECT id, code, display_name, is_member, active, baseline_income_fen, baseline_year
        FROM {HOUSEHOLD} WHERE cooperative = {{}} ORDER BY code
        """,
        (cooperative_id,),
    )


def household(cooperative_id: int, household_id: int) -> QueryText:
    return QueryText(
        f"""
        SELECT id, code, display_name, is_member, active, baseline_income_fen, baseline_year
        FROM {HOUSEHOLD} WHERE cooperative = {{}} AND id = {{}}
        """,
        (cooperative_id, household_id),
    )


def balances(cooperative_id: int) -> QueryText:
    """What the cooperative owes each household: every kind of every season."""
    return QueryText(
        f"""
        SELECT household, SUM(amount_fen) AS fen FROM {TOTAL}
        WHERE cooperative = {{}} GROUP BY household
        """,
        (cooperative_id,),
    )


def balance(household_id: int) -> QueryText:
    """From the entries themselves: a payout checks against the ledger, not a total."""
    return QueryText(
        f"SELECT COALESCE(SUM(amount_fen), 0) AS fen FROM {ENTRY} WHERE household = {{}}",
        (household_id,),
    )
