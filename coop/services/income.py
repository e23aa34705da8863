"""Income review for a season: per household and for the village, from the database's totals.

Those who may review income (Action.REVIEW_INCOME) see every household; a member or processor sees
only its own household.
"""

from __future__ import annotations

from collections import defaultdict

from coop.db import dialect
from coop.domain.actors import Action, Actor
from coop.domain.errors import NotFound
from coop.domain.income_review import (
    SeasonIncome,
    caught_up_on,
    gain,
    gain_sources,
    last_year,
    season_income,
)
from coop.domain.seasons import season_bounds, season_of
from coop.domain.village import HouseholdIncome, village_figures
from coop.services import clock
from coop.services import income_queries as q
from coop.services.income_views import (
    GainSourcesView,
    HouseholdReview,
    HouseholdRow,
    VillageReview,
    day_incomes,
    figures,
    quartiles_view,
)
from coop.services.lookup import cooperative_of
from coop.tables import LedgerEntry


async def fetch(query: q.QueryText) -> list[dict]:
    return await LedgerEntry.raw(query.sql, *query.args)


async def current_season(actor: Actor, season: int | None) -> int:
    """The season asked for, checked; by default the one today falls in."""
    if season is not None:
        season_bounds(season)  # refuses a year that is no season
        return season
    cooperative = await cooperative_of(actor)
    return season_of(clock.today(), cooperative["season_start_month"])


async def household_review(
    actor: Actor, household_id: int, season: int | None = None
) -> HouseholdReview:
    """Reviewers see any household; a household sees only its own."""
    if not actor.may(Action.REVIEW_INCOME):
        actor.require_household(household_id)
    season = await current_season(actor, season)
    found = await fetch(q.household(actor.cooperative_id, household_id))
    if not found:
        raise NotFound(
            "No household {household_id} in this cooperative.",
            code="household_not_found",
            household_id=household_id,
        )
    household = found[0]
    sums: defaultdict[int, dict[str, int]] = defaultdict(dict)
    weights: defaultdict[int, int] = defaultdict(int)
    balance_fen = 0
    for row in await fetch(q.household_totals(household_id)):
        sums[row["season"]][row["kind"]] = int(row["fen"])
        weights[row["season"]] += int(row["weight_g"])
        balance_fen += int(row["fen"])
    days = day_incomes(await fetch(q.household_days(household_id, season, dialect())))
    now = season_income(sums[season], weights[season])
    before = season_income(sums[season - 1], weights[season - 1])
    baseline = household["baseline_income_fen"]
    reference = last_year(before.total_fen, baseline)
    headline = gain(now.total_fen, reference[0] if reference else None)
    vs_previous = gain(now.total_fen, before.total_fen)
    vs_baseline = gain(now.total_fen, baseline)
    sources = gain_sources(before, now)
    return HouseholdReview(
        household_id=household_id,
        household_code=household["code"],
        household_name=household["display_name"],
        is_member=bool(household["is_member"]),
        season=season,
        this_season=figures(season, now),
        previous_season=figures(season - 1, before),
        baseline_income_fen=baseline,
        baseline_year=household["baseline_year"],
        gain_vs_previous_fen=vs_previous.fen or 0,
        gain_vs_previous_percent=vs_previous.percent,
        gain_vs_baseline_fen=vs_baseline.fen,
        gain_vs_baseline_percent=vs_baseline.percent,
        last_year_fen=reference[0] if reference else None,
        last_year_basis=reference[1].value if reference else None,
        gain_fen=headline.fen,
        gain_percent=headline.percent,
        gain_sources=GainSourcesView(
            sources.more_fruit_fen,
            sources.better_price_fen,
            sources.processing_fees_fen,
            sources.surplus_return_fen,
        ),
        caught_up_on=caught_up_on(
            ((d.day, d.income_fen) for d in days), reference[0] if reference else None
        ),
        balance_fen=balance_fen,
        days=days,
    )


async def season_incomes(
    cooperative_id: int, seasons: tuple[int, ...]
) -> dict[int, dict[int, SeasonIncome]]:
    """Every household's income in these seasons: {season: {household: SeasonIncome}}."""
    sums: dict[int, dict[int, dict[str, int]]] = {season: defaultdict(dict) for season in seasons}
    weights: dict[int, dict[int, int]] = {season: defaultdict(int) for season in seasons}
    for row in await fetch(q.village_totals(cooperative_id, seasons)):
        sums[row["season"]][row["household"]][row["kind"]] = int(row["fen"])
        weights[row["season"]][row["household"]] += int(row["weight_g"])
    return {
        season: {
            household: season_income(kinds, weights[season][household])
            for household, kinds in sums[season].items()
        }
        for season in seasons
    }


async def village_review(actor: Actor, season: int | None = None) -> VillageReview:
    """Every household's season beside the last, the village's totals, median and quartiles."""
    actor.require(Action.REVIEW_INCOME)
    season = await current_season(actor, season)
    incomes = await season_incomes(actor.cooperative_id, (season - 1, season))
    now, before = incomes[season], incomes[season - 1]
    rows = []
    for household in await fetch(q.households(actor.cooperative_id)):
        hid = household["id"]
        if not household["active"] and hid not in now and hid not in before:
            continue
        rows.append(_row(household, now.get(hid, SeasonIncome()), before.get(hid, SeasonIncome())))
    village = village_figures(
        [
            HouseholdIncome(r.income_fen, r.previous_season_income_fen, r.baseline_income_fen)
            for r in rows
        ]
    )
    total_now = sum(now.values(), SeasonIncome())
    total_before = sum(before.values(), SeasonIncome())
    reference = last_year(total_before.total_fen, village.baseline_fen if rows else None)
    days = day_incomes(await fetch(q.village_days(actor.cooperative_id, season)))
    vs_previous = gain(total_now.total_fen, total_before.total_fen)
    return VillageReview(
        season=season,
        this_season=figures(season, total_now),
        previous_season=figures(season - 1, total_before),
        households_count=village.households,
        baseline_income_fen=village.baseline_fen,
        households_with_baseline=village.with_baseline,
        households_past_baseline=village.past_baseline,
        income_quartiles=quartiles_view(village.income_quartiles),
        gain_vs_baseline_quartiles=quartiles_view(village.gain_vs_baseline_quartiles),
        gain_vs_previous_fen=vs_previous.fen or 0,
        gain_vs_previous_percent=vs_previous.percent,
        last_year_fen=reference[0] if reference else None,
        last_year_basis=reference[1].value if reference else None,
        caught_up_on=caught_up_on(
            ((d.day, d.income_fen) for d in days), reference[0] if reference else None
        ),
        households=rows,
        days=days,
    )


def _row(household: dict, now: SeasonIncome, before: SeasonIncome) -> HouseholdRow:
    baseline = household["baseline_income_fen"]
    vs_previous = gain(now.total_fen, before.total_fen)
    vs_baseline = gain(now.total_fen, baseline)
    sources = gain_sources(before, now)
    reference = last_year(before.total_fen, baseline)
    headline = gain(now.total_fen, reference[0] if reference else None)
    return HouseholdRow(
        household_id=household["id"],
        household_code=household["code"],
        household_name=household["display_name"],
        is_member=bool(household["is_member"]),
        fruit_sales_fen=now.fruit_sales_fen,
        processing_fees_fen=now.processing_fees_fen,
        surplus_return_fen=now.surplus_return_fen,
        income_fen=now.total_fen,
        fruit_weight_g=now.fruit_weight_g,
        previous_season_income_fen=before.total_fen,
        baseline_income_fen=baseline,
        gain_vs_previous_fen=vs_previous.fen or 0,
        gain_vs_previous_percent=vs_previous.percent,
        gain_vs_baseline_fen=vs_baseline.fen,
        gain_vs_baseline_percent=vs_baseline.percent,
        past_baseline=vs_baseline.fen is not None and vs_baseline.fen > 0,
        more_fruit_fen=sources.more_fruit_fen,
        better_price_fen=sources.better_price_fen,
        last_year_fen=reference[0] if reference else None,
        gain_fen=headline.fen,
        gain_percent=headline.percent,
    )
