from datetime import date

import pytest

from coop.domain.errors import Conflict, InvalidInput
from coop.domain.orders import (
    Channel,
    OrderStatus,
    Source,
    allocate,
    channel_of,
    check_allocation_sum,
    check_shipping,
    check_total,
    check_transition,
    fruit_line_total,
    jar_line_total,
    order_total,
)
from coop.domain.provenance import FruitIn, fruit_in_jars

S = OrderStatus


def test_the_order_desk_takes_orders_from_five_channels():
    assert {c.value for c in Channel} == {"shop", "wechat", "phone", "on_site", "wholesale"}
    assert channel_of("wechat") is Channel.WECHAT
    with pytest.raises(InvalidInput):
        channel_of("taobao")


@pytest.mark.parametrize(
    ("now", "then"),
    [
        (S.PENDING, S.PAID),
        (S.PAID, S.PACKED),
        (S.PACKED, S.SHIPPED),
        (S.SHIPPED, S.DELIVERED),
    ],
)
def test_an_order_moves_forward_one_step_at_a_time(now, then):
    check_transition(now, then)


def test_an_order_cannot_skip_packing():
    with pytest.raises(Conflict) as refused:
        check_transition(S.PAID, S.SHIPPED)
    assert refused.value.code == "illegal_transition"
    assert str(refused.value) == "An order that is “paid” cannot become “shipped”."


@pytest.mark.parametrize("now", [S.SHIPPED, S.DELIVERED])
def test_a_shipped_order_cannot_be_cancelled_only_refunded(now):
    with pytest.raises(Conflict) as refused:
        check_transition(now, S.CANCELLED, "buyer changed their mind")
    assert str(refused.value) == "A shipped order cannot be cancelled; refund it instead."
    check_transition(now, S.REFUNDED, "jar broken in transit")


@pytest.mark.parametrize("now", [S.PENDING, S.PAID, S.PACKED])
def test_an_order_can_be_cancelled_before_it_ships_with_a_reason(now):
    check_transition(now, S.CANCELLED, "buyer changed their mind")
    with pytest.raises(InvalidInput) as refused:
        check_transition(now, S.CANCELLED, "  ")
    assert refused.value.code == "reason_required"


def test_an_unpaid_order_is_cancelled_not_refunded():
    with pytest.raises(Conflict, match="cancel it instead"):
        check_transition(S.PENDING, S.REFUNDED, "never paid")


@pytest.mark.parametrize("closed", [S.CANCELLED, S.REFUNDED])
def test_a_cancelled_or_refunded_order_changes_no_more(closed):
    for wanted in S:
        with pytest.raises(Conflict):
            check_transition(closed, wanted, "again")


def test_shipping_needs_a_carrier_and_a_tracking_number():
    assert check_shipping(" 顺丰 ", "SF123") == ("顺丰", "SF123")
    with pytest.raises(InvalidInput):
        check_shipping("顺丰", "")


def test_a_jar_line_costs_quantity_times_unit_price():
    assert jar_line_total(3, 3500) == 10500


def test_fresh_fruit_costs_its_weight_times_the_price_per_kg_rounded_half_up():
    assert fruit_line_total(2500, 2000) == 5000
    assert fruit_line_total(1, 500) == 1  # 0.5 fen rounds up, by the one rounding rule


def test_a_line_refuses_fractions_and_nothing():
    with pytest.raises(InvalidInput):
        jar_line_total(0, 3500)
    with pytest.raises(InvalidInput):
        jar_line_total(1, 35.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        fruit_line_total(0, 2000)


def test_the_total_is_lines_plus_shipping_minus_discount():
    assert order_total([10500, 5000], 1200, 700) == 16000
    assert check_total(16000, [10500, 5000], 1200, 700) == 16000


def test_a_total_that_does_not_add_up_is_refused():
    with pytest.raises(InvalidInput) as refused:
        check_total(16001, [10500, 5000], 1200, 700)
    assert refused.value.code == "total_mismatch"
    assert refused.value.params == {"stated": "160.01", "expected": "160.00"}  # said in yuan


def test_a_discount_larger_than_the_order_is_refused():
    with pytest.raises(InvalidInput, match="discount"):
        order_total([100], 0, 101)


def test_jars_come_from_the_earliest_best_before_first():
    sources = [
        Source(1, "B26LATE", 5, date(2027, 9, 1)),
        Source(2, "B26EARLY", 2, date(2027, 7, 1)),
        Source(3, "B26UNDATED", 9, None),
    ]
    takes, short = allocate(sources, 4)
    assert [(t.code, t.quantity) for t in takes] == [("B26EARLY", 2), ("B26LATE", 2)]
    assert short == 0


def test_allocation_says_how_much_is_missing_when_stock_runs_out():
    takes, short = allocate([Source(1, "B1", 3, None)], 5)
    assert [t.quantity for t in takes] == [3]
    assert short == 2


def test_batches_picked_by_hand_must_cover_the_line_exactly():
    check_allocation_sum(5, [2, 3])
    with pytest.raises(InvalidInput):
        check_allocation_sum(5, [2, 2])


def test_each_growers_share_of_a_jar_follows_the_fruit_they_put_into_the_batch():
    inputs = [FruitIn(1, 6000), FruitIn(2, 3000), FruitIn(1, 1000)]
    assert fruit_in_jars(inputs, jars=2, jars_filled=40) == {1: 350, 2: 150}
