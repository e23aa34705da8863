"""Importing a shop's export: preview first, confirm writes, the same file twice creates once."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from support_jam_stock import jars_left, stock_jam

from coop.domain.actors import Role
from coop.tables import Order

HEADER = [
    "channel_order_no",
    "buyer_name",
    "buyer_phone",
    "address",
    "product_code",
    "quantity",
    "unit_price",
    "shipping",
    "discount",
    "total",
]


def good_row(n: int) -> list[str]:
    return [f"TB{n:05d}", f"买家{n}", "13900000000", "伊宁市", "jam", "1", "35", "8", "0", "43.00"]


def csv_bytes(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


async def send(client, world, step: str, data: bytes, token: str = "", role=Role.CLERK, **form):
    return await client.post(
        f"/api/v1/order-imports/{step}",
        data={"channel": "shop", **({"token": token} if token else {}), **form},
        files={"file": ("export.csv", data, "text/csv")},
        headers=world.headers(role),
    )


async def orders_in(world) -> int:
    return await Order.count().where(Order.cooperative == world.cooperative_id)


async def test_importing_the_same_200_row_csv_twice_creates_200_orders_once(client, world):
    batch = await stock_jam(world, jars=250)
    data = csv_bytes([good_row(n) for n in range(200)])

    preview = await send(client, world, "preview", data)
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert (body["rows_read"], body["to_create"], body["refused"]) == (200, 200, 0)
    assert await orders_in(world) == 0  # a preview writes nothing

    confirmed = await send(client, world, "confirm", data, token=body["token"])
    assert confirmed.status_code == 201, confirmed.text
    assert confirmed.json()["created"] == 200
    assert await orders_in(world) == 200
    assert await jars_left(batch.id) == 50

    again = (await send(client, world, "preview", data)).json()
    assert (again["to_create"], again["already_imported"]) == (0, 200)
    second = await send(client, world, "confirm", data, token=again["token"])
    assert second.json()["created"] == 0
    assert await orders_in(world) == 200
    assert await jars_left(batch.id) == 50


async def test_a_file_with_five_bad_rows_shows_them_with_reasons_and_writes_nothing_until_confirmed(
    client, world
):
    await stock_jam(world, jars=50)
    rows = [good_row(n) for n in range(20)]
    rows[2][9] = "44.00"  # total is not line + shipping - discount
    rows[5][4] = "wine"  # no such product
    rows[8][5] = "1.5"  # half a jar
    rows[11][6] = "35.005"  # a fraction of a fen
    rows[14][0] = rows[13][0]  # one order over two rows that name different buyers
    data = csv_bytes(rows)

    preview = await send(client, world, "preview", data)
    body = preview.json()
    refused = [(r["rows"], r["code"]) for r in body["rows"] if r["outcome"] == "refused"]
    assert refused == [
        ([4], "total_mismatch"),
        ([7], "product_not_found"),
        ([10], "invalid_jar_count"),
        ([13], "invalid_input"),
        ([15, 16], "rows_disagree"),
    ]
    reasons = {r["row"]: r["reason"] for r in body["rows"] if r["outcome"] == "refused"}
    assert "应为" in reasons[4]  # in Chinese: the total should be …
    assert "wine" in reasons[7]
    assert (body["to_create"], body["refused"]) == (14, 6)
    assert await orders_in(world) == 0

    confirmed = await send(client, world, "confirm", data, token=body["token"])
    assert confirmed.json()["created"] == 14
    assert confirmed.json()["refused"] == 6
    assert await orders_in(world) == 14


async def test_rows_beyond_the_stock_are_refused_in_the_preview(client, world):
    await stock_jam(world, jars=3)
    body = (await send(client, world, "preview", csv_bytes([good_row(n) for n in range(5)]))).json()
    assert [r["outcome"] for r in body["rows"]] == ["create"] * 3 + ["refused"] * 2
    assert body["rows"][-1]["code"] == "out_of_stock"


async def test_confirming_a_file_other_than_the_one_previewed_is_refused(client, world):
    await stock_jam(world, jars=10)
    token = (await send(client, world, "preview", csv_bytes([good_row(1)]))).json()["token"]
    changed = await send(client, world, "confirm", csv_bytes([good_row(2)]), token=token)
    assert changed.status_code == 409
    assert changed.json()["error"]["code"] == "preview_stale"
    assert await orders_in(world) == 0


async def test_an_xlsx_export_is_read_through_the_channels_saved_column_mapping(client, world):
    await stock_jam(world, jars=10)
    chinese = [
        "订单编号",
        "收货人",
        "手机",
        "收货地址",
        "商品编码",
        "数量",
        "单价",
        "运费",
        "优惠",
        "实付",
    ]
    mapping = dict(zip(HEADER, chinese, strict=True))
    saved = await client.put(
        "/api/v1/order-imports/mappings/wechat",
        json={"mapping": mapping},
        headers=world.headers(Role.CLERK),
    )
    assert saved.status_code == 200, saved.text
    read = await client.get(
        "/api/v1/order-imports/mappings/wechat", headers=world.headers(Role.CLERK)
    )
    assert read.json() == {"channel": "wechat", "mapping": mapping, "saved": True}

    book = Workbook()
    sheet = book.active
    sheet.append(chinese)
    sheet.append(["WX-1", "古丽", "13911112222", "霍城县", "jam", 2, 35, 0, 0, 70])
    sheet.append(["WX-2", "老王", "13933334444", "伊宁市", "jam", 1, "35.00", 10, 5, 40])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = {"file": ("订单.xlsx", buffer.getvalue(), "application/octet-stream")}
    headers = world.headers(Role.CLERK)
    preview = await client.post(
        "/api/v1/order-imports/preview", data={"channel": "wechat"}, files=upload, headers=headers
    )
    body = preview.json()
    assert [(r["channel_order_no"], r["total_fen"]) for r in body["rows"]] == [
        ("WX-1", 7000),
        ("WX-2", 4000),
    ]
    confirmed = await client.post(
        "/api/v1/order-imports/confirm",
        data={"channel": "wechat", "token": body["token"]},
        files=upload,
        headers=headers,
    )
    assert confirmed.json()["created"] == 2
    listed = await client.get("/api/v1/orders", params={"channel": "wechat"}, headers=headers)
    assert sorted(o["buyer_name"] for o in listed.json()) == ["古丽", "老王"]


async def test_a_file_missing_a_mapped_column_is_refused_whole(client, world):
    response = await send(client, world, "preview", csv_bytes([["X1"]], header=["order"]))
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "columns_missing"


async def test_only_the_order_desk_imports(client, world):
    for role in (Role.MEMBER, Role.PROCESSOR, Role.WORK_TEAM):
        response = await send(client, world, "preview", csv_bytes([good_row(1)]), role=role)
        assert response.status_code == 403


async def test_a_csv_in_gb18030_as_chinese_shops_export_it_is_read(client, world):
    await stock_jam(world, jars=5)
    data = csv_bytes([good_row(1)]).decode("utf-8").encode("gb18030")
    body = (await send(client, world, "preview", data)).json()
    assert [(r["outcome"], r["channel_order_no"]) for r in body["rows"]] == [("create", "TB00001")]
