import pytest

from coop.domain.errors import InvalidInput
from coop.domain.label_runs import MAX_LABELS_PER_RUN, check_label_count


@pytest.mark.parametrize("count", [1, 24, MAX_LABELS_PER_RUN])
def test_a_run_prints_one_to_ten_thousand_labels(count):
    assert check_label_count(count) == count


@pytest.mark.parametrize("count", [-5, 0, MAX_LABELS_PER_RUN + 1])
def test_a_count_outside_one_to_ten_thousand_is_refused(count):
    with pytest.raises(InvalidInput, match=f"between 1 and 10000, not {count}") as caught:
        check_label_count(count)
    assert caught.value.code == "invalid_label_count"
