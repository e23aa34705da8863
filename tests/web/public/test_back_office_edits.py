"""An edit in the back office (/admin) shows on the very next request of a cached public page."""

from __future__ import annotations

from coop.tables import Cooperative, Product
from web.test_back_office import signed_in_admin

NAME = "王建国"  # H1's name in the test world


async def admin_patch(site, table: str, row_id: int, **values: object) -> None:
    """What the back office's edit form sends when a board member saves a row."""
    answer = await site.patch(
        f"/admin/api/tables/{table}/{row_id}/",
        json=values,
        headers={"X-CSRFToken": site.cookies["csrftoken"]},
    )
    assert answer.status_code == 200, answer.text


async def cached_page(site, url: str) -> str:
    """The page, asked for twice so that the second answer comes from the worker's cache."""
    await site.get(url)
    page = await site.get(url)
    assert page.status_code == 200 and page.headers["x-coop-cache"] == "hit"
    return page.text


async def test_a_consent_given_then_withdrawn_in_the_back_office_shows_on_the_next_scan(
    site, coop_world, make_lot
):
    code = await make_lot(coop_world, "H1")
    household = coop_world.households["H1"]
    await signed_in_admin(site)
    assert NAME not in await cached_page(site, f"/l/{code}")

    await admin_patch(site, "household", household, consent_public_name=True)
    shown = await site.get(f"/l/{code}")
    assert shown.headers["x-coop-cache"] == "miss" and NAME in shown.text

    assert NAME in await cached_page(site, f"/l/{code}")
    await admin_patch(site, "household", household, consent_public_name=False)
    withdrawn = await site.get(f"/l/{code}")
    assert withdrawn.status_code == 200 and NAME not in withdrawn.text


async def test_a_product_renamed_in_the_back_office_shows_on_the_cooperatives_page(
    site, coop_world
):
    slug = (
        await Cooperative.select(Cooperative.slug)
        .where(Cooperative.id == coop_world.cooperative_id)
        .first()
    )["slug"]
    await signed_in_admin(site)
    assert "夏季树莓" not in await cached_page(site, f"/c/{slug}")

    await admin_patch(site, "product", coop_world.fruit_id, name_zh="夏季树莓")

    assert "夏季树莓" in (await site.get(f"/c/{slug}")).text
    assert (await Product.select(Product.name_zh).where(Product.id == coop_world.fruit_id).first())[
        "name_zh"
    ] == "夏季树莓"


async def test_a_sale_lowering_stock_keeps_the_cached_pages(site, coop_world, make_lot):
    """Stock moves with every order: it is not on the page, so the cache stays warm."""
    from coop.tables import HarvestLot

    code = await make_lot(coop_world, "H1")
    await cached_page(site, f"/l/{code}")
    await HarvestLot.update({HarvestLot.remaining_g: HarvestLot.remaining_g - 1_000}).where(
        HarvestLot.code == code
    )
    assert (await site.get(f"/l/{code}")).headers["x-coop-cache"] == "hit"
