"""Which harvest lots may still be sold fresh today: within shelf life and this season."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any

from coop.domain.china_time import china_day
from coop.domain.errors import Conflict, OutOfStock
from coop.domain.freshness import unsellable_reason
from coop.domain.seasons import season_of
from coop.domain.weight import format_kg
from coop.services import clock
from coop.services.lookup import cooperative_of

_SELLING_AT: ContextVar[datetime | None] = ContextVar("selling_at", default=None)


@contextmanager
def selling_at(at: datetime | None) -> Iterator[None]:
    """An order recorded as of a past moment (imports, the demo) is judged on that day."""
    token = _SELLING_AT.set(at)
    try:
        yield
    finally:
        _SELLING_AT.reset(token)


def selling_day() -> date:
    """The day fruit is sold on: the order's own, or China's today."""
    return china_day(_SELLING_AT.get() or clock.now())


async def today_and_season(actor: Any) -> tuple[date, int]:
    """The selling day and the cooperative's season it falls in."""
    today = selling_day()
    cooperative = await cooperative_of(actor)
    return today, season_of(today, cooperative["season_start_month"])


def picked_on(lot: dict[str, Any]) -> date:
    """A lot's picking day (lots from before it was kept: the day weighed)."""
    day = lot.get("picked_on")
    if day is None:
        return china_day(lot["weighed_at"])
    return day if isinstance(day, date) else date.fromisoformat(str(day)[:10])


def refusal(
    lot: dict[str, Any], product: dict[str, Any], today: date, season: int
) -> Conflict | None:
    """Why this lot's fruit cannot be sold fresh today, or None."""
    return unsellable_reason(
        lot["code"], picked_on(lot), lot["season"], product["shelf_life_days"], today, season
    )


async def require_sellable(actor: Any, lot: dict[str, Any], product: dict[str, Any]) -> None:
    """A lot picked by hand for an order: refused, saying why, when it may not be sold fresh."""
    today, season = await today_and_season(actor)
    reason = refusal(lot, product, today, season)
    if reason is not None:
        raise reason


def short_of_fresh(
    product: dict[str, Any], wanted: int, available: int, stale: list[str]
) -> OutOfStock:
    """Too little sellable fruit while some lots still hold fruit that is too old to sell."""
    return OutOfStock(
        "Only {available} kg of {product} can be sold fresh; {wanted} kg ordered. Lots {lots}"
        " are past their shelf life or from last season.",
        code="fruit_past_shelf_life",
        product=product["name_zh"],
        available=format_kg(available),
        wanted=format_kg(wanted),
        lots=", ".join(stale),
    )
