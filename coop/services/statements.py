"""A household's statement: its entries of a season, income then against the season before and the
baseline, and what it is owed over all seasons."""

from __future__ import annotations

from datetime import datetime

import msgspec

from coop.domain.actors import Actor
from coop.domain.seasons import season_choices, season_of
from coop.domain.statement import Entry, percent_change, summarise
from coop.services import clock
from coop.services.advances import SOURCE as ADVANCE
from coop.services.lookup import cooperative_of, household_of
from coop.tables import Advance, Batch, HarvestLot, LedgerEntry


class StatementLine(msgspec.Struct, frozen=True):
    id: int
    created_at: datetime
    season: int
    kind: str
    amount_fen: int
    source_type: str
    source_id: int
    lot_code: str | None
    weight_g: int | None
    reverses_id: int | None
    reason: str
    item: str | None = None  # what an advance was for, or the inputs given on credit
    quantity_milli: int | None = None
    unit_price_fen: int | None = None


class Statement(msgspec.Struct, frozen=True):
    household_id: int
    household_code: str
    household_name: str
    is_member: bool
    season: int
    income_fen: int
    previous_season_income_fen: int
    gain_vs_previous_fen: int
    gain_vs_previous_percent: str | None
    baseline_income_fen: int | None
    baseline_year: int | None
    gain_vs_baseline_fen: int | None
    gain_vs_baseline_percent: str | None
    balance_fen: int
    entries: list[StatementLine]  # the season's
    seasons: list[int]  # newest first: those with entries, the current one and the one shown


async def statement(actor: Actor, household_id: int, season: int | None = None) -> Statement:
    """Every figure is a sum over ledger entries: the ledger is append-only, no total is stored."""
    actor.require_household(household_id)
    household = await household_of(actor, household_id)
    cooperative = await cooperative_of(actor)
    current = season_of(clock.today(), cooperative["season_start_month"])
    season = current if season is None else season
    rows = await (
        LedgerEntry.select(
            LedgerEntry.id,
            LedgerEntry.created_at,
            LedgerEntry.season,
            LedgerEntry.kind,
            LedgerEntry.amount_fen,
            LedgerEntry.source_type,
            LedgerEntry.source_id,
            LedgerEntry.reverses.as_alias("reverses_id"),
            LedgerEntry.reverses.kind.as_alias("reverses_kind"),
            LedgerEntry.reason,
        )
        .where(LedgerEntry.household == household_id)
        .order_by(LedgerEntry.id)
    )
    lots = await _lots(row["source_id"] for row in rows if row["source_type"] == "harvest_lot")
    lots.update(await _batches(row["source_id"] for row in rows if row["source_type"] == "batch"))
    lots.update(await _advances(r["source_id"] for r in rows if r["source_type"] == ADVANCE))
    summary = summarise(
        (
            Entry(r["kind"], r["amount_fen"], r["season"], r["created_at"], r["reverses_kind"])
            for r in rows
        ),
        season,
        household["baseline_income_fen"],
    )
    lines = [_line(row, lots) for row in rows if row["season"] == season]
    return Statement(
        household_id=household_id,
        household_code=household["code"],
        household_name=household["display_name"],
        is_member=household["is_member"],
        season=season,
        income_fen=summary.income_fen,
        previous_season_income_fen=summary.previous_season_income_fen,
        gain_vs_previous_fen=summary.gain_vs_previous_fen,
        gain_vs_previous_percent=percent_change(
            summary.income_fen, summary.previous_season_income_fen
        ),
        baseline_income_fen=summary.baseline_income_fen,
        baseline_year=household["baseline_year"],
        gain_vs_baseline_fen=summary.gain_vs_baseline_fen,
        gain_vs_baseline_percent=(
            None
            if summary.baseline_income_fen is None
            else percent_change(summary.income_fen, summary.baseline_income_fen)
        ),
        balance_fen=summary.balance_fen,
        entries=lines,
        seasons=season_choices([*(row["season"] for row in rows), season], current),
    )


def _line(row: dict, lots: dict[tuple[str, int], dict]) -> StatementLine:
    lot = lots.get((row["source_type"], row["source_id"]), {})
    return StatementLine(
        id=row["id"],
        created_at=row["created_at"],
        season=row["season"],
        kind=row["kind"],
        amount_fen=row["amount_fen"],
        source_type=row["source_type"],
        source_id=row["source_id"],
        lot_code=lot.get("code"),
        weight_g=lot.get("weight_g"),
        reverses_id=row["reverses_id"],
        reason=row["reason"],
        item=lot.get("item"),
        quantity_milli=lot.get("quantity_milli"),
        unit_price_fen=lot.get("unit_price_fen"),
    )


async def _lots(ids) -> dict[tuple[str, int], dict]:
    """Each harvest lot's code and weight, for the fruit-purchase lines."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await HarvestLot.select(HarvestLot.id, HarvestLot.code, HarvestLot.weight_g).where(
        HarvestLot.id.is_in(wanted)
    )
    return {("harvest_lot", row["id"]): row for row in rows}


async def _batches(ids) -> dict[tuple[str, int], dict]:
    """Each batch's lot code and fruit weight, for the processing-fee lines (the fee's basis)."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await Batch.select(Batch.id, Batch.code, Batch.fruit_g.as_alias("weight_g")).where(
        Batch.id.is_in(wanted)
    )
    return {("batch", row["id"]): row for row in rows}


async def _advances(ids) -> dict[tuple[str, int], dict]:
    """Each advance's item, and the quantity and unit price of inputs on credit."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await Advance.select(
        Advance.id, Advance.item, Advance.quantity_milli, Advance.unit_price_fen
    ).where(Advance.id.is_in(wanted))
    return {(ADVANCE, row["id"]): row for row in rows}
