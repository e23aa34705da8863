"""The ledger's one writer: entries are appended, never changed; a mistake is undone by a reversal.

Every LedgerEntry row is inserted here (ARCHITECTURE.md: the ledger). Amounts are signed integer
fen, credits to the household positive and payouts negative; a reversal carries the negated
amount, points at the entry it undoes and keeps its household, season and source. Call these
inside a write transaction; inserts are hand-written SQL (coop.db.sql): weigh-ins post one each.
"""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

import msgspec

from coop.db import sql
from coop.domain.actors import Actor
from coop.domain.statement import EntryKind
from coop.services import clock
from coop.tables import LedgerEntry

ROWS_PER_INSERT = 500  # far below both drivers' limit on bound parameters (about 32 000)
COLUMNS = (
    "cooperative",
    "household",
    "season",
    "kind",
    "amount_fen",
    "source_type",
    "source_id",
    "reverses",
    "reason",
    "created_by",
    "created_at",
)


class Entry(msgspec.Struct, frozen=True, kw_only=True):
    """One movement to post: whose money (household, season), why (kind, source), how much."""

    household: int
    season: int
    kind: EntryKind
    amount_fen: int  # signed: what the cooperative owes the household goes up when positive
    source_type: str  # what caused it: "harvest_lot", "batch", "payout", a surplus part …
    source_id: int
    reason: str = ""


async def post(actor: Actor, *entries: Entry, at: datetime | None = None) -> list[int]:
    """Append entries by this actor in its cooperative, dated `at` (default now); their ids."""
    when = at or clock.now()
    rows = [_row(actor, entry, None, when) for entry in entries]
    ids: list[int] = []
    for start in range(0, len(rows), ROWS_PER_INSERT):
        chunk = rows[start : start + ROWS_PER_INSERT]
        found = await sql(_insert_many(len(chunk)), *(value for row in chunk for value in row))
        ids += sorted(int(row["id"]) for row in found)
    return ids


async def reverse(
    actor: Actor, original: dict[str, Any] | int, reason: str, at: datetime | None = None
) -> int:
    """Undo an entry (its row or id): the same household, season and source, the amount negated."""
    row = original if isinstance(original, dict) else await _entry(original)
    undo = Entry(
        household=row["household"],
        season=row["season"],
        kind=EntryKind.REVERSAL,
        amount_fen=-row["amount_fen"],
        source_type=row["source_type"],
        source_id=row["source_id"],
        reason=reason,
    )
    found = await sql(_insert_many(1), *_row(actor, undo, row["id"], at or clock.now()))
    return int(found[0]["id"])


async def posted_for(source_type: str, source_id: int, kind: EntryKind) -> dict[str, Any]:
    """The entry of this kind that a source posted (a lot's credit, a batch's fee)."""
    row = await (
        LedgerEntry.select()
        .where(
            (LedgerEntry.source_type == source_type)
            & (LedgerEntry.source_id == source_id)
            & (LedgerEntry.kind == kind.value)
        )
        .first()
    )
    assert row is not None, f"{source_type} {source_id} posted no {kind.value} entry"
    return row


async def _entry(entry_id: int) -> dict[str, Any]:
    row = await LedgerEntry.select().where(LedgerEntry.id == entry_id).first()
    assert row is not None, f"no ledger entry {entry_id}"
    return row


def _row(actor: Actor, entry: Entry, reverses: int | None, at: datetime) -> tuple[Any, ...]:
    """The values in COLUMNS order."""
    return (
        actor.cooperative_id,
        entry.household,
        entry.season,
        entry.kind.value,
        entry.amount_fen,
        entry.source_type,
        entry.source_id,
        reverses,
        entry.reason,
        actor.user_id,
        at,
    )


@functools.cache
def _insert_many(count: int) -> str:
    """One INSERT of `count` rows, {} placeholders (coop.db.sql)."""
    columns = ", ".join(f'"{name}"' for name in COLUMNS)
    row = "(" + ", ".join("{}" for _ in COLUMNS) + ")"
    rows = ", ".join(row for _ in range(count))
    return f'INSERT INTO "{LedgerEntry._meta.tablename}" ({columns}) VALUES {rows} RETURNING "id"'
