"""A product is called by its name in the reader's language wherever it has one: on the weigh-in
receipt, the grower's records, the order page and the packing slip; Chinese where it has none."""

from __future__ import annotations

import pytest
from support_jam_stock import stock_jam

from coop.domain.actors import Role
from coop.services import grower_records, order_creation, weighins
from coop.services.order_views import NewLine, NewOrder
from coop.tables import Product
from web.conftest import post_form

NAMES = {  # the world's two products, as an admin names them in the back office
    "fruit": {"zh_CN": "鲜树莓", "ug": "يېڭى بۆلجۈرگەن", "en": "Fresh raspberries"},
    "jam": {"zh_CN": "树莓酱", "ug": "بۆلجۈرگەن مۇرابباسى", "en": "Raspberry jam"},
}


async def name_the_products(world) -> None:
    for key, product_id in (("fruit", world.fruit_id), ("jam", world.jam_id)):
        await Product.update(
            {Product.name_ug: NAMES[key]["ug"], Product.name_en: NAMES[key]["en"]}
        ).where(Product.id == product_id)


async def reading_in(visitor, role: Role, locale: str):
    client = await visitor(role)
    home = {Role.CLERK: "/weigh", Role.MEMBER: "/me"}[role]
    chosen = await post_form(client, home, "/language", {"locale": locale, "next": home})
    assert chosen.status_code == 303
    return client


def others(key: str, locale: str) -> list[str]:
    return [name for other, name in NAMES[key].items() if other != locale]


@pytest.mark.parametrize("locale", ["ug", "en", "zh_CN"])
async def test_a_weigh_in_receipt_names_the_fruit_in_the_readers_language(visitor, world, locale):
    await name_the_products(world)
    lot = await weighins.record_weighin(
        world.actors[Role.CLERK], world.households["H1"], world.fruit_id, 5000
    )
    client = await reading_in(visitor, Role.CLERK, locale)
    receipt = await client.get(f"/receipts/{lot.id}")
    assert receipt.status_code == 200
    assert NAMES["fruit"][locale] in receipt.text
    assert not any(name in receipt.text for name in others("fruit", locale))


@pytest.mark.parametrize("locale", ["ug", "en"])
async def test_a_packing_slip_and_its_order_name_the_jam_in_the_readers_language(
    visitor, world, locale
):
    await name_the_products(world)
    await stock_jam(world, jars=3)
    order = await order_creation.create_order(
        world.actors[Role.CLERK],
        NewOrder(
            channel="shop",
            buyer_name="陈女士",
            lines=[NewLine(product_id=world.jam_id, jars=2)],
            total_fen=7000,
        ),
    )
    client = await reading_in(visitor, Role.CLERK, locale)
    for path in (f"/orders/{order.id}/slip", f"/orders/{order.id}"):
        page = await client.get(path)
        assert page.status_code == 200, path
        lines = page.text.split('data-testid="slip"')[-1].split('data-testid="lines"')[-1]
        assert NAMES["jam"][locale] in lines, path
        assert NAMES["jam"]["zh_CN"] not in lines, path


async def test_a_product_without_a_uyghur_name_stays_chinese_on_a_uyghur_receipt(visitor, world):
    lot = await weighins.record_weighin(
        world.actors[Role.CLERK], world.households["H1"], world.fruit_id, 5000
    )
    client = await reading_in(visitor, Role.CLERK, "ug")
    assert "鲜树莓" in (await client.get(f"/receipts/{lot.id}")).text


async def test_a_growers_own_records_name_the_fruit_in_english(visitor, world):
    await name_the_products(world)
    await grower_records.record_own_harvest(world.actors[Role.MEMBER], world.fruit_id, 4000)
    client = await reading_in(visitor, Role.MEMBER, "en")
    mine = (await client.get("/me")).text.split("data-record=")[-1]
    assert "Fresh raspberries" in mine and "鲜树莓" not in mine
