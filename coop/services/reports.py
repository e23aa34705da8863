"""Data for the work ledger (工作台账): ledger lines, a household's printable page, the village's.

Pages and exports render these; nothing here formats.
"""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from coop.domain.actors import Action, Actor, Role
from coop.domain.china_time import china_day
from coop.domain.errors import InvalidInput
from coop.domain.statement import effective_kind
from coop.services import clock
from coop.services.income import (
    HouseholdReview,
    VillageReview,
    current_season,
    fetch,
    household_review,
    village_review,
)
from coop.services.income_queries import QueryText
from coop.services.lookup import cooperative_of
from coop.tables import Cooperative, HarvestLot, Household, LedgerEntry, Payout


class LedgerLine(msgspec.Struct, frozen=True):
    """One ledger entry as a sortable row: when, whose, what, how much, from which record."""

    id: int
    day: date
    created_at: datetime
    season: int
    household_id: int
    household_code: str
    household_name: str
    kind: str
    counts_as: str  # the kind a reversal reverses; otherwise the kind itself
    amount_fen: int
    source_type: str
    source_id: int
    reference: str  # harvest lot code, payout reference, or the source record
    reason: str


class HouseholdPage(msgspec.Struct, frozen=True):
    """A printable A4 page for one household: its review and its season's entries."""

    cooperative_name: str
    review: HouseholdReview
    entries: list[LedgerLine]
    printed_on: date


class VillagePage(msgspec.Struct, frozen=True):
    """The one-page village summary for the work ledger: the review; the page shows its figures."""

    cooperative_name: str
    review: VillageReview
    printed_on: date


def ledger_query(cooperative_id: int, season: int, household_id: int | None) -> QueryText:
    only_household = "AND e.household = {}" if household_id is not None else ""
    return QueryText(
        f"""
        SELECT e.id, e.created_at, e.season, e.household AS household_id,
               h.code AS household_code, h.display_name AS household_name,
               e.kind, r.kind AS reverses_kind, e.amount_fen, e.source_type, e.source_id,
               COALESCE(l.code, p.reference, '') AS reference, e.reason
        FROM {LedgerEntry._meta.tablename} e
        JOIN {Household._meta.tablename} h ON h.id = e.household
        LEFT JOIN {LedgerEntry._meta.tablename} r ON r.id = e.reverses
        LEFT JOIN {HarvestLot._meta.tablename} l
            ON e.source_type = 'harvest_lot' AND l.id = e.source_id
        LEFT JOIN {Payout._meta.tablename} p ON e.source_type = 'payout' AND p.id = e.source_id
        WHERE e.cooperative = {{}} AND e.season = {{}} {only_household}
        ORDER BY e.created_at, e.id
        """,
        (cooperative_id, season, *([] if household_id is None else [household_id])),
    )


def _line(row: dict) -> LedgerLine:
    created_at = row["created_at"]
    reference = row["reference"] or f"{row['source_type']} {row['source_id']}"
    return LedgerLine(
        id=row["id"],
        day=china_day(created_at),
        created_at=created_at,
        season=row["season"],
        household_id=row["household_id"],
        household_code=row["household_code"],
        household_name=row["household_name"],
        kind=row["kind"],
        counts_as=effective_kind(row["kind"], row["reverses_kind"]),
        amount_fen=int(row["amount_fen"]),
        source_type=row["source_type"],
        source_id=row["source_id"],
        reference=reference,
        reason=row["reason"],
    )


async def ledger_lines(
    actor: Actor, season: int | None = None, household_id: int | None = None
) -> list[LedgerLine]:
    """A season's entries in the order they were made; staff see all, a household its own."""
    if not actor.may(Action.READ_EVERY_HOUSEHOLD):
        household_id = actor.household_id
    season = await current_season(actor, season)
    rows = await fetch(ledger_query(actor.cooperative_id, season, household_id))
    return [_line(row) for row in rows]


async def household_page(
    actor: Actor, household_id: int, season: int | None = None
) -> HouseholdPage:
    review = await household_review(actor, household_id, season)
    entries = await ledger_lines(actor, review.season, household_id)
    cooperative = await cooperative_of(actor)
    return HouseholdPage(cooperative["name"], review, entries, clock.today())


async def village_page(actor: Actor, season: int | None = None) -> VillagePage:
    review = await village_review(actor, season)
    cooperative = await cooperative_of(actor)
    return VillagePage(cooperative["name"], review, clock.today())


async def reporting_actor(slug: str | None) -> Actor:
    """The command line reads as an admin of the cooperative named, or of the only one there is."""
    rows = await Cooperative.select(Cooperative.id, Cooperative.slug).order_by(Cooperative.slug)
    if slug is not None:
        rows = [row for row in rows if row["slug"] == slug]
    if len(rows) != 1:
        raise InvalidInput(
            "Name the cooperative with --cooperative, one of: {slugs}.",
            code="which_cooperative",
            slugs=", ".join(row["slug"] for row in await Cooperative.select(Cooperative.slug)),
        )
    return Actor(user_id=0, cooperative_id=rows[0]["id"], role=Role.ADMIN, name="coop report")
