"""The admin's start page: today's weighing and the work waiting in each area, counted."""

from __future__ import annotations

import msgspec

from coop.db import sql
from coop.domain.actors import Action, Actor
from coop.domain.china_time import china_midnight
from coop.services.clock import today

_COUNTS = """
SELECT
  today.weighins_today, today.weighed_g_today, today.amount_fen_today,
  (SELECT count(*) FROM grower_record WHERE cooperative = {} AND status = 'pending')
     AS records_waiting,
  (SELECT count(*) FROM batch WHERE cooperative = {} AND status = 'draft') AS batches_making,
  (SELECT count(*) FROM batch WHERE cooperative = {} AND status = 'finished' AND yield_flagged)
     AS batches_flagged,
  (SELECT count(*) FROM coop_order WHERE cooperative = {} AND status = 'paid') AS orders_to_pack,
  (SELECT count(*) FROM harvest_lot WHERE cooperative = {} AND status = 'held')
   + (SELECT count(*) FROM batch WHERE cooperative = {} AND status = 'held') AS on_hold,
  (SELECT count(*) FROM recall WHERE cooperative = {} AND closed_at IS NULL AND NOT drill)
     AS recalls_open
FROM (
  SELECT count(*) AS weighins_today,
    CAST(coalesce(sum(weight_g), 0) AS BIGINT) AS weighed_g_today,
    CAST(coalesce(sum(amount_fen), 0) AS BIGINT) AS amount_fen_today
  FROM harvest_lot WHERE cooperative = {} AND weighed_at >= {} AND status <> 'void'
) AS today
"""


class Overview(msgspec.Struct, frozen=True, kw_only=True):
    weighins_today: int
    weighed_g_today: int
    amount_fen_today: int
    records_waiting: int  # growers' own records waiting for the scale
    batches_making: int
    batches_flagged: int  # finished with a yield outside the product's range
    orders_to_pack: int  # paid, not yet packed
    on_hold: int  # harvest lots and batches
    recalls_open: int


async def overview(actor: Actor) -> Overview:
    """One read: today's weigh-ins (corrections counted once) and what waits, per area."""
    actor.require(Action.MANAGE_REFERENCE_DATA)
    coop, midnight = actor.cooperative_id, china_midnight(today())
    args = [coop] * 7 + [coop, midnight]
    (row,) = await sql(_COUNTS, *args)
    return msgspec.convert(row, Overview)
