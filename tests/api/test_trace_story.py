"""Traceability and recalls, on SQLite and on PostgreSQL."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from support_trace_chain import build_chain, cook, sell_jars

from coop.domain.actors import Role
from coop.domain.errors import Conflict, InvalidInput
from coop.services import holds, recalls, trace
from coop.services.holds import Hold
from coop.services.recalls import Closing, NewContact, NewRecall
from coop.tables import AuditEvent, Batch, HarvestLot, RecallContact

CLERK, WORK_TEAM = Role.CLERK, Role.WORK_TEAM


async def test_a_jar_traces_back_to_the_exact_lots_and_grams_its_batch_took(client, world):
    chain = await build_chain(world)
    response = await client.get(
        "/api/v1/trace/backward",
        params={"q": f"http://127.0.0.1:8000/l/{chain.one.code}/00042"},
        headers=world.headers(CLERK),
    )
    assert response.status_code == 200, response.text
    traced = response.json()
    assert traced["batch"]["code"] == chain.one.code
    assert traced["serial"] == "00042"
    assert {lot["lot_code"]: lot["taken_g"] for lot in traced["lots"]} == {
        chain.lot: 4_000,
        chain.other: 3_000,
    }
    households = {lot["lot_code"]: lot["household_code"] for lot in traced["lots"]}
    assert households == {chain.lot: "H1", chain.other: "H2"}
    assert {lot["weighed_by"] for lot in traced["lots"]} == {world.actors[CLERK].name}


async def test_a_box_of_fresh_fruit_traces_back_to_its_lot_and_grower(world):
    chain = await build_chain(world)
    box = next(iter(sorted(chain.traced_orders)))
    traced = await trace.backward_order(world.actors[CLERK], max(chain.traced_orders))
    assert [(lot.lot_code, lot.taken_g, lot.household_code) for lot in traced.lots] == [
        (chain.lot, 500, "H1")
    ]
    assert box in chain.traced_orders


async def test_a_lot_traces_forward_to_exactly_its_batches_and_orders(client, world):
    chain = await build_chain(world)
    response = await client.get(
        "/api/v1/trace/forward", params={"q": chain.lot}, headers=world.headers(CLERK)
    )
    assert response.status_code == 200, response.text
    traced = response.json()
    assert {b["code"] for b in traced["batches"]} == {chain.one.code, chain.two.code}
    assert {o["id"] for o in traced["orders"]} == chain.traced_orders
    assert {o["buyer_name"] for o in traced["orders"]} == {"张三", "李四", "王五"}
    assert "13900001234" in {o["buyer_phone"] for o in traced["orders"]}


async def test_the_work_team_sees_the_buyers_but_not_their_phones_or_addresses(client, world):
    chain = await build_chain(world)
    response = await client.get(
        "/api/v1/trace/forward", params={"q": chain.lot}, headers=world.headers(WORK_TEAM)
    )
    orders = response.json()["orders"]
    assert {o["id"] for o in orders} == chain.traced_orders
    assert {(o["buyer_phone"], o["address"]) for o in orders} == {(None, None)}


async def test_a_household_forward_reaches_every_order_of_its_fruit(world):
    chain = await build_chain(world)
    h2 = await trace.forward(world.actors[CLERK], household_id=world.households["H2"])
    assert {lot.lot_code for lot in h2.lots} == {chain.other, chain.unrelated}
    assert {b.code for b in h2.batches} == {chain.one.code, chain.three.code}
    one_order = {o.id for o in h2.orders} - chain.other_orders
    assert len(one_order) == 1 and one_order <= chain.traced_orders


async def test_members_and_processors_may_not_trace(client, world):
    chain = await build_chain(world)
    for role in (Role.MEMBER, Role.PROCESSOR):
        response = await client.get(
            "/api/v1/trace/forward", params={"q": chain.lot}, headers=world.headers(role)
        )
        assert response.status_code == 403


async def test_a_held_batch_cannot_be_sold_or_packed_and_says_why(client, world):
    chain = await build_chain(world)
    order_id = await sell_jars(world, chain.one.id, 1, "孙七")
    await client.post(
        f"/api/v1/orders/{order_id}/transitions", json={"to": "paid"}, headers=world.headers(CLERK)
    )
    held = await client.post(
        "/api/v1/holds",
        json={"lot_code": chain.one.code, "reason": "顾客反映胀罐"},
        headers=world.headers(CLERK),
    )
    assert held.status_code == 200, held.text
    sale = await client.post(
        "/api/v1/orders",
        json={
            "channel": "shop",
            "lines": [
                {
                    "product_id": world.jam_id,
                    "jars": 1,
                    "unit_price_fen": 3500,
                    "batches": [{"batch_id": chain.one.id, "jars": 1}],
                }
            ],
            "total_fen": 3500,
        },
        headers=world.headers(CLERK),
    )
    assert sale.status_code == 409
    assert sale.json()["error"]["code"] == "batch_not_for_sale"
    assert chain.one.code in sale.json()["error"]["message"]
    packing = await client.post(
        f"/api/v1/orders/{order_id}/transitions",
        json={"to": "packed"},
        headers=world.headers(CLERK),
    )
    assert packing.status_code == 409
    assert packing.json()["error"]["code"] == "batch_not_for_sale"
    audit = await AuditEvent.select(AuditEvent.action).where(
        (AuditEvent.subject_type == "batch") & (AuditEvent.subject_id == chain.one.id)
    )
    assert "batch_held" in {row["action"] for row in audit}


async def test_holding_a_lot_holds_its_batches_and_its_fresh_fruit(world):
    chain = await build_chain(world)
    clerk = world.actors[CLERK]
    await holds.hold(clerk, Hold(chain.lot, "农残待检"))
    statuses = await Batch.select(Batch.code, Batch.status).where(
        Batch.id.is_in([chain.one.id, chain.two.id, chain.three.id])
    )
    assert {row["code"]: row["status"] for row in statuses} == {
        chain.one.code: "held",
        chain.two.code: "held",
        chain.three.code: "finished",
    }
    lot = await HarvestLot.select(HarvestLot.status).where(HarvestLot.code == chain.lot).first()
    assert lot == {"status": "held"}
    await holds.release(clerk, Hold(chain.lot, "检测合格"))
    assert (
        await Batch.count().where(
            Batch.id.is_in([chain.one.id, chain.two.id]) & (Batch.status == "finished")
        )
        == 2
    )


async def test_a_hold_needs_a_reason_and_changes_nothing_without_one(world):
    chain = await build_chain(world)
    with pytest.raises(InvalidInput):
        await holds.hold(world.actors[CLERK], Hold(chain.one.code, "  "))
    row = await Batch.select(Batch.status).where(Batch.id == chain.one.id).first()
    assert row == {"status": "finished"}


async def test_a_recall_lists_its_buyers_records_contacts_and_closes_only_with_a_note(
    client, world
):
    chain = await build_chain(world)
    headers = world.headers(CLERK)
    opened = await client.post(
        "/api/v1/recalls", json={"lot_code": chain.lot, "reason": "霉变"}, headers=headers
    )
    assert opened.status_code == 201, opened.text
    recall = opened.json()
    assert {item["order"]["id"] for item in recall["orders"]} == chain.traced_orders
    assert (
        await Batch.count().where(
            Batch.id.is_in([chain.one.id, chain.two.id]) & (Batch.status == "recalled")
        )
        == 2
    )
    order_id = min(chain.traced_orders)
    for outcome in ("no_answer", "reached"):
        contact = await client.post(
            f"/api/v1/recalls/{recall['id']}/contacts",
            json={"order_id": order_id, "channel": "phone", "outcome": outcome, "note": ""},
            headers=headers,
        )
        assert contact.status_code == 201, contact.text
    stranger = await client.post(
        f"/api/v1/recalls/{recall['id']}/contacts",
        json={"order_id": min(chain.other_orders), "channel": "visit", "outcome": "reached"},
        headers=headers,
    )
    assert stranger.status_code == 422
    contacts = await RecallContact.select(RecallContact.outcome).where(
        RecallContact.recall == recall["id"]
    )
    assert [row["outcome"] for row in contacts] == ["no_answer", "reached"]
    listed = (await client.get(f"/api/v1/recalls/{recall['id']}", headers=headers)).json()
    mine = next(item for item in listed["orders"] if item["order"]["id"] == order_id)
    assert [c["outcome"] for c in mine["contacts"]] == ["no_answer", "reached"]

    unnoted = await client.post(
        f"/api/v1/recalls/{recall['id']}/close", json={"note": " "}, headers=headers
    )
    assert unnoted.status_code == 422
    assert unnoted.json()["error"]["code"] == "closing_note_required"
    closed = await client.post(
        f"/api/v1/recalls/{recall['id']}/close",
        json={"note": "三位买家均已联系，两罐退回销毁"},
        headers=headers,
    )
    assert closed.status_code == 200
    assert closed.json()["closing_note"] == "三位买家均已联系，两罐退回销毁"
    late = await client.post(
        f"/api/v1/recalls/{recall['id']}/contacts",
        json={"order_id": order_id, "channel": "wechat", "outcome": "refunded"},
        headers=headers,
    )
    assert late.status_code == 409


async def test_a_drill_holds_nothing_and_records_how_long_it_took(world):
    chain = await build_chain(world)
    team = world.actors[WORK_TEAM]
    drill = await recalls.open_recall(team, NewRecall(chain.lot, "演练", drill=True))
    assert {item.order.id for item in drill.orders} == chain.traced_orders
    assert (
        await Batch.count().where(
            Batch.id.is_in([chain.one.id, chain.two.id]) & (Batch.status == "finished")
        )
        == 2
    )
    done = await recalls.finish_drill(team, drill.id)
    assert done.drill_completed_at is not None and done.drill_duration_ms is not None
    assert done.drill_duration_ms >= 0
    with pytest.raises(Conflict):
        await recalls.finish_drill(team, drill.id)
    with pytest.raises(InvalidInput):
        await recalls.close_recall(team, drill.id, Closing(""))
    with pytest.raises(InvalidInput):
        await recalls.record_contact(
            team, drill.id, NewContact(min(chain.traced_orders), "fax", "reached")
        )


async def test_the_spreadsheet_opens_sorts_by_date_and_holds_every_event_of_the_chain(
    client, world
):
    chain = await build_chain(world)
    response = await client.get(
        "/api/v1/trace/export",
        params={"q": chain.lot, "format": "xlsx"},
        headers=world.headers(CLERK),
    )
    assert response.status_code == 200, response.text
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("事件", "日期时间", "批号")
    assert sheet["C1"].comment.text == "Traceability lot code"
    events = rows[1:]
    assert [row[1] for row in events] == sorted(row[1] for row in events)
    kinds = [row[0] for row in events]
    # the harvest of L; L into batch one and two; three orders shipped
    assert kinds.count("收获/收购") == 1 and kinds.count("加工") == 2 and kinds.count("发货") == 3
    shipped = {(row[2], row[4], row[5]) for row in events if row[0] == "发货"}
    assert shipped == {
        (chain.one.code, 2, "jar"),
        (chain.two.code, 3, "jar"),
        (chain.lot, 500, "g"),
    }
    assert {row[8] for row in events if row[0] == "加工"} == {chain.one.code, chain.two.code}

    text = await client.get(
        "/api/v1/trace/export",
        params={"q": chain.one.code, "format": "csv"},
        headers=world.headers(CLERK),
    )
    table = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    assert table[1][2] == "Traceability lot code"
    body = table[2:]
    assert [row[1] for row in body] == sorted(row[1] for row in body)
    # one step back: both lots harvested and taken in; one step forward: the one jar order
    assert sorted(row[0] for row in body) == sorted(["收获/收购"] * 2 + ["加工"] * 2 + ["发货"])


async def test_a_held_lots_fruit_cannot_be_sold_fresh_or_cooked(client, world):
    chain = await build_chain(world)
    await holds.hold(world.actors[CLERK], Hold(chain.lot, "农残待检"))
    sale = await client.post(
        "/api/v1/orders",
        json={
            "channel": "on_site",
            "lines": [
                {
                    "product_id": world.fruit_id,
                    "weight_g": 500,
                    "unit_price_fen": 2000,
                    "lots": [{"lot_code": chain.lot, "weight_g": 500}],
                }
            ],
            "total_fen": 1000,
        },
        headers=world.headers(CLERK),
    )
    assert sale.status_code == 409
    assert sale.json()["error"]["code"] == "lot_not_for_sale"
    assert chain.lot in sale.json()["error"]["message"]
    with pytest.raises(Conflict) as refused:
        await cook(world, [(chain.lot, 100)], jars=1)
    assert refused.value.code == "lot_not_for_sale"
