"""The yield of a batch shown while its jars are typed, before finishing (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest
from support_trace_chain import weigh

from coop.domain.actors import Role
from coop.services import batches, certifications
from coop.services.batch_views import InputLine, NewBatch
from coop.tables import Batch, Product
from web.conftest import post_form


@pytest.fixture
async def draft(world):
    """P1's jam batch from 5 kg of fruit, 700 to 950 per mille expected, 250 g jars."""
    await Product.update(
        {
            Product.input_product: world.fruit_id,
            Product.yield_min_per_mille: 700,
            Product.yield_max_per_mille: 950,
            Product.net_weight_g: 250,
            Product.processing_fee_fen_per_kg: 500,
        }
    ).where(Product.id == world.jam_id)
    await certifications.certify(world.actors[Role.ADMIN], world.households["P1"], "合格")
    processor = world.actors[Role.PROCESSOR]
    lot = await weigh(world, "H1", 8_000)
    batch = await batches.start_batch(processor, NewBatch(product_id=world.jam_id))
    await batches.put_input(processor, batch.id, InputLine(lot.lot_code, 5_000))
    return batch


def said(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def test_typing_too_few_jars_warns_before_finishing_and_says_how_many_are_expected(
    visitor, world, draft
):
    client = await visitor(Role.PROCESSOR)
    low = await client.get(f"/batches/{draft.id}/yield", params={"jars": "8", "sugar": "1"})
    assert low.status_code == 200
    assert 'data-testid="yield-warning"' in low.text
    text = said(low.text)
    assert "出成率 33.3%" in text  # 8 × 250 g of 6 kg
    assert "超出预期范围" in text and "预期瓶数: 17–22" in text  # 70–95 % of 6 kg
    fine = await client.get(f"/batches/{draft.id}/yield", params={"jars": "20", "sugar": "1"})
    assert 'data-testid="yield-ok"' in fine.text and "超出预期范围" not in fine.text
    assert (await client.get(f"/batches/{draft.id}/yield")).text.count("alert") == 0


async def test_the_check_button_shows_the_yield_and_finishes_nothing(visitor, world, draft):
    client = await visitor(Role.PROCESSOR)
    page = f"/batches/{draft.id}"
    checked = await post_form(
        client, page, f"{page}/finish", {"jars": "8", "sugar": "", "action": "preview"}
    )
    assert checked.status_code == 200
    assert 'data-testid="yield-warning"' in checked.text
    assert 'value="8"' in checked.text  # the jar count stays typed
    assert (await Batch.select(Batch.status).where(Batch.id == draft.id).first()) == {
        "status": "draft"
    }
    finished = await post_form(client, page, f"{page}/finish", {"jars": "18", "sugar": ""})
    assert finished.status_code == 303


async def test_the_work_team_sees_a_draft_batch_without_its_making_forms(visitor, world, draft):
    team = await visitor(Role.WORK_TEAM)
    page = await team.get(f"/batches/{draft.id}")
    assert page.status_code == 200
    assert f'action="/batches/{draft.id}/finish"' not in page.text
    assert f'action="/batches/{draft.id}/inputs' not in page.text
    assert (await team.get(f"/batches/{draft.id}/yield", params={"jars": "8"})).status_code == 403
