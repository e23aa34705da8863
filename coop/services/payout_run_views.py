"""What a payout run shows: each household's figures for the period, its line, the run's totals.

A draft run's lines are figured afresh from the ledger on every look (one query, every household
at once); a locked run's lines are the rows frozen when it was locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import msgspec

from coop.domain.actors import Actor
from coop.domain.china_time import china_midnight
from coop.domain.errors import NotFound
from coop.domain.payout_runs import RunStatus, owed, pay
from coop.domain.statement import DEDUCTION_KINDS, INCOME_KINDS
from coop.services import income_queries as q
from coop.services.income import fetch
from coop.tables import PayoutRun, PayoutRunChange, PayoutRunLine


class RunLineView(msgspec.Struct, frozen=True):
    household_id: int
    household_code: str
    household_name: str
    earned_fen: int  # income credited in the period
    deducted_fen: int  # advances and inputs on credit in the period
    owed_fen: int  # the balance owed after deductions at the period's end, at most today's
    excluded: bool
    cap_fen: int | None
    reason: str
    pay_fen: int  # what the run pays: the balance owed, unless excluded or capped
    bill_no: str | None = None  # from locking on
    paid_fen: int = 0  # what confirming posted
    status: str | None = None  # pending, paid, failed (once locked)
    marked_at: datetime | None = None


class RunView(msgspec.Struct, frozen=True):
    id: int
    period_start: date
    period_end: date
    method: str
    status: str
    created_at: datetime
    created_by: str
    locked_at: datetime | None
    posted_at: datetime | None
    pay_fen: int
    paid_fen: int
    lines: list[RunLineView]


@dataclass(frozen=True)
class Figures:
    household_id: int
    code: str
    name: str
    earned_fen: int
    deducted_fen: int
    owed_fen: int


def _in(kinds: frozenset[str]) -> str:
    return ", ".join(f"'{kind}'" for kind in sorted(kinds))


_FIGURES = f"""
    SELECT e.household AS household, h.code AS code, h.display_name AS name,
      SUM(e.amount_fen) AS now_fen,
      SUM(CASE WHEN e.created_at < {{}} THEN e.amount_fen ELSE 0 END) AS end_fen,
      SUM(CASE WHEN e.created_at >= {{}} AND e.created_at < {{}}
        AND {q.counted_kind("e", "r")} IN ({_in(INCOME_KINDS)}) THEN e.amount_fen ELSE 0 END)
        AS earned_fen,
      SUM(CASE WHEN e.created_at >= {{}} AND e.created_at < {{}}
        AND {q.counted_kind("e", "r")} IN ({_in(DEDUCTION_KINDS)}) THEN -e.amount_fen ELSE 0 END)
        AS deducted_fen
    FROM {q.ENTRY} e LEFT JOIN {q.ENTRY} r ON r.id = e.reverses
    JOIN {q.HOUSEHOLD} h ON h.id = e.household
    WHERE e.cooperative = {{}}
    GROUP BY e.household, h.code, h.display_name
    ORDER BY h.code
"""


async def figures(cooperative_id: int, start: date, end: date) -> list[Figures]:
    """Every household with money in the ledger: what it earned and had deducted in the period,
    and what a run owes it (nothing for one that owes the cooperative)."""
    since, until = china_midnight(start), china_midnight(end + timedelta(days=1))
    rows = await fetch(q.QueryText(_FIGURES, (until, since, until, since, until, cooperative_id)))
    found = []
    for row in rows:
        now, at_end = int(row["now_fen"]), int(row["end_fen"])
        earned, deducted = int(row["earned_fen"]), int(row["deducted_fen"])
        if now or at_end or earned or deducted:
            found.append(
                Figures(
                    row["household"], row["code"], row["name"], earned, deducted, owed(at_end, now)
                )
            )
    return found


async def run_row(actor: Actor, run_id: int) -> dict:
    row = await (
        PayoutRun.select(*PayoutRun.all_columns(), PayoutRun.created_by.name.as_alias("creator"))
        .where((PayoutRun.id == run_id) & (PayoutRun.cooperative == actor.cooperative_id))
        .first()
    )
    if row is None:
        raise NotFound("No payout run {run_id}.", code="payout_run_not_found", run_id=run_id)
    return row


async def latest_changes(run_id: int) -> dict[int, dict]:
    """The board's latest word on each household of a draft run."""
    rows = await (
        PayoutRunChange.select().where(PayoutRunChange.run == run_id).order_by(PayoutRunChange.id)
    )
    return {row["household"]: row for row in rows}


async def draft_lines(cooperative_id: int, run: dict) -> list[RunLineView]:
    changes = await latest_changes(run["id"])
    lines = []
    for f in await figures(cooperative_id, run["period_start"], run["period_end"]):
        change = changes.get(f.household_id, {})
        excluded, cap = bool(change.get("excluded", False)), change.get("cap_fen")
        lines.append(
            RunLineView(
                f.household_id,
                f.code,
                f.name,
                f.earned_fen,
                f.deducted_fen,
                f.owed_fen,
                excluded,
                cap,
                change.get("reason", ""),
                pay(f.owed_fen, excluded, cap),
            )
        )
    return lines


async def frozen_lines(run_id: int) -> list[RunLineView]:
    rows = await (
        PayoutRunLine.select(
            *PayoutRunLine.all_columns(),
            PayoutRunLine.household.code.as_alias("household_code"),
            PayoutRunLine.household.display_name.as_alias("household_name"),
        )
        .where(PayoutRunLine.run == run_id)
        .order_by(PayoutRunLine.household.code)
    )
    return [msgspec.convert({**row, "household_id": row["household"]}, RunLineView) for row in rows]


async def run_view(actor: Actor, run_id: int) -> RunView:
    run = await run_row(actor, run_id)
    if run["status"] == RunStatus.DRAFT:
        lines = await draft_lines(actor.cooperative_id, run)
    else:
        lines = await frozen_lines(run_id)
    return RunView(
        id=run["id"],
        period_start=run["period_start"],
        period_end=run["period_end"],
        method=run["method"],
        status=run["status"],
        created_at=run["created_at"],
        created_by=run["creator"],
        locked_at=run["locked_at"],
        posted_at=run["posted_at"],
        pay_fen=sum(line.pay_fen for line in lines),
        paid_fen=sum(line.paid_fen for line in lines if line.status != "failed"),
        lines=lines,
    )
