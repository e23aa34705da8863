"""The OpenAPI document tells the truth: the error body the API really sends, with its statuses,
a one-line description of each operation, examples for the main writes and the Idempotency-Key
header where it is honoured."""

from __future__ import annotations

import pytest

from coop.domain.actors import Role

METHODS = {"get", "post", "put", "patch", "delete"}
HONOURS_IDEMPOTENCY_KEY = {
    ("post", "/api/v1/weighins"),
    ("post", "/api/v1/weighins/{lot_id}/corrections"),
    ("post", "/api/v1/grower-records"),
    ("post", "/api/v1/grower-records/{record_id}/confirm"),
    ("post", "/api/v1/batches"),
    ("post", "/api/v1/batches/{batch_id}/corrections"),
    ("post", "/api/v1/orders"),
    ("post", "/api/v1/payouts"),
    ("post", "/api/v1/members/shares"),
    ("post", "/api/v1/advances"),
    ("post", "/api/v1/payout-runs"),
}
MAIN_WRITES = ["/api/v1/weighins", "/api/v1/orders", "/api/v1/payouts"]


@pytest.fixture
async def spec(client) -> dict:
    return (await client.get("/schema/openapi.json")).json()


def operations(spec: dict):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS and path.startswith("/api/"):
                yield method, path, operation


async def test_every_operation_has_a_one_line_description(spec):
    found = list(operations(spec))
    assert len(found) >= 70
    missing = [(m, p) for m, p, o in found if not o.get("description")]
    assert missing == []
    long = [(m, p) for m, p, o in found if "\n" in o["description"].strip()]
    assert long == []


async def test_every_error_is_documented_with_the_body_the_api_sends(spec):
    for method, path, operation in operations(spec):
        errors = {int(s): r for s, r in operation["responses"].items() if int(s) >= 400}
        assert {401, 500} <= set(errors), (method, path)
        if operation.get("parameters") or operation.get("requestBody"):
            assert {400, 404, 422} <= set(errors), (method, path)
        if method != "get":
            assert 409 in errors, (method, path)
        for status, response in errors.items():
            schema = response["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)
    body = spec["components"]["schemas"]["ErrorBody"]
    detail = spec["components"]["schemas"]["ErrorDetail"]
    assert body["required"] == ["error"]
    assert sorted(detail["required"]) == ["code", "message"]
    assert "status_code" not in str(spec["components"]["schemas"])  # the framework's own body


async def test_an_error_answer_has_the_documented_shape(client, world, spec):
    answer = await client.get("/api/v1/households/2147483647", headers=world.headers(Role.ADMIN))
    assert answer.status_code == 404
    assert set(answer.json()) == {"error"} and set(answer.json()["error"]) == {"code", "message"}
    documented = spec["paths"]["/api/v1/households/{household_id}"]["get"]["responses"]
    assert "404" in documented


async def test_the_idempotency_key_is_documented_where_it_is_honoured(spec):
    with_key = {
        (method, path)
        for method, path, operation in operations(spec)
        if any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    }
    assert with_key == HONOURS_IDEMPOTENCY_KEY


@pytest.mark.parametrize("path", MAIN_WRITES)
async def test_the_main_writes_carry_an_example_the_api_accepts(client, world, spec, path):
    schema = spec["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
    (example,) = schema["examples"]
    ids = {"household_id": world.households["H1"], "product_id": world.fruit_id}
    body = {key: ids.get(key, value) for key, value in example.items()}
    if path.endswith("orders"):  # the example's jars, as fresh fruit of this test's cooperative
        body["lines"] = [{"product_id": world.fruit_id, "weight_g": 1000}]
        body["shipping_fen"], body["total_fen"] = 0, 2000
        await client.post(
            "/api/v1/weighins",
            json={
                "household_id": ids["household_id"],
                "product_id": world.fruit_id,
                "weight_g": 5000,
            },
            headers=world.headers(Role.CLERK),
        )
    if path.endswith("payouts"):
        await client.post(
            "/api/v1/weighins",
            json={
                "household_id": ids["household_id"],
                "product_id": world.fruit_id,
                "weight_g": 90000,
            },
            headers=world.headers(Role.CLERK),
        )
    role = {"/api/v1/payouts": Role.ADMIN}.get(path, Role.CLERK)
    answer = await client.post(path, json=body, headers=world.headers(role))
    assert answer.status_code == 201, answer.text
