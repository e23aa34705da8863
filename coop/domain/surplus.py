"""The year-end surplus return to members, as the Farmer Professional Cooperatives Law sets it.

《中华人民共和国农民专业合作社法》(2017 revision), art. 44: after covering losses and setting aside
the reserve fund (公积金), the distributable surplus is returned mainly by each member's transaction
volume with the cooperative — no less than 60% of it — and the rest by the capital contributions and
reserve-fund shares recorded in the members' accounts. Non-members are accounted separately and get
no surplus return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from coop.domain.apportion import largest_remainder
from coop.domain.errors import InvalidInput
from coop.domain.money import MAX_FEN
from coop.domain.rounding import divide_half_away_from_zero

MIN_VOLUME_SHARE_PERCENT = 60  # art. 44, 2017 revision


class ShareKind(StrEnum):
    """What a member holds in its account besides its transaction volume."""

    CAPITAL = "capital"  # 出资额
    RESERVE = "reserve"  # 公积金份额


@dataclass(frozen=True)
class SurplusTerms:
    """What the board enters: the season's surplus, the reserve-fund cut, the share by volume."""

    season: int
    surplus_fen: int
    reserve_percent: int
    volume_share_percent: int


@dataclass(frozen=True)
class MemberAccount:
    """A household's transaction volume in the season and its capital and reserve shares."""

    household_id: int
    is_member: bool
    volume_fen: int
    capital_fen: int
    reserve_fen: int


@dataclass(frozen=True)
class MemberReturn:
    household_id: int
    by_volume_fen: int
    by_shares_fen: int

    @property
    def total_fen(self) -> int:
        return self.by_volume_fen + self.by_shares_fen


@dataclass(frozen=True)
class SurplusPlan:
    """reserve_fen + the members' returns add up to surplus_fen exactly, to the fen."""

    terms: SurplusTerms
    reserve_fen: int
    distributable_fen: int
    by_volume_fen: int
    by_shares_fen: int
    returns: tuple[MemberReturn, ...]


def _whole_percent(value: int, low: int, high: int) -> bool:
    return type(value) is int and low <= value <= high


def validate_terms(terms: SurplusTerms) -> SurplusTerms:
    """Refuse what the law or arithmetic forbids, before anything is computed."""
    if type(terms.surplus_fen) is not int or not 0 < terms.surplus_fen <= MAX_FEN:
        raise InvalidInput(
            "The surplus must be more than 0 yuan; check the amount.", code="invalid_surplus"
        )
    if not _whole_percent(terms.reserve_percent, 0, 99):
        raise InvalidInput(
            "The reserve-fund percentage must be a whole number from 0 to 99.",
            code="invalid_reserve_percent",
        )
    if not _whole_percent(terms.volume_share_percent, 0, 100):
        raise InvalidInput(
            "The share returned by volume must be a whole percentage up to 100.",
            code="invalid_volume_share",
        )
    if terms.volume_share_percent < MIN_VOLUME_SHARE_PERCENT:
        raise InvalidInput(
            "At least {minimum}% of the distributable surplus must be returned by transaction"
            " volume (Farmer Professional Cooperatives Law, art. 44); {percent}% is too little.",
            code="volume_share_below_legal_minimum",
            minimum=MIN_VOLUME_SHARE_PERCENT,
            percent=terms.volume_share_percent,
        )
    return terms


def plan_surplus_return(terms: SurplusTerms, accounts: Sequence[MemberAccount]) -> SurplusPlan:
    """Set aside the reserve, then return the rest by volume and by shares (largest remainder).

    The reserve is rounded half up to the fen; the part by volume is rounded up, so it is never
    below the percentage the board chose (and so never below the legal 60%).
    """
    validate_terms(terms)
    reserve = divide_half_away_from_zero(terms.surplus_fen * terms.reserve_percent, 100)
    distributable = terms.surplus_fen - reserve
    by_volume = -(-distributable * terms.volume_share_percent // 100)
    by_shares = distributable - by_volume
    members = [account for account in accounts if account.is_member]
    volumes = {m.household_id: max(0, m.volume_fen) for m in members}
    shares = {m.household_id: max(0, m.capital_fen) + max(0, m.reserve_fen) for m in members}
    if by_volume and not any(volumes.values()):
        raise InvalidInput(
            "No member traded with the cooperative in season {season}: nothing to return by.",
            code="no_member_volume",
            season=terms.season,
        )
    if by_shares and not any(shares.values()):
        raise InvalidInput(
            "No member has capital or reserve shares recorded: record them, or return 100% by"
            " volume.",
            code="no_member_shares",
        )
    volume_parts = largest_remainder(by_volume, volumes)
    share_parts = largest_remainder(by_shares, shares)
    returns = tuple(
        MemberReturn(key, volume_parts[key], share_parts[key])
        for key in sorted(volumes)
        if volume_parts[key] or share_parts[key]
    )
    return SurplusPlan(terms, reserve, distributable, by_volume, by_shares, returns)
