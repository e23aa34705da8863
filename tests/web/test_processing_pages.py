"""Processing pages through httpx on SQLite and PostgreSQL: refusals, CSRF, forms, languages."""

from __future__ import annotations

import re

import pytest

from coop.domain.actors import Role
from coop.services import (
    batch_finishing,
    batch_queries,
    batch_views,
    batches,
    certifications,
    weighins,
)
from coop.services.auth import create_user
from coop.services.batch_views import Finish, InputLine, NewBatch
from coop.tables import Batch, BatchInput, HarvestLot, ProcessorCertification, Product
from web.conftest import csrf_of, post_form, sign_in

OTHER_PHONE = "13722223333"


@pytest.fixture
async def jam(world):
    """The world's jam at 5.00 yuan/kg of its fresh fruit, 700 to 950 per mille expected."""
    await Product.update(
        {
            Product.input_product: world.fruit_id,
            Product.processing_fee_fen_per_kg: 500,
            Product.yield_min_per_mille: 700,
            Product.yield_max_per_mille: 950,
        }
    ).where(Product.id == world.jam_id)
    await certifications.certify(world.actors[Role.ADMIN], world.households["P1"], "厨房卫生合格")
    return world.jam_id


async def weigh(world, household: str, weight_g: int) -> weighins.WeighIn:
    clerk = world.actors[Role.CLERK]
    return await weighins.record_weighin(
        clerk, world.households[household], world.fruit_id, weight_g
    )


async def finished_batch(world, jars: int = 18) -> batch_views.BatchView:
    """P1's batch of 3 kg + 2 kg of fruit and 1 kg of sugar, as the processor makes it."""
    processor = world.actors[Role.PROCESSOR]
    first, second = await weigh(world, "H1", 5000), await weigh(world, "H2", 4000)
    batch = await batches.start_batch(processor, NewBatch(product_id=world.jam_id))
    await batches.put_input(processor, batch.id, InputLine(first.lot_code, 3000))
    await batches.put_input(processor, batch.id, InputLine(second.lot_code, 2000))
    return await batch_finishing.finish_batch(processor, batch.id, Finish(jars, 1000))


async def test_a_processor_starts_on_its_batches_and_sees_fee_yield_and_what_is_left(
    visitor, world, jam
):
    batch = await finished_batch(world)
    client = await visitor()
    signed = await sign_in(client, world.phones[Role.PROCESSOR])
    assert signed.headers["location"] == "/batches"
    listing = await client.get("/batches")
    assert listing.status_code == 200
    assert batch.code in listing.text and "我的加工批次" in listing.text

    page = await client.get(f"/batches/{batch.id}")
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.text)
    assert "25.00" in text and "75%" in text  # 5 kg × 5.00 yuan; 4500 g of 6000 g
    assert "出成率超出预期范围" not in text
    assert f'href="/batches/{batch.id}/labels"' in text
    assert '批次剩余 <span class="weight"><bdi class="num">2</bdi>' in text  # 5 kg lot, 3 taken
    assert str(batch.best_before) in text


async def test_a_processor_cannot_open_another_processors_batch_page(visitor, world, jam):
    batch = await finished_batch(world)
    await certifications.certify(world.actors[Role.ADMIN], world.households["H2"])
    await create_user(
        world.cooperative_id,
        OTHER_PHONE,
        "另一加工户",
        "correct horse battery",
        Role.PROCESSOR,
        world.households["H2"],
    )
    other = await visitor()
    assert (await sign_in(other, OTHER_PHONE)).status_code == 303

    refused = await other.get(f"/batches/{batch.id}")
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("text/html")
    assert "无权访问" in refused.text and "该批次属于其他加工户" in refused.text
    assert (await other.get(f"/batches/{batch.id}/correct")).status_code == 403
    token = csrf_of(await other.get("/batches"))
    changed = await other.post(
        f"/batches/{batch.id}/correct",
        data={"_csrf_token": token, "reason": "不是我的", "action": "cancel"},
    )
    assert changed.status_code == 403
    assert batch.code not in (await other.get("/batches")).text
    row = await Batch.select(Batch.status).where(Batch.id == batch.id).first()
    assert row == {"status": "finished"}


async def test_staff_can_only_choose_a_certified_household_and_a_forged_choice_is_refused(
    visitor, world, jam
):
    clerk = await visitor(Role.CLERK)
    form = await clerk.get("/batches")
    choices = form.text.split('id="household_id"')[1].split("</select>")[0]
    options = re.findall(r'<option value="(\d+)"', choices)
    assert options == [str(world.households["P1"])]

    refused = await post_form(
        clerk,
        "/batches",
        "/batches",
        {"product_id": str(world.jam_id), "household_id": str(world.households["H2"]), "key": "k"},
    )
    assert refused.status_code == 422
    assert "农户 H2 没有加工资格" in refused.text
    assert await Batch.count().where(Batch.household == world.households["H2"]) == 0


async def test_a_post_without_its_csrf_token_is_refused_and_changes_nothing(visitor, world, jam):
    lot = await weigh(world, "H1", 5000)
    client = await visitor(Role.PROCESSOR)
    started = await post_form(client, "/batches", "/batches", {"product_id": str(world.jam_id)})
    assert started.status_code == 303
    batch_path = started.headers["location"]

    forged = await client.post(
        f"{batch_path}/inputs", data={"lot_code": lot.lot_code, "weight": "3"}
    )
    assert forged.status_code == 403 and "表单已失效" in forged.text
    assert await BatchInput.count().where(BatchInput.harvest_lot == lot.id) == 0
    certify = await (await visitor(Role.ADMIN)).post(
        "/processors", data={"household_id": str(world.households["H2"])}
    )
    assert certify.status_code == 403
    assert (
        await ProcessorCertification.count().where(
            ProcessorCertification.household == world.households["H2"]
        )
        == 0
    )


async def test_a_processor_adds_a_suggested_lot_finishes_and_a_bad_jar_count_is_explained(
    visitor, world, jam
):
    older, newer = await weigh(world, "H1", 3000), await weigh(world, "H2", 4000)
    client = await visitor(Role.PROCESSOR)
    started = await post_form(client, "/batches", "/batches", {"product_id": str(world.jam_id)})
    path = started.headers["location"]

    suggested = await client.get(f"{path}?want=5")
    lots = re.findall(r'<li class="item" data-lot="([^"]+)"', suggested.text)
    assert lots == [older.lot_code, newer.lot_code]  # oldest first
    short = await post_form(
        client, path, f"{path}/inputs", {"lot_code": older.lot_code, "weight": "3.5"}
    )
    assert short.status_code == 409
    assert f"收购批号 {older.lot_code} 只剩 3 公斤，需要 3.5 公斤。" in short.text
    taken = await post_form(client, path, f"{path}/suggestion", {"want": "5"})
    assert taken.status_code == 303

    too_few = await post_form(client, path, f"{path}/finish", {"jars": "0", "sugar": "1"})
    assert too_few.status_code == 422 and "1 到 100000 之间的整数" in too_few.text
    done = await post_form(client, path, f"{path}/finish", {"jars": "18", "sugar": "1"})
    assert done.status_code == 303
    remaining = (
        await HarvestLot.select(HarvestLot.remaining_g)
        .where(HarvestLot.id.is_in([older.id, newer.id]))
        .order_by(HarvestLot.id)
    )
    assert [row["remaining_g"] for row in remaining] == [0, 2000]


async def test_an_admin_certifies_a_household_and_lets_the_certification_lapse(visitor, world, jam):
    admin = await visitor(Role.ADMIN)
    made = await post_form(
        admin,
        "/processors",
        "/processors",
        {
            "household_id": str(world.households["H2"]),
            "certified_on": "2026-06-01",
            "notes": "手艺好",
        },
    )
    assert made.status_code == 303
    page = await admin.get("/processors")
    assert "手艺好" in page.text and "2026-06-01" in page.text

    no_reason = await post_form(
        admin, "/processors", f"/processors/{world.households['H2']}/lapse", {"reason": ""}
    )
    assert no_reason.status_code == 422 and "取消加工资格的原因" in no_reason.text
    lapsed = await post_form(
        admin,
        "/processors",
        f"/processors/{world.households['H2']}/lapse",
        {"reason": "卫生不合格"},
    )
    assert lapsed.status_code == 303
    in_force = await certifications.certifications(world.actors[Role.ADMIN])
    assert [c.household_code for c in in_force] == ["P1"]
    clerk = await visitor(Role.CLERK)
    assert (await clerk.get("/processors")).status_code == 200
    assert (
        await post_form(clerk, "/processors", "/processors", {"household_id": "1"})
    ).status_code == 403


async def test_a_correction_needs_a_reason_and_reposts_the_batch(visitor, world, jam):
    batch = await finished_batch(world)
    client = await visitor(Role.PROCESSOR)
    form_path = f"/batches/{batch.id}/correct"
    form = await client.get(form_path)
    assert 'value="18"' in form.text  # the jars as they were, to change
    no_reason = await post_form(client, form_path, form_path, {"jars": "16", "action": "replace"})
    assert no_reason.status_code == 422 and "200" in no_reason.text
    fields = {"reason": "少数了两瓶", "jars": "16", "sugar": "1", "action": "replace"}
    fields.update({f"lot-{line.lot_code}": "2.5" for line in batch.inputs})
    corrected = await post_form(client, form_path, form_path, fields)
    assert corrected.status_code == 303
    new_id = int(corrected.headers["location"].rsplit("/", 1)[1])
    replacement = await batch_queries.batch(world.actors[Role.PROCESSOR], new_id)
    assert (replacement.replaces_id, replacement.jars_filled) == (batch.id, 16)
    assert replacement.fruit_g == 5000 and replacement.fee_fen == 2500


async def test_the_statement_names_the_batch_a_fee_came_from(visitor, world, jam):
    batch = await finished_batch(world)
    client = await visitor(Role.PROCESSOR)
    page = await client.get(f"/households/{world.households['P1']}/statement")
    assert page.status_code == 200
    assert batch.code in page.text and "25.00" in page.text


@pytest.mark.parametrize("locale", ["zh_CN", "ug", "en"])
async def test_the_processing_pages_render_in_each_language(visitor, world, jam, locale):
    batch = await finished_batch(world)
    draft = await batches.start_batch(
        world.actors[Role.PROCESSOR], NewBatch(product_id=world.jam_id)
    )
    await weigh(world, "H1", 2000)
    words = {"zh_CN": "加工批次", "ug": "تۈركۈم", "en": "Batches"}[locale]
    for role, paths in (
        (
            Role.PROCESSOR,
            [
                "/batches",
                f"/batches/{batch.id}",
                f"/batches/{draft.id}",
                f"/batches/{draft.id}?want=1",
                f"/batches/{batch.id}/correct",
            ],
        ),
        (
            Role.ADMIN,
            ["/batches?status=finished&flagged=true", "/processors", f"/batches/{batch.id}"],
        ),
    ):
        client = await visitor(role)
        chosen = await post_form(client, "/batches", "/language", {"locale": locale})
        assert chosen.status_code == 303
        for path in paths:
            page = await client.get(path)
            assert page.status_code == 200, (path, page.text[-800:])
            assert words in page.text, path
            assert f'lang="{ {"zh_CN": "zh-CN"}.get(locale, locale) }"' in page.text
            if locale == "ug":
                assert 'dir="rtl"' in page.text
