"""The weigh station's day so far: how many weigh-ins, how many kg, how many yuan (China's day)."""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from coop.db import sql
from coop.domain.actors import Action, Actor
from coop.domain.china_time import checked_day, china_midnight
from coop.domain.lots import LotStatus
from coop.services import clock
from coop.tables import HarvestLot


class DayTotal(msgspec.Struct, frozen=True):
    day: date
    weighins: int
    weight_g: int
    amount_fen: int


async def day_total(actor: Actor, day: date | None = None) -> DayTotal:
    """Weigh-ins of the day that still count: a voided one is out, its replacement in."""
    actor.require(Action.READ_EVERY_HOUSEHOLD)
    day = checked_day(day or clock.today())
    rows = await sql(
        "SELECT COUNT(*) AS n, COALESCE(SUM(weight_g), 0) AS grams,"
        " COALESCE(SUM(amount_fen), 0) AS fen"
        f' FROM "{HarvestLot._meta.tablename}"'
        " WHERE cooperative = {} AND status <> {} AND weighed_at >= {} AND weighed_at < {}",
        actor.cooperative_id,
        LotStatus.VOID.value,
        china_midnight(day),
        china_midnight(day + timedelta(days=1)),
    )
    row = rows[0]
    return DayTotal(day, int(row["n"]), int(row["grams"]), int(row["fen"]))
