"""The year-end surplus return: a preview that writes nothing, and a confirmation that posts once.

The work team and admins preview; only admins (the board) confirm. A second confirmation of the
same season, even a concurrent one, posts nothing new and returns what was posted: the unique index
on (cooperative, season) lets only one SurplusReturn row in.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from coop.db import is_unique_violation, write
from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, NotFound
from coop.domain.statement import EntryKind
from coop.domain.surplus import SurplusTerms, plan_surplus_return, validate_terms
from coop.services import clock, ledger
from coop.services.audit import audit
from coop.services.fields import Fen, Percent, Year
from coop.services.income import fetch
from coop.services.income_queries import households as households_query
from coop.services.members import member_accounts
from coop.tables import LedgerEntry, SurplusReturn

BY_VOLUME = "surplus_by_volume"  # ledger source_type of the part returned by volume
BY_SHARES = "surplus_by_shares"  # and of the part returned by capital and reserve shares


class Terms(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    season: Year
    surplus_fen: Fen
    reserve_percent: Percent
    volume_share_percent: Percent


class MemberReturnView(msgspec.Struct, frozen=True):
    household_id: int
    household_code: str
    household_name: str
    by_volume_fen: int
    by_shares_fen: int
    total_fen: int
    volume_fen: int | None = None  # the basis, shown in a preview
    capital_fen: int | None = None
    reserve_fen: int | None = None


class SurplusReturnView(msgspec.Struct, frozen=True):
    season: int
    status: str  # "preview" or "posted"
    surplus_fen: int
    reserve_percent: int
    volume_share_percent: int
    reserve_fen: int
    distributable_fen: int
    by_volume_fen: int
    by_shares_fen: int
    returned_fen: int
    confirmed_at: datetime | None
    confirmed_by: str | None
    returns: list[MemberReturnView]


def _terms(terms: Terms) -> SurplusTerms:
    return validate_terms(
        SurplusTerms(
            terms.season, terms.surplus_fen, terms.reserve_percent, terms.volume_share_percent
        )
    )


async def _plan(actor: Actor, terms: SurplusTerms):
    accounts = await member_accounts(actor.cooperative_id, terms.season)
    plan = plan_surplus_return(terms, [account for _, account in accounts])
    return plan, {household["id"]: (household, account) for household, account in accounts}


async def preview(actor: Actor, terms: Terms) -> SurplusReturnView:
    """Compute each member's return from this season's volumes and the recorded shares."""
    actor.require(Action.REVIEW_INCOME)
    plan, accounts = await _plan(actor, _terms(terms))
    returns = []
    for part in plan.returns:
        household, account = accounts[part.household_id]
        returns.append(
            MemberReturnView(
                part.household_id,
                household["code"],
                household["display_name"],
                part.by_volume_fen,
                part.by_shares_fen,
                part.total_fen,
                account.volume_fen,
                account.capital_fen,
                account.reserve_fen,
            )
        )
    return SurplusReturnView(
        season=terms.season,
        status="preview",
        surplus_fen=terms.surplus_fen,
        reserve_percent=terms.reserve_percent,
        volume_share_percent=terms.volume_share_percent,
        reserve_fen=plan.reserve_fen,
        distributable_fen=plan.distributable_fen,
        by_volume_fen=plan.by_volume_fen,
        by_shares_fen=plan.by_shares_fen,
        returned_fen=sum(part.total_fen for part in plan.returns),
        confirmed_at=None,
        confirmed_by=None,
        returns=returns,
    )


async def confirm(actor: Actor, terms: Terms) -> SurplusReturnView:
    """Post one surplus_return credit per part and member, once per cooperative and season."""
    actor.require(Action.CONFIRM_SURPLUS)
    checked = _terms(terms)
    try:
        async with write():
            if await _posted_row(actor, terms.season) is None:
                await _post(actor, checked)
    except Exception as error:
        if not is_unique_violation(error):
            raise  # a concurrent twin posted first: fall through and return what it posted
    view = await posted(actor, terms.season)
    asked = (terms.surplus_fen, terms.reserve_percent, terms.volume_share_percent)
    if (view.surplus_fen, view.reserve_percent, view.volume_share_percent) != asked:
        raise Conflict(
            "The surplus return for season {season} was already posted with other figures.",
            code="surplus_already_posted",
            season=terms.season,
        )
    return view


async def _post(actor: Actor, terms: SurplusTerms) -> None:
    plan, _ = await _plan(actor, terms)
    row = SurplusReturn(
        cooperative=actor.cooperative_id,
        season=terms.season,
        surplus_fen=terms.surplus_fen,
        reserve_percent=terms.reserve_percent,
        volume_share_percent=terms.volume_share_percent,
        reserve_fen=plan.reserve_fen,
        returned_fen=sum(part.total_fen for part in plan.returns),
        status="posted",
        confirmed_by=actor.user_id,
        confirmed_at=clock.now(),
    )
    await row.save()
    entries = [
        ledger.Entry(
            household=part.household_id,
            season=terms.season,
            kind=EntryKind.SURPLUS_RETURN,
            amount_fen=amount,
            source_type=source_type,
            source_id=row.id,
        )
        for part in plan.returns
        for source_type, amount in (
            (BY_VOLUME, part.by_volume_fen),
            (BY_SHARES, part.by_shares_fen),
        )
        if amount
    ]
    await ledger.post(actor, *entries, at=row.confirmed_at)
    await audit(actor, "surplus_return", "surplus_return", row.id, season=terms.season)


async def _posted_row(actor: Actor, season: int) -> dict | None:
    return await (
        SurplusReturn.select(
            *SurplusReturn.all_columns(), SurplusReturn.confirmed_by.name.as_alias("confirmer")
        )
        .where(
            (SurplusReturn.cooperative == actor.cooperative_id) & (SurplusReturn.season == season)
        )
        .first()
    )


async def posted(actor: Actor, season: int) -> SurplusReturnView:
    """What was posted for a season, read back from its ledger entries."""
    actor.require(Action.REVIEW_INCOME)
    row = await _posted_row(actor, season)
    if row is None:
        raise NotFound(
            "No surplus return was posted for season {season}.",
            code="surplus_not_posted",
            season=season,
        )
    entries = await LedgerEntry.select(
        LedgerEntry.household, LedgerEntry.source_type, LedgerEntry.amount_fen
    ).where(
        (LedgerEntry.cooperative == actor.cooperative_id)
        & (LedgerEntry.kind == EntryKind.SURPLUS_RETURN.value)
        & LedgerEntry.source_type.is_in([BY_VOLUME, BY_SHARES])
        & (LedgerEntry.source_id == row["id"])
    )
    parts: dict[int, dict[str, int]] = {}
    for entry in entries:
        part = parts.setdefault(entry["household"], {BY_VOLUME: 0, BY_SHARES: 0})
        part[entry["source_type"]] += entry["amount_fen"]
    names = {h["id"]: h for h in await fetch(households_query(actor.cooperative_id))}
    returns = [
        MemberReturnView(
            household_id,
            names[household_id]["code"],
            names[household_id]["display_name"],
            part[BY_VOLUME],
            part[BY_SHARES],
            part[BY_VOLUME] + part[BY_SHARES],
        )
        for household_id, part in sorted(parts.items())
    ]
    distributable = row["surplus_fen"] - row["reserve_fen"]
    by_volume = sum(r.by_volume_fen for r in returns)
    return SurplusReturnView(
        season=season,
        status=row["status"],
        surplus_fen=row["surplus_fen"],
        reserve_percent=row["reserve_percent"],
        volume_share_percent=row["volume_share_percent"],
        reserve_fen=row["reserve_fen"],
        distributable_fen=distributable,
        by_volume_fen=by_volume,
        by_shares_fen=distributable - by_volume,
        returned_fen=row["returned_fen"],
        confirmed_at=row["confirmed_at"],
        confirmed_by=row["confirmer"],
        returns=returns,
    )
