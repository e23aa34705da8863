import pytest

from coop.domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    OutOfStock,
    Unauthorized,
)


def test_each_error_carries_its_http_status_and_stable_code():
    assert [(e.status, e.code) for e in (InvalidInput, NotFound, Forbidden, Unauthorized)] == [
        (422, "invalid_input"),
        (404, "not_found"),
        (403, "forbidden"),
        (401, "unauthorized"),
    ]
    assert (Conflict.status, Conflict.code) == (409, "conflict")


def test_out_of_stock_is_a_conflict_with_its_own_code():
    error = OutOfStock()
    assert isinstance(error, Conflict)
    assert (error.status, error.code) == (409, "out_of_stock")


def test_the_message_is_formatted_with_params_but_kept_as_a_fixed_msgid():
    error = NotFound("Lot {lot} does not exist.", lot="H26-7KQ3MXB4")
    assert str(error) == "Lot H26-7KQ3MXB4 does not exist."
    assert error.message == "Lot {lot} does not exist."
    assert error.params == {"lot": "H26-7KQ3MXB4"}


def test_a_raise_may_choose_a_more_precise_code_without_changing_the_class_default():
    error = InvalidInput("Bad lot.", code="invalid_lot_code")
    assert error.code == "invalid_lot_code"
    assert InvalidInput().code == "invalid_input"


def test_without_a_message_the_class_default_is_used():
    assert str(Unauthorized()) == Unauthorized.message


def test_a_missing_param_leaves_its_placeholder_instead_of_failing():
    assert str(Conflict("Lot {lot} is taken.")) == "Lot {lot} is taken."


def test_every_domain_error_can_be_caught_as_one():
    with pytest.raises(DomainError) as caught:
        raise OutOfStock(available_g=0)
    assert caught.value.params == {"available_g": 0}
