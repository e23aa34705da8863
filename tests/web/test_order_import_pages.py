"""The import wizard with a real shop export: known headers chosen, the done page lists refusals."""

from __future__ import annotations

import csv
import io
import re

from conftest import make_world
from support_jam_stock import stock_jam

from coop.domain.actors import Role
from coop.services.audit import audit
from coop.services.order_import import ACTION
from coop.tables import Order
from web.conftest import csrf_of

TAOBAO = ["订单编号", "收货人姓名", "联系手机", "宝贝标题", "商家编码", "购买数量", "价格",
          "买家应付邮费", "买家实际支付金额"]  # fmt: skip
ROWS = [
    ["TB1", "张三", "13900000000", "树莓酱", "jam", "1", "35", "8", "78"],
    ["TB1", "张三", "13900000000", "树莓酱", "jam", "1", "35", "", ""],  # the same order's 2nd row
    ["TB2", "李四", "13900000001", "葡萄酒", "wine", "1", "35", "8", "43"],  # no such product
    ["TB3", "王五", "13900000002", "树莓酱", "jam", "1", "35", "8", "50"],  # should be 43.00
]


def export(rows: list[list[str]]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows([TAOBAO, *rows])
    return text.getvalue().encode("gbk")


def preselected(page) -> dict[str, str]:
    """The column each select of the columns page has chosen, as the form would send it."""
    chosen = {}
    for block in page.text.split('<select id="')[1:]:
        name, options = block.split('"', 1)
        found = re.search(r'<option value="([^"]*)" selected>', options.split("</select>")[0])
        if found:
            chosen[name] = found.group(1)
    return chosen


def field(page, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]+)"', page.text)
    assert found, name
    return found.group(1)


async def test_the_done_page_lists_the_orders_made_and_every_refused_row_with_its_reason(
    visitor, world
):
    await stock_jam(world, jars=10)
    client = await visitor(Role.CLERK)
    columns = await client.post(
        "/orders/import",
        data={"channel": "shop", "_csrf_token": csrf_of(await client.get("/orders/import"))},
        files={"file": ("淘宝订单.csv", export(ROWS), "text/csv")},
    )
    assert columns.status_code == 200
    # Taobao's own headers are chosen without a saved mapping
    assert '<option value="订单编号" selected>' in columns.text
    assert '<option value="买家实际支付金额" selected>' in columns.text
    chosen = preselected(columns)
    preview = await client.post(
        "/orders/import/preview",
        data={"channel": "shop", "data": field(columns, "data"), "_csrf_token": csrf_of(columns),
              **chosen},
    )  # fmt: skip
    assert preview.status_code == 200, preview.text
    assert re.search(r'data-testid="to-create"><bdi>1<', preview.text)
    assert 'data-rows="2,3"' in preview.text

    done = await client.post(
        "/orders/import/confirm",
        data={
            "channel": "shop",
            "data": field(columns, "data"),
            "token": field(preview, "token"),
            "_csrf_token": csrf_of(preview),
        },
    )
    assert done.status_code == 303
    page = await client.get(done.headers["location"])
    assert page.status_code == 200
    assert re.search(r'data-testid="created"><bdi>1<', page.text)
    assert re.search(r'data-testid="refused"><bdi>2<', page.text)
    refused = page.text.split('data-testid="refused-rows"')[1].split("</ol>")[0]
    assert 'data-rows="4"' in refused and "wine" in refused
    assert 'data-rows="5"' in refused and "50.00" in refused and "43.00" in refused
    created = page.text.split('data-testid="created-orders"')[1].split("</ol>")[0]
    (order_id,) = await Order.select(Order.id).where(Order.cooperative == world.cooperative_id)
    assert f'href="/orders/{order_id["id"]}"' in created and "TB1" in created

    again = await client.post(
        "/orders/import/confirm",
        data={
            "channel": "shop",
            "data": field(columns, "data"),
            "token": field(preview, "token"),
            "_csrf_token": csrf_of(preview),
        },
    )  # a double click: nothing is made twice
    second = await client.get(again.headers["location"])
    assert re.search(r'data-testid="created"><bdi>0<', second.text)
    assert re.search(r'data-testid="already"><bdi>1<', second.text)
    assert await Order.count().where(Order.cooperative == world.cooperative_id) == 1


async def test_another_cooperatives_import_result_is_not_shown(visitor, world):
    other = await make_world()
    theirs = await audit(
        other.actors[Role.CLERK], ACTION, "import", 0, channel="shop", orders=[], refused_rows=[]
    )
    client = await visitor(Role.CLERK)
    assert (await client.get(f"/orders/import/done/{theirs}")).status_code == 404
    assert (await client.get("/orders/import/done/0")).status_code == 422  # before any query
