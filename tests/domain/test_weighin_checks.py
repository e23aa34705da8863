import pytest

from coop.domain.errors import InvalidInput
from coop.domain.weighin_checks import correction_weight, is_unusual, unusual_confirmed


def test_1250_kg_is_unusual_and_500_kg_is_not():
    assert is_unusual(1_250_000)
    assert not is_unusual(500_000)
    assert not is_unusual(12_500)


def test_an_unusual_weight_goes_ahead_only_when_that_same_weight_was_confirmed():
    assert not unusual_confirmed(1_250_000, None)
    assert not unusual_confirmed(1_250_000, 125_000)  # confirmed another figure than is saved
    assert unusual_confirmed(1_250_000, 1_250_000)
    assert unusual_confirmed(12_500, None)  # a usual weight needs no confirmation


def test_a_correction_with_a_new_weight_weighs_in_anew():
    assert correction_weight(12_000, void=False) == 12_000


def test_voiding_is_chosen_explicitly():
    assert correction_weight(None, void=True) is None


def test_an_empty_new_weight_without_the_void_choice_is_refused():
    with pytest.raises(InvalidInput) as refused:
        correction_weight(None, void=False)
    assert refused.value.code == "new_weight_or_void"


def test_void_together_with_a_new_weight_is_refused():
    with pytest.raises(InvalidInput) as refused:
        correction_weight(12_000, void=True)
    assert refused.value.code == "void_with_weight"
