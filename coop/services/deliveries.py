"""A household's own deliveries of a season: its weigh-ins, newest first, and what they came to."""

from __future__ import annotations

from datetime import date

import msgspec

from coop.domain.actors import Actor
from coop.domain.china_time import china_day
from coop.domain.errors import InvalidInput
from coop.domain.lots import LotStatus
from coop.domain.seasons import season_choices
from coop.services import income
from coop.services.weighins import WeighIn, weighins
from coop.tables import HarvestLot

MOST_IN_A_SEASON = 2000  # far more weigh-ins than a household delivers in one season


class SeasonDeliveries(msgspec.Struct, frozen=True):
    season: int
    seasons: list[int]  # newest first: those with weigh-ins, the current one and the one shown
    weighins: list[WeighIn]  # newest delivery first, corrected ones too (marked by their status)
    count: int  # weigh-ins that stand: not corrected
    weight_g: int
    amount_fen: int


async def my_deliveries(actor: Actor, season: int | None = None) -> SeasonDeliveries:
    """The signed-in household's weigh-ins of a season (by default the one today falls in)."""
    if actor.household_id is None:
        raise InvalidInput("Your account is not linked to a household.", code="no_household")
    current = await income.current_season(actor, None)
    season = current if season is None else await income.current_season(actor, season)
    lots = sorted(
        await weighins(actor, actor.household_id, season=season, limit=MOST_IN_A_SEASON),
        key=lambda lot: (delivered_on(lot), lot.id),
        reverse=True,
    )
    standing = [lot for lot in lots if lot.status != LotStatus.VOID]
    recorded = (
        await HarvestLot.select(HarvestLot.season)
        .distinct()
        .where(HarvestLot.household == actor.household_id)
    )
    return SeasonDeliveries(
        season=season,
        seasons=season_choices([*(row["season"] for row in recorded), season], current),
        weighins=lots,
        count=len(standing),
        weight_g=sum(lot.weight_g for lot in standing),
        amount_fen=sum(lot.amount_fen for lot in standing),
    )


def delivered_on(lot: WeighIn) -> date:
    """The delivery's day, which a correction keeps (its new lot is weighed later)."""
    return lot.picked_on or china_day(lot.weighed_at)
