"""A weigh-in the cooperative cannot take gets a 4xx with a clear code and writes nothing."""

import pytest

from coop.domain.actors import Role
from coop.tables import AuditEvent, Cooperative, HarvestLot, Household, LedgerEntry


async def written(world) -> tuple[int, int, int]:
    mine = world.cooperative_id
    return (
        await HarvestLot.count().where(HarvestLot.cooperative == mine),
        await LedgerEntry.count().where(LedgerEntry.cooperative == mine),
        await AuditEvent.count().where(AuditEvent.cooperative == mine),
    )


async def another_cooperatives_household() -> int:
    other = Cooperative(slug=f"other-{id(object())}", name="别的合作社")
    await other.save()
    household = Household(cooperative=other.id, code="X1", display_name="外人")
    await household.save()
    return int(household.id)


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("unknown household", 404, "household_not_found"),
        ("another cooperative's household", 404, "household_not_found"),
        ("unknown product", 404, "product_not_found"),
        ("jam is not weighed in", 422, "not_weighable"),
        ("deactivated household", 422, "household_inactive"),
    ],
)
async def test_a_weighin_that_cannot_be_taken_is_refused_and_writes_nothing(
    client, world, case, status, code
):
    body = {"household_id": world.households["H1"], "product_id": world.fruit_id, "weight_g": 1000}
    if case == "unknown household":
        body["household_id"] = 10**9
    elif case == "another cooperative's household":
        body["household_id"] = await another_cooperatives_household()
    elif case == "unknown product":
        body["product_id"] = 10**9
    elif case == "jam is not weighed in":
        body["product_id"] = world.jam_id
    else:
        await Household.update({Household.active: False}).where(
            Household.id == world.households["H1"]
        )
    before = await written(world)
    answer = await client.post("/api/v1/weighins", json=body, headers=world.headers(Role.CLERK))
    assert (answer.status_code, answer.json()["error"]["code"]) == (status, code)
    assert answer.json()["error"]["message"]
    assert await written(world) == before
