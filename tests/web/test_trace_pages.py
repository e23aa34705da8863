"""Trace pages through httpx on both databases: search, views, hold, recall, drill, export."""

from __future__ import annotations

import io
import re

import openpyxl
from support_trace_chain import build_chain

from coop.domain.actors import Role
from coop.tables import Batch, Recall, RecallContact
from web.conftest import post_form

CLERK = Role.CLERK


async def test_staff_find_the_trace_page_from_the_menu(visitor, world):
    client = await visitor(CLERK)
    assert 'href="/trace"' in (await client.get("/weigh")).text
    page = await client.get("/trace")
    assert page.status_code == 200
    assert "溯源" in page.text


async def test_a_jars_label_opens_the_growers_lots_with_grams_and_the_clerk(visitor, world):
    chain = await build_chain(world)
    client = await visitor(CLERK)
    page = await client.get("/trace/backward", params={"q": f"{chain.one.code}/00042"})
    assert page.status_code == 200, page.text
    assert chain.lot in page.text and chain.other in page.text
    assert "王建国" in page.text and "阿依古丽" in page.text
    assert world.actors[CLERK].name in page.text
    taken = re.findall(r'<bdi class="num">([0-9.]+)</bdi>', page.text)
    assert {"4", "3"} <= set(taken)  # kg of each lot in this batch


async def test_the_forward_page_lists_buyers_with_phones_for_the_desk_only(visitor, world):
    chain = await build_chain(world)
    desk = await (await visitor(CLERK)).get("/trace/forward", params={"q": chain.lot})
    assert desk.status_code == 200
    assert "李四" in desk.text and "13900001234" in desk.text
    assert ">待付款</td>" in desk.text and ">已完成</td>" in desk.text  # order, batch
    assert ">pending</td>" not in desk.text and ">finished</td>" not in desk.text
    team = await (await visitor(Role.WORK_TEAM)).get("/trace/forward", params={"q": chain.lot})
    assert "李四" in team.text and "13900001234" not in team.text and "伊宁市" not in team.text


async def test_members_get_a_refusal_page(visitor, world):
    client = await visitor(Role.MEMBER)
    assert (await client.get("/trace")).status_code == 403


async def test_holding_a_batch_from_its_page_stops_its_sale(visitor, world):
    chain = await build_chain(world)
    client = await visitor(CLERK)
    held = await post_form(
        client,
        f"/trace/backward?q={chain.two.code}",
        "/trace/hold",
        {"lot_code": chain.two.code, "reason": "胀罐"},
    )
    assert held.status_code == 303
    row = await Batch.select(Batch.status).where(Batch.id == chain.two.id).first()
    assert row == {"status": "held"}
    page = await client.get(held.headers["location"])
    assert "暂停销售" in page.text


async def test_a_recall_records_contacts_and_refuses_to_close_without_a_note(visitor, world):
    chain = await build_chain(world)
    client = await visitor(CLERK)
    opened = await post_form(
        client,
        f"/trace/forward?q={chain.lot}",
        "/trace/recalls",
        {"lot_code": chain.lot, "reason": "霉变"},
    )
    assert opened.status_code == 303
    where = opened.headers["location"]
    recall_id = int(where.rsplit("/", 1)[1])
    order_id = min(chain.traced_orders)
    saved = await post_form(
        client,
        where,
        f"{where}/contacts",
        {"order_id": str(order_id), "channel": "wechat", "outcome": "returned", "note": "两罐"},
    )
    assert saved.status_code == 303
    assert await RecallContact.count().where(RecallContact.recall == recall_id) == 1
    page = await client.get(where)
    assert "已退回" in page.text and "微信" in page.text
    refused = await post_form(client, where, f"{where}/close", {"note": ""})
    assert refused.status_code == 422
    assert "结案说明" in refused.text
    closed = await post_form(client, where, f"{where}/close", {"note": "已全部处理"})
    assert closed.status_code == 303
    row = await Recall.select(Recall.closing_note).where(Recall.id == recall_id).first()
    assert row == {"closing_note": "已全部处理"}


async def test_a_drill_shows_its_clock_and_then_how_long_it_took(visitor, world):
    chain = await build_chain(world)
    client = await visitor(Role.WORK_TEAM)
    opened = await post_form(
        client,
        f"/trace/forward?q={chain.lot}",
        "/trace/recalls",
        {"lot_code": chain.lot, "reason": "演练", "drill": "on"},
    )
    where = opened.headers["location"]
    running = await client.get(where)
    assert re.search(r"已用时 \d+:\d\d", running.text)
    finished = await post_form(client, where, f"{where}/drill-finish", {})
    assert finished.status_code == 303
    assert re.search(r"本次演练用时 \d+:\d\d", (await client.get(where)).text)
    assert await Batch.count().where(Batch.status == "finished") >= 3


async def test_the_export_link_downloads_a_workbook(visitor, world):
    chain = await build_chain(world)
    client = await visitor(CLERK)
    page = await client.get("/trace/forward", params={"q": chain.lot})
    assert f"/trace/export?q={chain.lot}&format=xlsx" in page.text
    download = await client.get("/trace/export", params={"q": chain.lot, "format": "xlsx"})
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert sheet is not None and sheet.max_row == 1 + 6


async def test_the_uyghur_trace_page_is_right_to_left_and_in_arabic_script(visitor, world):
    client = await visitor(CLERK)
    await post_form(client, "/trace", "/language", {"locale": "ug", "next": "/trace"})
    page = await client.get("/trace")
    assert 'dir="rtl"' in page.text and "مەنبە ئىزلاش" in page.text
