import pytest

from coop.domain.village import HouseholdIncome, Quartiles, nearest_rank, quartiles, village_figures


def test_quartiles_are_nearest_rank_figures_of_real_households():
    assert quartiles([40, 10, 30, 20]) == Quartiles(q1=10, median=20, q3=30)
    assert quartiles([1, 2, 3, 4, 5]) == Quartiles(q1=2, median=3, q3=4)
    assert quartiles([7]) == Quartiles(7, 7, 7)
    assert quartiles([]) is None


def test_the_nearest_rank_is_the_ceiling_of_n_times_p():
    values = list(range(1, 11))  # 10 values: ranks 3, 5, 8
    assert [nearest_rank(values, n, d) for n, d in ((1, 4), (1, 2), (3, 4))] == [3, 5, 8]
    with pytest.raises(ValueError):
        nearest_rank([], 1, 2)


def test_the_village_counts_households_past_their_baseline():
    figures = village_figures(
        [
            HouseholdIncome(80000, 0, 50000),
            HouseholdIncome(50000, 40000, 50000),  # equal is not past
            HouseholdIncome(30000, 0, None),
        ]
    )
    assert (figures.households, figures.with_baseline, figures.past_baseline) == (3, 2, 1)
    assert figures.income_fen == 160000
    assert figures.baseline_fen == 100000
    assert figures.gain_vs_baseline_quartiles == Quartiles(0, 0, 30000)
