"""A buyer whose code is not found is offered a way on, in their language: type the code
again, scan again, or open a cooperative's own page."""

from __future__ import annotations

import pytest

from coop.services.public import public_cooperatives
from coop.tables import Cooperative


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("zh-CN", ["输入标签上印的批次码", "查询", "重新扫描"]),
        ("ug", ["بەلگىدىكى تۈركۈم نومۇرىنى كىرگۈزۈڭ", "ئىزدەش", "قايتا سىكانېرلاڭ"]),
        ("en", ["Type the code printed on the label", "Look it up", "scan the QR code"]),
    ],
)
async def test_the_not_found_page_offers_a_lookup_a_rescan_and_the_cooperatives_page(
    site, coop_world, language, says
):
    page = await site.get("/l/H26-ZZZZZZZZ", headers={"Accept-Language": language})
    assert page.status_code == 404
    for text in says:
        assert text in page.text, text
    assert '<form class="lookup" method="get" action="/l"' in page.text
    assert 'value="H26-ZZZZZZZZ"' in page.text  # the typed code, ready to correct
    listed = await public_cooperatives()
    for cooperative in listed:
        assert f'<a class="button" href="/c/{cooperative.slug}">{cooperative.name}</a>' in page.text
    assert ('class="ways"' in page.text) == bool(listed)


async def test_a_site_of_a_few_cooperatives_lists_them_all_and_a_site_of_many_none(coop_world):
    here = await Cooperative.count()
    mine = await Cooperative.select(Cooperative.slug).where(
        Cooperative.id == coop_world.cooperative_id
    )
    assert mine[0]["slug"] in [c.slug for c in await public_cooperatives(few=here)]
    assert await public_cooperatives(few=here - 1) == []


async def test_a_code_typed_on_the_not_found_page_opens_its_lot(site, coop_world, make_lot):
    code = await make_lot(coop_world)
    typed = code.lower().replace("-", " ")  # as a person types it from the label
    found = await site.get("/l", params={"code": typed})
    assert found.status_code == 303 and found.headers["location"] == f"/l/{code}"
    assert (await site.get(found.headers["location"])).status_code == 200


async def test_a_mistyped_code_comes_back_with_the_form_filled_in(site, database):
    wrong = "H26-7KQ3"  # four symbols short
    page = await site.get("/l", params={"code": wrong}, headers={"Accept-Language": "en"})
    assert page.status_code == 404
    assert "We could not find this lot" in page.text and f'value="{wrong}"' in page.text
