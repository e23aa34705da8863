"""The weigh station's story through the JSON API, on SQLite and on PostgreSQL."""

from coop.domain.actors import Role
from coop.tables import HarvestLot, LedgerEntry


async def test_a_clerk_weighs_in_corrects_and_the_statement_shows_original_reversal_and_new(
    client, world
):
    clerk = world.headers(Role.CLERK)
    household = world.households["H1"]

    weighed = await client.post(
        "/api/v1/weighins",
        json={
            "household_id": household,
            "product_id": world.fruit_id,
            "weight_g": 12500,
            "price_fen_per_kg": 1000,
        },
        headers=clerk,
    )
    assert weighed.status_code == 201, weighed.text
    lot = weighed.json()
    assert lot["amount_fen"] == 12500  # 125.00 yuan
    assert len(lot["lot_code"]) <= 20

    corrected = await client.post(
        f"/api/v1/weighins/{lot['id']}/corrections",
        json={"weight_g": 12000, "reason": "秤没归零"},
        headers=clerk,
    )
    assert corrected.status_code == 201, corrected.text
    assert corrected.json()["replacement"]["amount_fen"] == 12000
    assert corrected.json()["original"]["status"] == "void"

    statement = (
        await client.get(f"/api/v1/households/{household}/statement", headers=clerk)
    ).json()
    assert [(e["kind"], e["amount_fen"]) for e in statement["entries"]] == [
        ("fruit_purchase", 12500),
        ("reversal", -12500),
        ("fruit_purchase", 12000),
    ]
    assert statement["entries"][1]["reverses_id"] == statement["entries"][0]["id"]
    assert statement["entries"][1]["reason"] == "秤没归零"
    assert statement["income_fen"] == 12000
    assert statement["balance_fen"] == 12000


async def test_a_grower_records_8_4_kg_and_the_clerk_confirms_8_2_kg_with_a_reason(client, world):
    recorded = await client.post(
        "/api/v1/grower-records",
        json={"product_id": world.fruit_id, "weight_g": 8400},
        headers=world.headers(Role.MEMBER),
    )
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["status"] == "pending"
    record_id = recorded.json()["id"]

    pending = await client.get(
        "/api/v1/grower-records?status=pending", headers=world.headers(Role.CLERK)
    )
    assert [r["id"] for r in pending.json()] == [record_id]

    without_reason = await client.post(
        f"/api/v1/grower-records/{record_id}/confirm",
        json={"weight_g": 8200},
        headers=world.headers(Role.CLERK),
    )
    assert without_reason.status_code == 422

    confirmed = await client.post(
        f"/api/v1/grower-records/{record_id}/confirm",
        json={"weight_g": 8200, "reason": "带了湿叶子"},
        headers=world.headers(Role.CLERK),
    )
    assert confirmed.status_code == 200, confirmed.text
    record = confirmed.json()
    assert (record["weight_g"], record["confirmed_weight_g"]) == (8400, 8200)
    assert record["status"] == "confirmed" and record["lot_code"]

    statement = (
        await client.get(
            f"/api/v1/households/{world.households['H1']}/statement",
            headers=world.headers(Role.MEMBER),
        )
    ).json()
    assert [(e["kind"], e["amount_fen"], e["weight_g"]) for e in statement["entries"]] == [
        ("fruit_purchase", 8200, 8200)
    ]


async def test_a_cooperative_that_trusts_growers_credits_their_record_at_once(client, world):
    from coop.tables import Cooperative

    await Cooperative.update({Cooperative.trust_grower_records: True}).where(
        Cooperative.id == world.cooperative_id
    )
    recorded = await client.post(
        "/api/v1/grower-records",
        json={"product_id": world.fruit_id, "weight_g": 5000},
        headers=world.headers(Role.MEMBER),
    )
    assert recorded.json()["status"] == "confirmed"
    assert recorded.json()["lot_code"]


async def test_a_correction_leaves_the_original_entry_exactly_as_it_was(client, world):
    clerk = world.headers(Role.CLERK)
    lot = (
        await client.post(
            "/api/v1/weighins",
            json={
                "household_id": world.households["H2"],
                "product_id": world.fruit_id,
                "weight_g": 3000,
            },
            headers=clerk,
        )
    ).json()
    before = await LedgerEntry.select().where(LedgerEntry.source_id == lot["id"])
    await client.post(
        f"/api/v1/weighins/{lot['id']}/corrections",
        json={"reason": "重复录入", "void": True},
        headers=clerk,
    )
    after = await LedgerEntry.select().where(LedgerEntry.source_id == lot["id"])
    assert after[0] == before[0]
    assert [e["amount_fen"] for e in after] == [3000, -3000]
    assert (await HarvestLot.select().where(HarvestLot.id == lot["id"]).first())["status"] == "void"


async def test_a_lot_can_be_corrected_only_once(client, world):
    clerk = world.headers(Role.CLERK)
    lot = (
        await client.post(
            "/api/v1/weighins",
            json={
                "household_id": world.households["H2"],
                "product_id": world.fruit_id,
                "weight_g": 3000,
            },
            headers=clerk,
        )
    ).json()
    first = await client.post(
        f"/api/v1/weighins/{lot['id']}/corrections",
        json={"reason": "错了", "void": True},
        headers=clerk,
    )
    second = await client.post(
        f"/api/v1/weighins/{lot['id']}/corrections",
        json={"reason": "又错了", "void": True},
        headers=clerk,
    )
    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "already_corrected"


async def test_a_correction_resent_with_its_idempotency_key_answers_as_the_first_time(
    client, world
):
    """The tablet lost the answer and sends again: the lot is already corrected, yet the retry
    gets the first correction back, and nothing is reversed twice."""
    clerk = world.headers(Role.CLERK)
    lot = (
        await client.post(
            "/api/v1/weighins",
            json={
                "household_id": world.households["H1"],
                "product_id": world.fruit_id,
                "weight_g": 3000,
            },
            headers=clerk,
        )
    ).json()
    resend = world.headers(Role.CLERK, **{"Idempotency-Key": "tablet-2-correction-9"})
    correction = {"weight_g": 2800, "reason": "秤没归零"}
    url = f"/api/v1/weighins/{lot['id']}/corrections"
    first = await client.post(url, json=correction, headers=resend)
    retry = await client.post(url, json=correction, headers=resend)
    assert (first.status_code, retry.status_code) == (201, 201), retry.text
    assert retry.json() == first.json()
    entries = await LedgerEntry.select(LedgerEntry.amount_fen).where(
        LedgerEntry.household == world.households["H1"]
    )
    assert sorted(e["amount_fen"] for e in entries) == [-3000, 2800, 3000]


async def test_a_correction_without_a_new_weight_must_say_void_explicitly(client, world):
    """An empty new weight is no longer read as "void": it is refused, and nothing changes."""
    clerk = world.headers(Role.CLERK)
    lot = (
        await client.post(
            "/api/v1/weighins",
            json={"household_id": world.households["H1"], "product_id": world.fruit_id,
                  "weight_g": 3000},
            headers=clerk,
        )
    ).json()  # fmt: skip
    url = f"/api/v1/weighins/{lot['id']}/corrections"
    empty = await client.post(url, json={"reason": "错了"}, headers=clerk)
    assert empty.status_code == 422
    assert empty.json()["error"]["code"] == "new_weight_or_void"
    assert "作废" in empty.json()["error"]["message"]
    both = await client.post(url, json={"reason": "错了", "weight_g": 2800, "void": True},
                             headers=clerk)  # fmt: skip
    assert both.status_code == 422 and both.json()["error"]["code"] == "void_with_weight"
    assert (await HarvestLot.select().where(HarvestLot.id == lot["id"]).first())["status"] == "open"
    assert await LedgerEntry.count().where(LedgerEntry.source_id == lot["id"]) == 1

    voided = await client.post(url, json={"reason": "重复录入", "void": True}, headers=clerk)
    assert voided.status_code == 201 and voided.json()["replacement"] is None
