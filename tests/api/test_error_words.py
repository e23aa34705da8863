"""A refusal names statuses in the reader's language: never "delivered" or "held" in Chinese text.

What the API's message says, in Chinese, Uyghur and English, while its code stays machine-readable.
"""

from __future__ import annotations

import pytest
from support_jam_stock import stock_jam, weigh

from coop.domain.actors import Role
from coop.services import holds, order_creation, order_transitions, recalls
from coop.services.holds import Hold
from coop.services.order_views import NewLine, NewOrder, PickBatch, Transition
from coop.services.recalls import NewRecall

CLERK = Role.CLERK
RAW_CODES = ("pending", "cancelled", "delivered", "held", "recalled", "open", "finished")


async def refusal(response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code
    return error["message"]


def read_in(world, locale: str) -> dict[str, str]:
    return world.headers(CLERK, **{"Accept-Language": locale})


async def a_jar_order(world, batch_id: int | None = None) -> int:
    picks = [PickBatch(batch_id, 1)] if batch_id is not None else []
    line = NewLine(product_id=world.jam_id, jars=1, unit_price_fen=3500, batches=picks)
    fields = NewOrder(channel="wechat", lines=[line], total_fen=3500)
    return (await order_creation.create_order(world.actors[CLERK], fields)).id


@pytest.mark.parametrize(
    ("locale", "closed", "skipped"),
    [
        (
            "zh_CN",
            "订单已是“已取消”，不能再更改。",
            "状态为“待付款”的订单不能改为“已送达”。",
        ),
        (
            "ug",
            "زاكاز ئاللىقاچان «بىكار قىلىندى» ھالىتىدە؛ ئەمدى ئۆزگەرتىشكە بولمايدۇ.",
            "ھالىتى «پۇل تۆلىنىشىنى كۈتۈۋاتىدۇ» بولغان زاكازنى «يەتكۈزۈلدى» قىلىپ ئۆزگەرتىشكە"
            " بولمايدۇ.",
        ),
        (
            "en",
            "The order is already “Cancelled”; it cannot change any more.",
            "An order that is “Awaiting payment” cannot become “Delivered”.",
        ),
    ],
)
async def test_an_order_that_cannot_change_status_says_so_in_the_readers_words(
    client, world, locale, closed, skipped
):
    await stock_jam(world, jars=5)
    pending, cancelled = await a_jar_order(world), await a_jar_order(world)
    await order_transitions.transition(
        world.actors[CLERK], cancelled, Transition("cancelled", "买家不要了")
    )

    def move(order_id: int, to: str):
        path = f"/api/v1/orders/{order_id}/transitions"
        return client.post(path, json={"to": to}, headers=read_in(world, locale))

    assert await refusal(await move(cancelled, "paid"), 409, "order_closed") == closed
    assert await refusal(await move(pending, "delivered"), 409, "illegal_transition") == skipped


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("zh_CN", "加工批次 {batch} 的状态是“暂停销售”，其瓶装不能销售或打包。"),
        (
            "ug",
            "پىششىقلاش تۈركۈمى {batch} «سېتىش توختىتىلدى» ھالىتىدە: بوتۇلكىلىرىنى سېتىشقا ياكى"
            " قاچىلاشقا بولمايدۇ.",
        ),
        ("en", "Batch {batch} is “Sale paused”: its jars cannot be sold or packed."),
    ],
)
async def test_a_held_batch_cannot_be_sold_and_the_reader_sees_it_is_on_hold(
    client, world, locale, said
):
    batch = await stock_jam(world, jars=5)
    await holds.hold(world.actors[CLERK], Hold(batch.code, "顾客反映胀罐"))
    line = {"product_id": world.jam_id, "jars": 1, "batches": [{"batch_id": batch.id, "jars": 1}]}
    sale = await client.post(
        "/api/v1/orders",
        json={"channel": "shop", "lines": [line], "total_fen": 3500},
        headers=read_in(world, locale),
    )
    message = await refusal(sale, 409, "batch_not_for_sale")
    assert message == said.format(batch=batch.code)
    if locale != "en":
        assert not any(code in message for code in RAW_CODES), message


@pytest.mark.parametrize(
    ("locale", "recalled", "held"),
    [
        (
            "zh_CN",
            "收购批号 {lot} 当前状态为“已召回”，不能改为“暂停销售”。",
            "收购批号 {lot} 的状态是“暂停销售”，其鲜果不能使用或出售。",
        ),
        (
            "ug",
            "{lot} سېتىۋېلىش تۈركۈمىنىڭ ھالىتى «قايتۇرۇۋېلىنغان»؛ ئۇنى «سېتىش توختىتىلغان» قىلىپ"
            " ئۆزگەرتىشكە بولمايدۇ.",
            "{lot} سېتىۋېلىش تۈركۈمى «سېتىش توختىتىلغان» ھالىتىدە، مېۋىسىنى ئىشلىتىشكە ياكى"
            " سېتىشقا بولمايدۇ.",
        ),
        (
            "en",
            "Lot {lot} is “Recalled”; it cannot become “On hold”.",
            "Lot {lot} is “On hold”: its fruit cannot be used or sold.",
        ),
    ],
)
async def test_a_lot_refused_for_its_status_names_the_status_in_the_readers_words(
    client, world, locale, recalled, held
):
    clerk = world.actors[CLERK]
    gone = (await weigh(world, "H1", 2_000)).lot_code
    await recalls.open_recall(clerk, NewRecall(gone, "农残超标"))
    hold = await client.post(
        "/api/v1/holds", json={"lot_code": gone, "reason": "再查"}, headers=read_in(world, locale)
    )
    assert await refusal(hold, 409, "lot_status") == recalled.format(lot=gone)

    paused = (await weigh(world, "H2", 2_000)).lot_code
    await holds.hold(clerk, Hold(paused, "农残待检"))
    line = {
        "product_id": world.fruit_id,
        "weight_g": 500,
        "unit_price_fen": 2000,
        "lots": [{"lot_code": paused, "weight_g": 500}],
    }
    sale = await client.post(
        "/api/v1/orders",
        json={"channel": "on_site", "lines": [line], "total_fen": 1000},
        headers=read_in(world, locale),
    )
    assert await refusal(sale, 409, "lot_not_for_sale") == held.format(lot=paused)


@pytest.mark.parametrize(
    ("locale", "choice"),
    [
        ("zh_CN", "on_site（采摘园）、wholesale（批发）"),
        ("ug", "on_site (مېۋە ئۈزۈش باغچىسى)، "),
        ("en", "on_site (Picking garden), wholesale (Wholesale)"),
    ],
)
async def test_an_unknown_channel_lists_the_codes_to_send_with_their_names(
    client, world, locale, choice
):
    line = {"product_id": world.jam_id, "jars": 1}
    sent = await client.post(
        "/api/v1/orders",
        json={"channel": "taobao", "lines": [line], "total_fen": 3500},
        headers=read_in(world, locale),
    )
    message = await refusal(sent, 422, "invalid_channel")
    assert "taobao" in message and choice in message
    assert all(code in message for code in ("shop", "wechat", "phone", "on_site", "wholesale"))
