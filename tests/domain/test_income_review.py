from datetime import date

from coop.domain.income_review import (
    Basis,
    SeasonIncome,
    caught_up_on,
    counted_on,
    cumulative,
    gain,
    gain_sources,
    last_year,
    season_income,
    weekly_totals,
)
from coop.domain.statement import effective_kind


def test_a_reversal_counts_against_the_kind_it_reverses():
    assert effective_kind("reversal", "fruit_purchase") == "fruit_purchase"
    assert effective_kind("processing_fee", None) == "processing_fee"


def test_income_is_fruit_sales_processing_fees_and_surplus_but_not_payouts():
    income = season_income(
        {"fruit_purchase": 60000, "processing_fee": 20000, "surplus_return": 500, "payout": -9000}
    )
    assert income.total_fen == 80500
    assert income.volume_fen == 80000


def test_more_fruit_is_the_extra_weight_at_last_seasons_average_price():
    last = SeasonIncome(fruit_sales_fen=40000, fruit_weight_g=50_000)  # 50 kg at 8.00
    now = SeasonIncome(fruit_sales_fen=60000, processing_fees_fen=20000, fruit_weight_g=60_000)
    sources = gain_sources(last, now)
    assert sources.more_fruit_fen == 8000  # 10 kg more at 8.00 yuan/kg
    assert sources.better_price_fen == 12000  # 60 kg at 2.00 yuan/kg more
    assert sources.processing_fees_fen == 20000
    assert sources.total_fen == now.total_fen - last.total_fen


def test_the_parts_of_a_gain_sum_exactly_even_when_prices_do_not_divide():
    last = SeasonIncome(fruit_sales_fen=10001, fruit_weight_g=3_333)
    now = SeasonIncome(fruit_sales_fen=20017, processing_fees_fen=7, fruit_weight_g=7_001)
    assert gain_sources(last, now).total_fen == now.total_fen - last.total_fen


def test_a_household_with_no_fruit_last_season_gains_only_by_more_fruit():
    sources = gain_sources(SeasonIncome(), SeasonIncome(fruit_sales_fen=60000, fruit_weight_g=1))
    assert (sources.more_fruit_fen, sources.better_price_fen) == (60000, 0)


def test_last_year_is_the_previous_season_or_before_any_the_baseline():
    assert last_year(70000, 50000) == (70000, Basis.PREVIOUS_SEASON)
    assert last_year(0, 50000) == (50000, Basis.BASELINE)
    assert last_year(0, None) is None


def test_income_caught_up_on_the_day_the_running_total_passed_last_years():
    days = [(date(2026, 7, 5), 30000), (date(2026, 7, 1), 30000), (date(2026, 7, 9), 20000)]
    assert cumulative(days)[-1] == (date(2026, 7, 9), 80000)
    assert caught_up_on(days, 50000) == date(2026, 7, 5)
    assert caught_up_on(days, 60000) == date(2026, 7, 9)  # reaching it is not yet passing it
    assert caught_up_on(days, 90000) is None
    assert caught_up_on(days, None) is None


JULY_1, JULY_2, JULY_3, JULY_9 = (date(2026, 7, day) for day in (1, 2, 3, 9))


def test_a_mistyped_weigh_in_corrected_the_next_day_never_catches_up_with_last_year():
    mistyped = (counted_on(JULY_1, delivered_on=JULY_1), 125000)  # 1250 kg typed for 125 kg
    reversed_next_day = (counted_on(JULY_2, delivered_on=JULY_1), -125000)
    weighed_anew = (counted_on(JULY_2, delivered_on=JULY_1), 12500)  # keeps the delivery's day
    days = [mistyped, reversed_next_day, weighed_anew]
    assert caught_up_on(days, 50000) is None
    assert cumulative(days) == [(JULY_1, 12500)]  # as if 125 kg had been typed on July 1


def test_the_date_appears_when_true_deliveries_cross_last_years_total():
    days = [
        (counted_on(JULY_1, delivered_on=JULY_1), 125000),
        (counted_on(JULY_2, delivered_on=JULY_1), -125000),
        (counted_on(JULY_2, delivered_on=JULY_1), 12500),
        (counted_on(JULY_9, delivered_on=JULY_9), 40000),
    ]
    assert caught_up_on(days, 50000) == JULY_9


def test_a_reversed_fee_counts_on_the_fees_day_and_other_entries_on_their_own():
    assert counted_on(JULY_9, reverses_written_on=JULY_3) == JULY_3
    assert counted_on(JULY_3) == JULY_3


def test_a_gain_of_300_yuan_on_500_is_sixty_percent():
    assert gain(80000, 50000).fen == 30000
    assert gain(80000, 50000).percent == "+60.0%"
    assert gain(80000, None).fen is None


def test_weeks_are_named_by_their_monday():
    days = [(date(2026, 7, 1), 100), (date(2026, 7, 5), 50), (date(2026, 7, 6), 7)]  # Wed, Sun, Mon
    assert weekly_totals(days) == [(date(2026, 6, 29), 150), (date(2026, 7, 6), 7)]
