"""Inputs that once made the API answer 500 (found by fuzzing it from its own schema): each now
gets a 4xx with a stable code and a message, and writes nothing."""

from __future__ import annotations

import pytest

from coop.domain.actors import Role
from coop.tables import (
    AuditEvent,
    Batch,
    HarvestLot,
    Household,
    LedgerEntry,
    Order,
    Recall,
    RecallContact,
)

WRITTEN = (Household, HarvestLot, LedgerEntry, AuditEvent, Batch, Order, Recall, RecallContact)
HUGE = 2**63  # past PostgreSQL's bigint and SQLite's integer
NUL = "\x00"

# (route as the schema names it, method, address, JSON body or None, expected status)
CASES = [
    ("GET /trace/orders/{order_id}/backward", "GET", f"/trace/orders/{HUGE}/backward", None, 422),
    ("GET /income/review/export", "GET", f"/income/review/export?season={HUGE}", None, 422),
    ("GET /orders", "GET", "/orders?date_to=9999-12-31", None, 422),
    ("GET /orders", "GET", "/orders?date_from=0001-01-01", None, 422),
    ("GET /orders", "GET", "/orders?status=%00&channel=%00", None, 422),
    ("POST /recalls/{recall_id}/drill-finish", "POST", f"/recalls/{HUGE}/drill-finish", None, 422),
    (
        "POST /households",
        "POST",
        "/households",
        {"code": "H9", "display_name": f"王{NUL}建国"},
        422,
    ),
    ("POST /households", "POST", "/households", {"code": "H9" * 20, "display_name": "王"}, 422),
    ("POST /recalls", "POST", "/recalls", {"lot_code": f"L{NUL}", "reason": "霉变"}, 422),
    ("POST /recalls", "POST", "/recalls", {"lot_code": "L26-1", "reason": "霉" * 301}, 422),
    ("POST /recalls/{recall_id}/close", "POST", f"/recalls/{HUGE}/close", {"note": "好"}, 422),
    ("POST /recalls/{recall_id}/close", "POST", "/recalls/1/close", {"note": "好" * 1001}, 422),
    ("GET /batches/{batch_id}", "GET", f"/batches/{HUGE}", None, 422),
    ("GET /trace/forward", "GET", f"/trace/forward?household_id={HUGE}", None, 422),
    ("GET /trace/forward", "GET", "/trace/forward?start=0001-01-01&end=9999-12-31", None, 422),
    ("GET /trace/forward", "GET", "/trace/forward?q=%00", None, 422),
    (
        "GET /income/charts/households/{household_id}",
        "GET",
        f"/income/charts/households/{HUGE}?chart=weekly",
        None,
        422,
    ),
    (
        "GET /income/charts/households/{household_id}",
        "GET",
        f"/income/charts/households/1?chart=weekly&season={HUGE}",
        None,
        422,
    ),
    (
        "PUT /orders/{order_id}/lines/{line_id}/picks",
        "PUT",
        f"/orders/{HUGE}/lines/{HUGE}/picks",
        {},
        422,
    ),
    (
        "PUT /orders/{order_id}/lines/{line_id}/picks",
        "PUT",
        "/orders/1/lines/1/picks",
        {"batches": [{"batch_id": HUGE, "jars": HUGE}]},
        422,
    ),
    ("GET /households", "GET", "/households?search=%00", None, 422),
    ("GET /weighins", "GET", "/weighins?since=0001-01-01T00:00:00%2B14:00", None, 422),
]


async def rows_written() -> tuple[int, ...]:
    return tuple([await table.count() for table in WRITTEN])


@pytest.mark.parametrize(("route", "method", "path", "body", "status"), CASES, ids=str)
async def test_an_input_that_once_crashed_a_route_gets_a_4xx_and_writes_nothing(
    client, world, route, method, path, body, status
):
    before = await rows_written()
    answer = await client.request(
        method,
        f"/api/v1{path}",
        json=body,
        headers=world.headers(Role.ADMIN, **{"Accept-Language": "en"}),
    )
    assert answer.status_code == status, (route, answer.text)
    if status >= 400:
        error = answer.json()["error"]
        assert error["code"] and error["message"], error
    assert await rows_written() == before


async def test_the_list_of_recalls_answers_once_a_recall_is_open(client, world):
    """Listing recalls crashed as soon as one existed: the summary lacked its lot's code."""
    lot = await client.post(
        "/api/v1/weighins",
        json={
            "household_id": world.households["H1"],
            "product_id": world.fruit_id,
            "weight_g": 9000,
        },
        headers=world.headers(Role.CLERK),
    )
    assert lot.status_code == 201, lot.text
    code = lot.json()["lot_code"]
    admin = world.headers(Role.ADMIN)
    opened = await client.post(
        "/api/v1/recalls", json={"lot_code": code, "reason": "霉变", "drill": True}, headers=admin
    )
    assert opened.status_code == 201, opened.text
    listed = await client.get("/api/v1/recalls", headers=admin)
    assert listed.status_code == 200, listed.text
    assert [(r["lot_code"], r["drill"]) for r in listed.json()] == [(code, True)]


async def test_text_with_control_characters_is_refused_so_the_income_export_keeps_working(
    client, world
):
    """A household name with a vertical tab was saved, then the income review's XLSX export
    crashed on it; such text is now refused where it comes in."""
    admin = world.headers(Role.ADMIN, **{"Accept-Language": "en"})
    refused = await client.post(
        "/api/v1/households", json={"code": "H9", "display_name": "王\x0b建国"}, headers=admin
    )
    assert refused.status_code == 422
    assert refused.json()["error"] == {
        "code": "invalid_request",
        "message": "Some of the data sent is not valid: "
        "display_name holds control characters; send plain text.",
    }
    for format in ("xlsx", "csv"):
        export = await client.get(f"/api/v1/income/review/export?format={format}", headers=admin)
        assert export.status_code == 200, export.text


async def test_a_date_out_of_range_is_explained_in_the_asker_s_language(client, world):
    answer = await client.get(
        "/api/v1/orders?date_to=9999-12-31", headers=world.headers(Role.ADMIN)
    )
    assert answer.status_code == 422
    assert answer.json()["error"] == {
        "code": "date_out_of_range",
        "message": "日期须在 1900-01-01 至 9998-12-31 之间。",
    }


BODIES = [
    ("an empty body", b"", 422, "invalid_request"),
    ("a body nested 100 000 deep", b"[" * 100_000, 400, "bad_request"),
    ("a body over 10 MiB", b'{"code": "' + b"H" * (11 * 2**20) + b'"}', 413, "too_large"),
]


@pytest.mark.parametrize(("case", "body", "status", "code"), BODIES, ids=[b[0] for b in BODIES])
async def test_empty_deep_and_huge_bodies_get_a_4xx_and_write_nothing(
    client, world, case, body, status, code
):
    before = await rows_written()
    answer = await client.post(
        "/api/v1/households",
        content=body,
        headers=world.headers(Role.ADMIN, **{"Content-Type": "application/json"}),
    )
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]["code"] == code and answer.json()["error"]["message"]
    assert await rows_written() == before
