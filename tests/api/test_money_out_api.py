"""Advances and payout runs through the API, both databases: the 95.00 story, retries and lists."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl

from coop.domain.actors import Role
from coop.services.clock import today


async def test_an_advance_is_netted_and_a_run_pays_the_rest_once_with_stable_bill_numbers(
    client, world
):
    admin, h1 = world.headers(Role.ADMIN), world.households["H1"]
    clerk = world.headers(Role.CLERK)
    weighed = {"household_id": h1, "product_id": world.fruit_id, "weight_g": 12_500}
    assert (await client.post("/api/v1/weighins", json=weighed, headers=clerk)).status_code == 201
    advance = {"household_id": h1, "kind": "advance", "item": "买农药", "amount_fen": 3000}
    keyed = {**admin, "Idempotency-Key": "advance-1"}
    first = await client.post("/api/v1/advances", json=advance, headers=keyed)
    again = await client.post("/api/v1/advances", json=advance, headers=keyed)
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    listed = (await client.get("/api/v1/advances", headers=admin)).json()
    assert [(a["amount_fen"], a["settled_fen"]) for a in listed] == [(3000, 3000)]
    balance = await client.get(f"/api/v1/balances/{h1}", headers=admin)
    assert balance.json()["balance_fen"] == 9500

    period = {
        "period_start": (today() - timedelta(days=7)).isoformat(),
        "period_end": today().isoformat(),
        "method": "wechat",
    }
    run = (await client.post("/api/v1/payout-runs", json=period, headers=admin)).json()
    [line] = [x for x in run["lines"] if x["household_id"] == h1]
    assert (line["earned_fen"], line["deducted_fen"], line["pay_fen"]) == (12500, 3000, 9500)
    path = f"/api/v1/payout-runs/{run['id']}"
    early = await client.get(f"{path}/export", headers=admin)
    assert early.status_code == 404  # a list only once the payouts are posted
    assert (await client.post(f"{path}/lock", headers=admin)).status_code == 200
    confirmed = [(await client.post(f"{path}/confirm", headers=admin)).json() for _ in range(2)]
    assert confirmed[0] == confirmed[1] and confirmed[0]["paid_fen"] == 9500
    balance = await client.get(f"/api/v1/balances/{h1}", headers=admin)
    assert balance.json()["balance_fen"] == 0
    payouts = (await client.get(f"/api/v1/payouts?household_id={h1}", headers=admin)).json()
    assert [p["amount_fen"] for p in payouts] == [9500]

    def numbers(answer) -> list[str]:
        sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
        return [row[0] for row in list(sheet.iter_rows(values_only=True))[1:]]

    exports = [await client.get(f"{path}/export?kind=wallet", headers=admin) for _ in range(2)]
    assert numbers(exports[0]) == numbers(exports[1]) == [payouts[0]["reference"]]


async def test_bad_advances_and_steps_are_refused_with_a_reason(client, world):
    admin, h1 = world.headers(Role.ADMIN), world.households["H1"]
    no_item = {"household_id": h1, "kind": "input_credit", "quantity_milli": 1000}
    refused = await client.post("/api/v1/advances", json=no_item, headers=admin)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "item_required"
    team = await client.post(
        "/api/v1/advances",
        json={"household_id": h1, "kind": "advance", "amount_fen": 100},
        headers=world.headers(Role.WORK_TEAM),
    )
    assert team.status_code == 403
    period = {"period_start": "2026-08-15", "period_end": "2026-08-01", "method": "bank"}
    reversed_period = await client.post("/api/v1/payout-runs", json=period, headers=admin)
    assert reversed_period.status_code == 422
    period = {"period_start": "2026-08-01", "period_end": "2026-08-15", "method": "bank"}
    run = (await client.post("/api/v1/payout-runs", json=period, headers=admin)).json()
    early = await client.post(f"/api/v1/payout-runs/{run['id']}/confirm", headers=admin)
    assert early.status_code == 409 and early.json()["error"]["code"] == "payout_run_status"
    missing = await client.get("/api/v1/payout-runs/2147483647", headers=admin)
    assert missing.status_code == 404
