import pytest

from coop.domain.apportion import largest_remainder
from coop.domain.errors import Conflict, InvalidInput
from coop.domain.payouts import AboveBalance, check_payout
from coop.domain.surplus import MemberAccount, SurplusTerms, plan_surplus_return


def member(household_id, volume, capital=0, reserve=0, is_member=True):
    return MemberAccount(household_id, is_member, volume, capital, reserve)


def test_largest_remainder_gives_left_over_fen_to_the_largest_remainders_then_smallest_key():
    assert largest_remainder(100001, {3: 1, 1: 1, 2: 1}) == {1: 33334, 2: 33334, 3: 33333}
    assert largest_remainder(10, {"a": 1, "b": 2}) == {"a": 3, "b": 7}
    assert largest_remainder(0, {"a": 0}) == {"a": 0}


def test_1000_01_yuan_across_three_members_with_equal_volumes_sums_exactly():
    terms = SurplusTerms(2026, 100001, reserve_percent=0, volume_share_percent=100)
    plan = plan_surplus_return(terms, [member(1, 5000), member(2, 5000), member(3, 5000)])
    assert sum(r.total_fen for r in plan.returns) == 100001
    assert sorted(r.total_fen for r in plan.returns) == [33333, 33334, 33334]


def test_the_reserve_and_the_returns_by_volume_and_by_shares_add_up_to_the_surplus():
    terms = SurplusTerms(2026, 100001, reserve_percent=10, volume_share_percent=60)
    plan = plan_surplus_return(
        terms, [member(1, 7000, capital=100), member(2, 3001, reserve=300), member(3, 1, 0)]
    )
    assert plan.reserve_fen == 10000
    assert plan.by_volume_fen == 54001  # 60% of 90001 = 54000.6, rounded up: never below 60%
    assert plan.reserve_fen + sum(r.total_fen for r in plan.returns) == 100001
    assert sum(r.by_shares_fen for r in plan.returns) == plan.by_shares_fen == 36000


def test_non_members_get_no_surplus_return():
    terms = SurplusTerms(2026, 1000, 0, 100)
    plan = plan_surplus_return(terms, [member(1, 500), member(2, 500, is_member=False)])
    assert [(r.household_id, r.total_fen) for r in plan.returns] == [(1, 1000)]


def test_less_than_60_percent_by_volume_is_refused_by_law():
    with pytest.raises(InvalidInput) as refused:
        plan_surplus_return(SurplusTerms(2026, 1000, 0, 59), [member(1, 500)])
    assert refused.value.code == "volume_share_below_legal_minimum"
    assert "art. 44" in str(refused.value)


def test_returning_by_shares_needs_recorded_shares():
    with pytest.raises(InvalidInput) as refused:
        plan_surplus_return(SurplusTerms(2026, 1000, 0, 80), [member(1, 500)])
    assert refused.value.code == "no_member_shares"


def test_a_payout_above_the_balance_owed_is_refused():
    assert check_payout(5000, 5000, "cash", "") == "cash"
    with pytest.raises(AboveBalance) as refused:
        check_payout(5001, 5000, "cash", "")
    assert isinstance(refused.value, Conflict)
    assert (
        str(refused.value) == "The payout of 50.01 yuan is more than the balance owed, 50.00 yuan."
    )


def test_a_payout_by_wechat_needs_its_reference_and_a_known_method():
    with pytest.raises(InvalidInput):
        check_payout(100, 5000, "wechat", " ")
    with pytest.raises(InvalidInput):
        check_payout(100, 5000, "alipay", "x")
    with pytest.raises(InvalidInput):
        check_payout(0, 5000, "cash", "")
