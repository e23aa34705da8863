import pytest

from coop.domain.actors import MAY, Action, Actor, Role
from coop.domain.errors import Forbidden


def actor(role: Role, household_id: int | None = None) -> Actor:
    return Actor(user_id=1, cooperative_id=1, role=role, name="x", household_id=household_id)


def test_a_clerk_may_do_what_clerks_do():
    assert actor(Role.CLERK).require(Action.WEIGH).role is Role.CLERK


def test_a_member_may_not_do_what_only_clerks_do():
    with pytest.raises(Forbidden):
        actor(Role.MEMBER, 7).require(Action.WEIGH)


def test_every_action_names_the_roles_that_may_do_it_and_only_an_admin_pays():
    assert set(MAY) == set(Action)
    assert [role for role in Role if actor(role).may(Action.PAY)] == [Role.ADMIN]


def test_a_member_reads_its_own_household_and_no_other():
    member = actor(Role.MEMBER, 7)
    assert member.may_read_household(7)
    with pytest.raises(Forbidden) as refused:
        member.require_household(8)
    assert refused.value.code == "not_your_household"


def test_staff_read_every_household_of_their_cooperative():
    assert actor(Role.WORK_TEAM).may_read_household(8)
    assert actor(Role.CLERK).may_read_household(8)
