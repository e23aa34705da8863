"""Real shop exports: Chinese headers, an order over several rows, GBK and XLSX, yuan in reasons."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from support_jam_stock import stock_jam, weigh

from coop.domain.actors import Role
from coop.tables import Order

TAOBAO = ["订单编号", "收货人姓名", "联系手机", "收货地址", "宝贝标题", "商家编码", "购买数量",
          "价格", "买家应付邮费", "买家实际支付金额", "买家留言"]  # fmt: skip
# Taobao writes an order of two products as two rows; the second may leave the order's cells empty.
TWO_ROWS = [
    ["TB1001", "张三", "13900000000", "伊宁市解放路1号", "树莓酱", "jam", "2", "35.00", "10",
     "110.00", "周末送"],
    ["TB1001", "", "", "", "鲜树莓", "raspberry", "1.5", "20.00", "", "", ""],
]  # fmt: skip


def csv_bytes(rows: list[list[str]], header: list[str] = TAOBAO, encoding="utf-8-sig") -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    return text.getvalue().encode(encoding)


async def send(client, world, step: str, data: bytes, token: str = "", name="export.csv"):
    return await client.post(
        f"/api/v1/order-imports/{step}",
        data={"channel": "shop", **({"token": token} if token else {})},
        files={"file": (name, data, "application/octet-stream")},
        headers=world.headers(Role.CLERK),
    )


async def imported(client, world, data: bytes, name="export.csv") -> dict:
    preview = await send(client, world, "preview", data, name=name)
    assert preview.status_code == 200, preview.text
    confirmed = await send(client, world, "confirm", data, preview.json()["token"], name=name)
    assert confirmed.status_code == 201, confirmed.text
    return confirmed.json()


async def orders_of(client, world) -> list[dict]:
    headers = world.headers(Role.CLERK)
    listed = await client.get("/api/v1/orders", params={"channel": "shop"}, headers=headers)
    return [
        (await client.get(f"/api/v1/orders/{o['id']}", headers=headers)).json()
        for o in listed.json()
    ]


async def in_stock(world) -> None:
    await stock_jam(world, jars=10)
    await weigh(world, "H1", 5000)  # fresh raspberries to sell


async def test_a_csv_with_chinese_headers_and_one_order_over_two_rows_imports_as_one_order(
    client, world
):
    await in_stock(world)
    data = csv_bytes(TWO_ROWS)  # UTF-8 with a BOM, as Excel saves it
    preview = (await send(client, world, "preview", data)).json()
    assert preview["mapping"]["channel_order_no"] == "订单编号"
    assert [(r["rows"], r["outcome"], r["lines"]) for r in preview["rows"]] == [
        ([2, 3], "create", 2)
    ]
    result = await imported(client, world, data)
    assert (result["created"], result["refused"]) == (1, 0)
    (order,) = await orders_of(client, world)
    assert (order["channel_order_no"], order["buyer_name"], order["buyer_phone"]) == (
        "TB1001",
        "张三",
        "13900000000",
    )
    assert [(line["jars"], line["weight_g"]) for line in order["lines"]] == [
        (2, None),
        (None, 1500),
    ]
    assert (order["shipping_fen"], order["total_fen"]) == (1000, 11000)
    assert order["buyer_note"] == "周末送"  # 买家留言, for packing
    team = world.headers(Role.WORK_TEAM)
    seen = (await client.get(f"/api/v1/orders/{order['id']}", headers=team)).json()
    assert (seen["buyer_note"], seen["address"]) == (None, None)  # private: the order desk only


async def test_importing_the_same_file_again_creates_nothing_twice(client, world):
    await in_stock(world)
    data = csv_bytes(TWO_ROWS)
    await imported(client, world, data)
    again = await imported(client, world, data)
    assert (again["created"], again["already_imported"]) == (0, 1)
    assert await Order.count().where(Order.cooperative == world.cooperative_id) == 1


async def test_a_csv_in_gbk_as_chinese_excel_saves_it_is_read(client, world):
    await in_stock(world)
    result = await imported(client, world, csv_bytes(TWO_ROWS, encoding="gbk"))
    assert result["created"] == 1
    (order,) = await orders_of(client, world)
    assert (order["buyer_name"], order["address"]) == ("张三", "伊宁市解放路1号")


async def test_a_pinduoduo_xlsx_with_line_totals_and_headers_in_yuan_is_read(client, world):
    await in_stock(world)
    book = Workbook()
    sheet = book.active
    sheet.append(["商品", "订单号", "商品总价(元)", "邮费(元)", "用户实付金额(元)", "商品数量(件)",
                  "收货人", "手机", "详细地址", "商家编码-SKU维度"])  # fmt: skip
    sheet.append(["树莓酱", "PDD-7", 105, 0, 135, 3, "古丽", "13911112222", "霍城县", "jam"])
    sheet.append(["鲜树莓", "PDD-7", 30, 0, 135, 1.5, "古丽", "13911112222", "霍城县", "raspberry"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = await imported(client, world, buffer.getvalue(), name="订单.xlsx")
    assert result["created"] == 1
    (order,) = await orders_of(client, world)
    assert [line["unit_price_fen"] for line in order["lines"]] == [3500, 2000]
    assert (order["buyer_name"], order["total_fen"]) == ("古丽", 13500)


async def test_an_order_whose_rows_name_different_buyers_is_refused_whole(client, world):
    await in_stock(world)
    rows = [TWO_ROWS[0], [*TWO_ROWS[1][:1], "李四", *TWO_ROWS[1][2:]]]
    preview = (await send(client, world, "preview", csv_bytes(rows))).json()
    (refused,) = preview["rows"]
    assert (refused["rows"], refused["outcome"], refused["code"]) == (
        [2, 3],
        "refused",
        "rows_disagree",
    )
    assert "张三" in refused["reason"] and "李四" in refused["reason"]
    assert (preview["to_create"], preview["refused"]) == (0, 2)
    assert await Order.count().where(Order.cooperative == world.cooperative_id) == 0


async def test_amounts_in_the_reasons_are_in_yuan_never_in_fen(client, world):
    await in_stock(world)
    rows = [[*TWO_ROWS[0][:9], "80.50", ""]]  # 2 jars at 35 and 10 shipping make 80.00
    preview = (await send(client, world, "preview", csv_bytes(rows))).json()
    reason = preview["rows"][0]["reason"]
    assert "80.50 元" in reason and "80.00 元" in reason, reason
    assert "分" not in reason and "8050" not in reason
