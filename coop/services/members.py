"""Members' accounts (成员账户): capital, reserve-fund shares and transaction volume per season.

Members and non-members are accounted separately (Farmer Professional Cooperatives Law, 2017
revision, art. 43-44): only members hold shares and get a surplus return. Shares are rows added,
never edited: a correction is a row with the opposite amount and a note.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import msgspec

from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, InvalidInput
from coop.domain.money import MAX_FEN, format_yuan
from coop.domain.seasons import season_bounds
from coop.domain.surplus import MemberAccount, ShareKind
from coop.services import idempotency
from coop.services import income_queries as q
from coop.services.audit import audit
from coop.services.income import current_season, fetch, season_incomes
from coop.services.lookup import household_of
from coop.services.payouts import lock_household
from coop.tables import MemberShare


class ShareView(msgspec.Struct, frozen=True):
    id: int
    household_id: int
    season: int
    kind: str
    amount_fen: int
    note: str
    created_at: datetime
    created_by: str


class AccountView(msgspec.Struct, frozen=True):
    household_id: int
    household_code: str
    household_name: str
    is_member: bool
    season: int
    capital_fen: int
    reserve_fen: int
    volume_fen: int  # fruit sold to the cooperative and processing done for it this season


async def record_share(
    actor: Actor,
    household_id: int,
    season: int,
    kind: str,
    amount_fen: int,
    note: str = "",
    idempotency_key: str | None = None,
) -> ShareView:
    """An admin records capital paid in or a reserve-fund share quantified to a member; a negative
    amount withdraws, never more than the member holds. A resent form records once."""
    actor.require(Action.KEEP_SHARES)
    if kind not in ShareKind.__members__.values():
        raise InvalidInput(
            "A share is capital or reserve, not {kind}.", code="invalid_kind", kind=kind
        )
    if type(amount_fen) is not int or amount_fen == 0 or abs(amount_fen) > MAX_FEN:
        raise InvalidInput("Enter an amount other than 0 yuan.", code="invalid_amount")
    if len(note) > 200:
        raise InvalidInput("A note is at most 200 characters.", code="note_too_long")
    season_bounds(season)

    async def create() -> int:
        household = await household_of(actor, household_id)
        if not household["is_member"]:
            raise InvalidInput(
                "Household {household} is not a member: non-members hold no shares.",
                code="not_a_member",
                household=household["code"],
            )
        await lock_household(household_id)
        held = (await share_totals(actor.cooperative_id, household_id))[household_id][kind]
        if held + amount_fen < 0:
            raise _overdrawn(kind, household["code"], held, -amount_fen)
        share = MemberShare(
            cooperative=actor.cooperative_id,
            household=household_id,
            season=season,
            kind=kind,
            amount_fen=amount_fen,
            note=note.strip(),
            created_by=actor.user_id,
        )
        await share.save()
        await audit(
            actor, "member_share", "member_share", share.id, kind=kind, amount_fen=amount_fen
        )
        return int(share.id)

    payload = [household_id, season, kind, amount_fen, note.strip()]
    share_id = await idempotency.once(actor, "member_share", idempotency_key, payload, create)
    return (await shares(actor, household_id, share_id=share_id))[0]


def _overdrawn(kind: str, household: str, held_fen: int, withdrawn_fen: int) -> Conflict:
    """A member cannot take out more capital, or more reserve-fund shares, than it holds."""
    held, withdrawn = format_yuan(held_fen), format_yuan(withdrawn_fen)
    if kind == ShareKind.CAPITAL:
        return Conflict(
            "Household {household} has paid in {held} yuan of capital; it cannot withdraw "
            "{amount} yuan.",
            code="share_overdrawn",
            household=household,
            held=held,
            amount=withdrawn,
        )
    return Conflict(
        "Household {household} holds {held} yuan of reserve-fund shares; it cannot withdraw "
        "{amount} yuan.",
        code="share_overdrawn",
        household=household,
        held=held,
        amount=withdrawn,
    )


async def shares(
    actor: Actor, household_id: int | None = None, share_id: int | None = None
) -> list[ShareView]:
    """Staff see every member's rows; a household sees its own."""
    if not actor.may(Action.READ_EVERY_HOUSEHOLD):
        household_id = actor.household_id
    query = MemberShare.select(
        MemberShare.id,
        MemberShare.household.as_alias("household_id"),
        MemberShare.season,
        MemberShare.kind,
        MemberShare.amount_fen,
        MemberShare.note,
        MemberShare.created_at,
        MemberShare.created_by.name.as_alias("created_by"),
    ).where(MemberShare.cooperative == actor.cooperative_id)
    if household_id is not None:
        query = query.where(MemberShare.household == household_id)
    if share_id is not None:
        query = query.where(MemberShare.id == share_id)
    return [msgspec.convert(row, ShareView) for row in await query.order_by(MemberShare.id)]


async def share_totals(
    cooperative_id: int, household_id: int | None = None
) -> dict[int, dict[str, int]]:
    """Capital and reserve per household: the sum of its rows."""
    query = MemberShare.select(
        MemberShare.household, MemberShare.kind, MemberShare.amount_fen
    ).where(MemberShare.cooperative == cooperative_id)
    if household_id is not None:
        query = query.where(MemberShare.household == household_id)
    rows = await query
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        totals[row["household"]][row["kind"]] += row["amount_fen"]
    return totals


async def member_accounts(cooperative_id: int, season: int) -> list[tuple[dict, MemberAccount]]:
    """Every household with its account for the season (no role check: callers check)."""
    volumes = (await season_incomes(cooperative_id, (season,)))[season]
    totals = await share_totals(cooperative_id)
    return [
        (
            household,
            MemberAccount(
                household_id=household["id"],
                is_member=bool(household["is_member"]),
                volume_fen=volumes[household["id"]].volume_fen if household["id"] in volumes else 0,
                capital_fen=totals.get(household["id"], {}).get(ShareKind.CAPITAL, 0),
                reserve_fen=totals.get(household["id"], {}).get(ShareKind.RESERVE, 0),
            ),
        )
        for household in await fetch(q.households(cooperative_id))
    ]


async def accounts(actor: Actor, season: int | None = None) -> list[AccountView]:
    """Members first, then non-members, each accounted separately; a household sees its own."""
    season = await current_season(actor, season)
    views = [
        AccountView(
            household["id"],
            household["code"],
            household["display_name"],
            account.is_member,
            season,
            account.capital_fen,
            account.reserve_fen,
            account.volume_fen,
        )
        for household, account in await member_accounts(actor.cooperative_id, season)
        if actor.may_read_household(household["id"])
    ]
    return sorted(views, key=lambda view: (not view.is_member, view.household_code))
