import pytest

from coop.domain.errors import InvalidInput
from coop.domain.grades import Posted, check_grade, weighin_price

GRADED = Posted("鲜树莓", 2, True, 1600, 1000)
UNGRADED = Posted("鲜树莓", 0, False, None, 1000)


def refusal(posted: Posted, grade: str, stated: int | None = None) -> str:
    with pytest.raises(InvalidInput) as refused:
        weighin_price(posted, grade, stated)
    return refused.value.code


def test_a_graded_weighin_records_the_grades_posted_price():
    assert weighin_price(GRADED, "特级", None) == 1600


def test_a_product_without_grades_is_weighed_at_its_own_price_whatever_the_free_text_grade():
    assert weighin_price(UNGRADED, "", None) == 1000
    assert weighin_price(UNGRADED, "A", None) == 1000


def test_a_stated_price_is_recorded_as_stated():
    assert weighin_price(GRADED, "特级", 1500) == 1500
    assert weighin_price(UNGRADED, "", 1200) == 1200


def test_a_graded_product_needs_one_of_its_grades_and_that_grade_needs_a_price():
    assert refusal(GRADED, "") == "grade_required"
    assert refusal(Posted("鲜树莓", 2, False, None, 1000), "三级") == "unknown_grade"
    assert refusal(Posted("鲜树莓", 2, True, None, 1000), "二级") == "grade_unpriced"
    assert refusal(Posted("鲜树莓", 0, True, None, 1000), "二级") == "grade_unpriced"


def test_a_price_of_nothing_or_a_grade_too_long_is_refused():
    assert refusal(UNGRADED, "", 0) == "invalid_price"
    assert refusal(Posted("鲜树莓", 0, False, None, 0), "") == "invalid_price"
    assert refusal(UNGRADED, "x" * 21) == "grade_too_long"


def test_a_grade_has_a_code_and_a_chinese_name_trimmed():
    assert check_grade(" 特级 ", " 特级果 ") == ("特级", "特级果")
    for code, name in (("", "特级"), ("   ", "特级"), ("x" * 21, "特级"), ("特级", " ")):
        with pytest.raises(InvalidInput):
            check_grade(code, name)
