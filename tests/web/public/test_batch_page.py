"""A buyer scans a jar: the batch page tells what it is, when made, and whose fruit went in."""

import pytest
from support_labels import decode

from coop.domain.actors import Role
from coop.labels import qr
from coop.labels.urls import lot_url
from coop.services import batch_finishing
from coop.services.batch_views import BatchCorrection
from coop.tables import Batch, Household

GTIN = "9501101530003"
HELD = "本批次暂停销售"
RECALLED = "本批次已召回"
PROCESSOR_NAME = "李师傅的厨房"
PROCESSOR_PHONE = "13800001111"


@pytest.mark.parametrize(
    "form",
    ["/l/{code}", "/l/{code}/00001", "/01/0{gtin}/10/{code}", "/01/0{gtin}/10/{code}/21/00001"],
)
async def test_every_label_url_of_a_finished_batch_shows_the_jar_and_its_growers(
    site, coop_world, make_batch, form
):
    code = await make_batch(coop_world, gtin=GTIN)

    page = await site.get(form.format(code=code, gtin=GTIN))

    assert page.status_code == 200, page.text
    html = page.text
    for shown in ("树莓酱", "生产日期", "2026-07-08", "2027-07-08", "果子沟村", "250 g", code):
        assert shown in html, shown
    assert "<dt>采摘日期</dt><dd><bdi>2026-07-03</bdi></dd>" in html
    assert "<dt>种植户数</dt><dd><bdi>2</bdi></dd>" in html
    assert "<dt>配料</dt><dd>鲜树莓, 糖</dd>" in html
    assert "果子沟村的一家认证厨房" in html
    assert 'href="https://shop.example.cn/guozigou"' in html


async def test_a_batch_from_one_growers_fruit_without_sugar_says_so_in_english(
    site, coop_world, make_batch
):
    code = await make_batch(coop_world, growers=("H1",), sugar_g=0)

    page = await site.get(f"/l/{code}?lang=en")

    assert "Raspberry jam" in page.text
    assert "<dt>Grower households</dt><dd><bdi>1</bdi></dd>" in page.text
    assert "<dt>Ingredients</dt><dd>Fresh raspberries</dd>" in page.text


async def test_the_processor_is_named_only_with_consent_and_no_weight_or_phone_shows(
    site, coop_world, make_batch
):
    code = await make_batch(coop_world)
    processor = Household.id == coop_world.households["P1"]
    await Household.update(
        {Household.display_name: PROCESSOR_NAME, Household.phone: PROCESSOR_PHONE}
    ).where(processor)
    forbidden = [PROCESSOR_PHONE, "8.000", "8000", "10.000", "16.000", "16000", "4.000"]

    private = (await site.get(f"/l/{code}")).text
    for phrase in [PROCESSOR_NAME, *forbidden]:
        assert phrase not in private, phrase
    assert "果子沟村的一家认证厨房" in private

    await processing_consent(coop_world, site)
    named = (await site.get(f"/l/{code}")).text
    assert f"<dt>加工者</dt><dd>{PROCESSOR_NAME}</dd>" in named
    for phrase in forbidden:
        assert phrase not in named, phrase


async def processing_consent(world, site) -> None:
    """The processor household consents to its name being public, through the API."""
    answer = await site.put(
        f"/api/v1/households/{world.households['P1']}",
        json={
            "code": "P1",
            "display_name": PROCESSOR_NAME,
            "consent_public_name": True,
            "phone": PROCESSOR_PHONE,
        },
        headers=world.headers(Role.ADMIN),
    )
    assert answer.status_code == 200, answer.text


async def test_holding_releasing_and_recalling_a_batch_shows_on_the_next_request(
    site, coop_world, make_batch
):
    code = await make_batch(coop_world)
    assert HELD not in (await site.get(f"/l/{code}")).text  # now in the cache

    for url, notice, batch_status in (
        ("/api/v1/holds", HELD, "held"),
        ("/api/v1/holds/release", "", "finished"),
        ("/api/v1/recalls", RECALLED, "recalled"),
    ):
        answer = await site.post(
            url,
            json={"lot_code": code, "reason": "顾客反映胀罐"},
            headers=coop_world.headers(Role.WORK_TEAM),
        )
        assert answer.status_code in (200, 201), answer.text
        page = (await site.get(f"/l/{code}/00007")).text
        if notice:
            assert notice in page and "2026-07-03" not in page
        else:
            assert HELD not in page and RECALLED not in page and "2026-07-03" in page
        row = await Batch.select(Batch.status).where(Batch.code == code).first()
        assert row == {"status": batch_status}


async def test_a_correction_shows_on_the_next_request_and_a_corrected_batch_cannot_be_held(
    site, coop_world, make_batch
):
    code = await make_batch(coop_world)
    assert "<bdi>2</bdi>" in (await site.get(f"/l/{code}")).text
    batch = await Batch.select(Batch.id).where(Batch.code == code).first()

    await batch_finishing.correct_batch(
        coop_world.actors[Role.ADMIN], batch["id"], BatchCorrection(reason="wrong lots")
    )
    held = await site.post(
        "/api/v1/holds",
        json={"lot_code": code, "reason": "顾客反映胀罐"},
        headers=coop_world.headers(Role.ADMIN),
    )

    assert held.status_code == 409
    assert held.json()["error"]["code"] == "batch_corrected"
    assert held.json()["error"]["message"] == f"批次 {code} 已更正；请暂停或召回替代它的新批次。"
    assert (await site.get(f"/l/{code}")).status_code == 200


async def test_a_draft_batch_has_no_page(site, coop_world, make_batch):
    code = await make_batch(coop_world)
    await Batch.update({Batch.status: "draft"}).where(Batch.code == code)

    page = await site.get(f"/l/{code}")

    assert page.status_code == 404


async def test_a_jar_qr_decodes_to_a_url_that_answers_with_the_product(
    site, coop_world, make_batch
):
    code = await make_batch(coop_world, gtin=GTIN)
    printed = lot_url("http://testserver", code, serial=12, gtin=GTIN)

    [scanned] = decode(qr.module_image(qr.encode(printed), module_px=6))

    assert scanned == printed
    page = await site.get(scanned)
    assert page.status_code == 200
    assert "树莓酱" in page.text and "2026-07-08" in page.text
