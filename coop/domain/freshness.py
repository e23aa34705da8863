"""Fresh fruit is sold within its shelf life and within its season (the desk is told why not)."""

from __future__ import annotations

from datetime import date, timedelta

from coop.domain.errors import Conflict


def fresh_until(picked_on: date, shelf_life_days: int | None) -> date | None:
    """The last day fresh fruit may be sold: its picking day plus the product's shelf life."""
    if shelf_life_days is None:
        return None
    return picked_on + timedelta(days=shelf_life_days)


def unsellable_reason(
    code: str,
    picked_on: date,
    season: int,
    shelf_life_days: int | None,
    today: date,
    current_season: int,
) -> Conflict | None:
    """Why a harvest lot's fruit cannot be sold fresh today, or None when it can."""
    until = fresh_until(picked_on, shelf_life_days)
    if until is not None and today > until:
        return Conflict(
            "Lot {lot} was picked on {picked_on}: past its shelf life ({until}), its fruit"
            " cannot be sold fresh.",
            code="lot_past_shelf_life",
            lot=code,
            picked_on=picked_on,
            until=until,
        )
    if season != current_season:
        return Conflict(
            "Lot {lot} is from the {season} season: last season's fresh fruit is not sold.",
            code="lot_past_season",
            lot=code,
            season=season,
        )
    return None
