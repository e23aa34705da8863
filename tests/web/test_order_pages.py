"""The order desk through httpx on SQLite and PostgreSQL: filters, totals, import, refusals."""

from __future__ import annotations

import csv
import io
import re

import pytest
from support_jam_stock import jars_left, stock_jam

from coop.domain.actors import Role
from coop.services import order_creation, order_queries, order_transitions
from coop.services.order_views import NewLine, NewOrder, Transition
from coop.tables import ImportMapping, Order
from web.conftest import csrf_of, post_form


async def an_order(world, jars: int = 1, channel: str = "shop", number: str = "") -> int:
    clerk = world.actors[Role.CLERK]
    fields = NewOrder(
        channel=channel,
        channel_order_no=number,
        buyer_name="陈女士",
        lines=[NewLine(product_id=world.jam_id, jars=jars)],
        total_fen=3500 * jars,
    )
    return (await order_creation.create_order(clerk, fields)).id


def new_order_form(world, **changes: str) -> dict[str, str]:
    return {
        "key": "form-1",
        "channel": "phone",
        "channel_order_no": "",
        "buyer_name": "陈女士",
        "buyer_phone": "13600000000",
        "address": "伊宁市",
        "product_0": str(world.jam_id),
        "quantity_0": "2",
        "price_0": "",
        "shipping": "8",
        "discount": "",
        "total": "",
        "action": "save",
        **changes,
    }


async def test_the_desk_filters_orders_by_status_and_channel(visitor, world):
    await stock_jam(world, jars=10)
    paid = await an_order(world, channel="wechat")
    await order_transitions.transition(world.actors[Role.CLERK], paid, Transition(to="paid"))
    waiting = await an_order(world, channel="shop")
    client = await visitor(Role.CLERK)

    everything = await client.get("/orders")
    assert everything.status_code == 200
    for order_id in (paid, waiting):
        assert f'data-order="{order_id}"' in everything.text
    assert "已付款" in everything.text and "待付款" in everything.text  # names, not codes

    only_paid = await client.get("/orders", params={"status": "paid", "channel": ""})
    assert f'data-order="{paid}"' in only_paid.text
    assert f'data-order="{waiting}"' not in only_paid.text
    only_shop = await client.get("/orders", params={"channel": "shop", "date_from": "2020-01-01"})
    assert f'data-order="{waiting}"' in only_shop.text
    assert f'data-order="{paid}"' not in only_shop.text
    long_ago = await client.get("/orders", params={"date_to": "2020-01-01"})
    assert "data-order=" not in long_ago.text and "没有符合条件的订单" in long_ago.text

    bad_date = await client.get("/orders", params={"date_from": "yesterday"})
    assert bad_date.status_code == 422 and "2026-07-01" in bad_date.text


async def test_a_new_order_shows_its_total_and_saves_once_with_the_products_price(visitor, world):
    batch = await stock_jam(world, jars=10)
    client = await visitor(Role.CLERK)
    shown = await post_form(
        client, "/orders/new", "/orders/new", new_order_form(world, action="preview")
    )
    assert shown.status_code == 200
    assert 'value="35.00"' in shown.text  # the unit price comes from the product
    assert re.search(r'data-testid="total">.*78\.00', shown.text)
    assert await Order.count().where(Order.cooperative == world.cooperative_id) == 0

    form = new_order_form(world)
    saved = await post_form(client, "/orders/new", "/orders/new", form)
    assert saved.status_code == 303
    again = await post_form(client, "/orders/new", "/orders/new", form)  # a double tap
    assert again.headers["location"] == saved.headers["location"]
    assert await Order.count().where(Order.cooperative == world.cooperative_id) == 1
    assert await jars_left(batch.id) == 8
    detail = await client.get(saved.headers["location"])
    assert "78.00" in detail.text and batch.code in detail.text and "王建国" in detail.text


async def test_a_new_order_with_a_wrong_total_is_refused_with_the_reason(visitor, world):
    batch = await stock_jam(world, jars=10)
    client = await visitor(Role.CLERK)
    refused = await post_form(
        client, "/orders/new", "/orders/new", new_order_form(world, total="80")
    )
    assert refused.status_code == 422
    assert "总额 80.00 元不对，应为 78.00 元" in refused.text
    assert await Order.count().where(Order.cooperative == world.cooperative_id) == 0
    assert await jars_left(batch.id) == 10


async def test_more_jars_than_in_stock_are_refused_on_the_form(visitor, world):
    await stock_jam(world, jars=1)
    client = await visitor(Role.CLERK)
    refused = await post_form(
        client, "/orders/new", "/orders/new", new_order_form(world, quantity_0="3")
    )
    assert refused.status_code == 409
    assert "缺货：树莓酱 只剩 1 瓶，订购 3 瓶" in refused.text
    assert await Order.count().where(Order.cooperative == world.cooperative_id) == 0


async def test_a_shipped_order_offers_no_cancel_and_a_forced_cancel_is_refused(visitor, world):
    await stock_jam(world, jars=5)
    order_id = await an_order(world)
    clerk = world.actors[Role.CLERK]
    for to in ("paid", "packed"):
        await order_transitions.transition(clerk, order_id, Transition(to=to))
    await order_transitions.transition(
        clerk, order_id, Transition(to="shipped", carrier="顺丰", tracking="SF123")
    )
    client = await visitor(Role.CLERK)
    page = await client.get(f"/orders/{order_id}")
    assert 'data-to="cancelled"' not in page.text and 'data-to="refunded"' in page.text
    forced = await client.post(
        f"/orders/{order_id}/transition",
        data={"to": "cancelled", "reason": "不要了", "_csrf_token": csrf_of(page)},
    )
    assert forced.status_code == 409
    assert "已发货的订单不能取消" in forced.text
    assert (await order_queries.order(clerk, order_id)).status == "shipped"


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("zh_CN", "订单已是“已取消”，不能再更改。"),
        ("ug", "زاكاز ئاللىقاچان «بىكار قىلىندى» ھالىتىدە؛ ئەمدى ئۆزگەرتىشكە بولمايدۇ."),
        ("en", "The order is already “Cancelled”; it cannot change any more."),
    ],
)
async def test_a_cancelled_order_refuses_a_change_naming_its_status_in_the_readers_words(
    visitor, world, locale, said
):
    await stock_jam(world, jars=5)
    order_id = await an_order(world)
    clerk = world.actors[Role.CLERK]
    await order_transitions.transition(
        clerk, order_id, Transition(to="cancelled", reason="买家不要了")
    )
    client = await visitor(Role.CLERK)
    client.cookies.set("coop_locale", locale)
    page = await client.get(f"/orders/{order_id}")
    forced = await client.post(
        f"/orders/{order_id}/transition", data={"to": "paid", "_csrf_token": csrf_of(page)}
    )
    assert forced.status_code == 409
    assert said in forced.text
    assert (await order_queries.order(clerk, order_id)).status == "cancelled"


async def test_a_refund_without_a_reason_stays_on_the_order_with_the_message(visitor, world):
    await stock_jam(world, jars=5)
    order_id = await an_order(world)
    await order_transitions.transition(world.actors[Role.CLERK], order_id, Transition(to="paid"))
    client = await visitor(Role.CLERK)
    page = await post_form(
        client, f"/orders/{order_id}", f"/orders/{order_id}/transition", {"to": "refunded"}
    )
    assert page.status_code == 422 and 'role="alert"' in page.text
    assert (await order_queries.order(world.actors[Role.CLERK], order_id)).status == "paid"


async def test_a_transition_posted_without_its_csrf_token_is_refused(visitor, world):
    await stock_jam(world, jars=5)
    order_id = await an_order(world)
    client = await visitor(Role.CLERK)
    page = await client.post(f"/orders/{order_id}/transition", data={"to": "paid"})
    assert page.status_code == 403
    assert (await order_queries.order(world.actors[Role.CLERK], order_id)).status == "pending"


@pytest.mark.parametrize("role", [Role.MEMBER, Role.PROCESSOR])
async def test_members_and_processors_cannot_open_the_order_desk(visitor, world, role):
    await stock_jam(world, jars=5)
    order_id = await an_order(world)
    client = await visitor(role)
    for path in ("/orders", "/orders/new", f"/orders/{order_id}", "/orders/import"):
        assert (await client.get(path)).status_code == 403, path
    refused = await post_form(
        client, "/me", f"/orders/{order_id}/transition", {"to": "cancelled", "reason": "x"}
    )
    assert refused.status_code == 403
    assert (await order_queries.order(world.actors[Role.CLERK], order_id)).status == "pending"


async def test_the_work_team_reads_orders_without_buttons_or_buyers_phones(visitor, world):
    await stock_jam(world, jars=5)
    order_id = await an_order(world)
    client = await visitor(Role.WORK_TEAM)
    page = await client.get(f"/orders/{order_id}")
    assert page.status_code == 200 and "data-to=" not in page.text.split('data-testid="lines"')[0]
    assert (await client.get(f"/orders/{order_id}/slip")).status_code == 403


@pytest.mark.parametrize(
    ("locale", "words"), [("zh_CN", "订单台"), ("ug", "زاكاز بۆلۈمى"), ("en", "Order desk")]
)
async def test_the_order_pages_render_in_each_language(visitor, world, locale, words):
    await stock_jam(world, jars=5)
    order_id = await an_order(world)
    client = await visitor(Role.CLERK)
    client.cookies.set("coop_locale", locale)
    await post_form(client, "/orders", "/language", {"locale": locale, "next": "/orders"})
    for path in (
        "/orders",
        "/orders/new",
        f"/orders/{order_id}",
        f"/orders/{order_id}/slip",
        "/orders/import",
    ):
        page = await client.get(path)
        assert page.status_code == 200, path
        assert words in page.text, (locale, path)
    if locale == "ug":
        assert 'dir="rtl"' in page.text


HEADER = ["单号", "买家", "商品编码", "数量", "单价", "运费", "实付"]


def export(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    return text.getvalue().encode("utf-8")


COLUMNS = {
    "map_channel_order_no": "单号",
    "map_buyer_name": "买家",
    "map_product_code": "商品编码",
    "map_quantity": "数量",
    "map_unit_price": "单价",
    "map_shipping": "运费",
    "map_total": "实付",
}


async def columns_page(client, data: bytes):
    token = csrf_of(await client.get("/orders/import"))
    return await client.post(
        "/orders/import",
        data={"channel": "shop", "_csrf_token": token},
        files={"file": ("export.csv", data, "text/csv")},
    )


async def test_the_import_preview_shows_bad_rows_with_reasons_and_writes_no_order(visitor, world):
    await stock_jam(world, jars=10)
    client = await visitor(Role.CLERK)
    rows = [
        ["TB1", "甲", "jam", "1", "35", "8", "43"],
        ["TB2", "乙", "nope", "1", "35", "8", "43"],  # no such product
        ["TB3", "丙", "jam", "1", "35", "8", "50"],  # the total does not add up
    ]
    columns = await columns_page(client, export(rows))
    assert columns.status_code == 200
    data = re.search(r'name="data" value="([^"]+)"', columns.text)
    assert data
    preview = await client.post(
        "/orders/import/preview",
        data={"channel": "shop", "data": data.group(1), "_csrf_token": csrf_of(columns), **COLUMNS},
    )
    assert preview.status_code == 200
    assert re.search(r'data-testid="to-create"><bdi>1<', preview.text)
    assert re.search(r'data-testid="refused"><bdi>2<', preview.text)
    assert "nope" in preview.text and preview.text.count('data-outcome="refused"') == 2
    assert await Order.count().where(Order.cooperative == world.cooperative_id) == 0
    assert await ImportMapping.count().where(ImportMapping.cooperative == world.cooperative_id) == 1

    again = await columns_page(client, export(rows))  # the saved mapping comes back prefilled
    assert '<option value="单号" selected>' in again.text

    token = re.search(r'name="token" value="([^"]+)"', preview.text)
    assert token
    done = await client.post(
        "/orders/import/confirm",
        data={
            "channel": "shop",
            "data": data.group(1),
            "token": token.group(1),
            "_csrf_token": csrf_of(preview),
        },
    )
    assert done.status_code == 303
    result = await client.get(done.headers["location"])
    assert re.search(r'data-testid="created"><bdi>1<', result.text)
    assert await Order.count().where(Order.cooperative == world.cooperative_id) == 1

    twice = await client.post(
        "/orders/import/preview",
        data={"channel": "shop", "data": data.group(1), "_csrf_token": csrf_of(columns), **COLUMNS},
    )
    assert re.search(r'data-testid="already"><bdi>1<', twice.text)
    assert re.search(r'data-testid="to-create"><bdi>0<', twice.text)
    assert "/orders/import/confirm" not in twice.text


async def test_an_unreadable_upload_is_explained_on_the_first_step(visitor, world):
    client = await visitor(Role.CLERK)
    page = await columns_page(client, b"")
    assert page.status_code == 422 and 'role="alert"' in page.text
