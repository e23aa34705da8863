"""The charts of a household's and of the village's income review, ready for a page or an <img>."""

from __future__ import annotations

import msgspec

from coop.charts.income import cumulative_chart, gains_chart, weekly_chart
from coop.i18n import translate
from coop.services.income_views import HouseholdReview, VillageReview


class Charts(msgspec.Struct, frozen=True):
    cumulative: str
    weekly: str
    gains: str | None = None


def household_charts(review: HouseholdReview, locale: str = "zh_CN") -> Charts:
    name = review.household_name
    return Charts(
        cumulative=cumulative_chart(
            [(d.day, d.cumulative_fen) for d in review.days],
            review.last_year_fen,
            translate(
                "{name}: income through season {season}", locale, name=name, season=review.season
            ),
            locale,
        ),
        weekly=weekly_chart(
            [(d.day, d.income_fen) for d in review.days],
            translate("{name}: income by week", locale, name=name),
            locale,
        ),
    )


def village_charts(review: VillageReview, locale: str = "zh_CN") -> Charts:
    gains = sorted(
        (
            (f"{row.household_code} {row.household_name}", row.gain_fen or 0)
            for row in review.households
        ),
        key=lambda pair: -pair[1],
    )
    return Charts(
        cumulative=cumulative_chart(
            [(d.day, d.cumulative_fen) for d in review.days],
            review.last_year_fen,
            translate("Village income through season {season}", locale, season=review.season),
            locale,
        ),
        weekly=weekly_chart(
            [(d.day, d.income_fen) for d in review.days],
            translate("Village income by week", locale),
            locale,
        ),
        gains=gains_chart(gains, translate("Gain over last year by household", locale), locale),
    )
