"""A buyer or an inspector reads a lot's or a jar's 承诺达标合格证: the cooperative's facts only."""

from __future__ import annotations

from coop.domain.actors import Role
from coop.services.certificate_views import certificates_behind


async def test_a_harvest_lots_page_shows_its_certificate_with_the_cooperatives_contact(
    site, coop_world, make_lot
):
    code = await make_lot(coop_world)
    [certificate] = await certificates_behind(coop_world.actors[Role.CLERK], code)

    html = (await site.get(f"/l/{code}")).text

    for shown in ("承诺达标合格证", certificate.number, "0999-8123456", "内部质量控制", "开具单位"):
        assert shown in html, shown
    assert "<dt>产地</dt><dd>果子沟村</dd>" in html
    assert "13800001111" not in html  # the household's phone, never
    assert "12.34" not in html  # nor its delivery's weight


async def test_a_jars_page_shows_the_certificates_of_the_fruit_that_went_in(
    site, coop_world, make_batch
):
    code = await make_batch(coop_world)

    html = (await site.get(f"/l/{code}")).text

    assert html.count('data-testid="certificate"') == 2  # one per grower's lot
    assert "承诺达标合格证" in html


async def test_a_certificates_own_page_in_uyghur_still_shows_the_chinese_title(
    site, coop_world, make_lot
):
    code = await make_lot(coop_world)
    [certificate] = await certificates_behind(coop_world.actors[Role.CLERK], code)

    page = await site.get(f"/cert/{certificate.number}?lang=ug")

    assert page.status_code == 200
    assert '<html lang="ug" dir="rtl">' in page.text
    assert "承诺达标合格证" in page.text and "ئۆلچەمگە يېتىش ۋەدىسى گۇۋاھنامىسى" in page.text
    english = (await site.get(f"/cert/{certificate.number.lower()}?lang=en")).text
    assert "Commitment basis" in english and "Internal quality control" in english
    assert (await site.get("/cert/C26-00000000")).status_code == 404
