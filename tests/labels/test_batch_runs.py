"""A batch's jar labels through the API, on SQLite and PostgreSQL: runs recorded, serials
continuing and never shared, held/recalled/unfinished batches refused."""

from __future__ import annotations

import asyncio
import re

import pytest
from support_labels import BASE_URL, decode, finished_batch, pdf_cells

from coop.domain.actors import Actor, Role
from coop.services.auth import create_api_token, create_user
from coop.tables import Batch, LabelRun

ENGLISH = {"Accept-Language": "en"}


async def print_labels(client, world, batch_id: int, role: Role = Role.CLERK, **body):
    fields = {"layout": "a4-3x8", "count": 3, "serials": True, "format": "pdf", **body}
    return await client.post(
        f"/api/v1/batches/{batch_id}/labels", json=fields, headers=world.headers(role, **ENGLISH)
    )


async def runs_of(batch_id: int) -> list[dict]:
    return await LabelRun.select().where(LabelRun.batch == batch_id).order_by(LabelRun.id)


@pytest.fixture
async def batch(world):
    return await finished_batch(world, jars=40)


async def test_a_finished_batch_prints_labels_whose_codes_decode_to_its_urls_serials_continuing(
    client, world, batch, tmp_path
):
    first = await print_labels(client, world, batch.id, count=30)
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "application/pdf"
    assert first.headers["content-disposition"] == (
        f'attachment; filename="{batch.code}-a4-3x8-00001-00030.pdf"'
    )
    (tmp_path / "first").mkdir()
    cells = pdf_cells(first.content, tmp_path / "first", "a4-3x8")
    assert cells[:30] == [[f"{BASE_URL}/l/{batch.code}/{n:05d}"] for n in range(1, 31)]
    assert cells[30:] == [[]] * 18  # the rest of the second sheet stays blank

    second = await print_labels(
        client, world, batch.id, Role.PROCESSOR, layout="roll-62mm", count=4
    )
    assert second.status_code == 200, second.text
    assert second.headers["x-label-serials"] == "31-34"
    (tmp_path / "second").mkdir()
    assert pdf_cells(second.content, tmp_path / "second", "roll-62mm") == [
        [f"{BASE_URL}/l/{batch.code}/{n:05d}"] for n in range(31, 35)
    ]

    runs = await runs_of(batch.id)
    assert [(r["label_count"], r["layout"], r["format"]) for r in runs] == [
        (30, "a4-3x8", "pdf"),
        (4, "roll-62mm", "pdf"),
    ]
    assert [(r["first_serial"], r["last_serial"]) for r in runs] == [(1, 30), (31, 34)]
    assert [r["printed_by"] for r in runs] == [
        world.actors[Role.CLERK].user_id,
        world.actors[Role.PROCESSOR].user_id,
    ]
    listed = await client.get(
        f"/api/v1/batches/{batch.id}/label-runs", headers=world.headers(Role.ADMIN)
    )
    assert [run["first_serial"] for run in listed.json()] == [31, 1]


async def test_a_product_with_a_gtin_gets_the_gs1_digital_link(client, world, tmp_path):
    batch = await finished_batch(world, jars=5, gtin="9501101530003")
    printed = await print_labels(client, world, batch.id, count=1, format="png")
    assert printed.status_code == 200, printed.text
    assert printed.headers["content-type"] == "image/png"
    image = tmp_path / "label.png"
    image.write_bytes(printed.content)
    from PIL import Image

    url = f"{BASE_URL}/01/09501101530003/10/{batch.code}/21/00001"
    assert decode(Image.open(image)) == [url]


async def test_labels_without_serials_all_carry_the_lot_link_and_use_no_serials(
    client, world, batch
):
    printed = await print_labels(client, world, batch.id, count=2, serials=False, format="zpl")
    assert printed.status_code == 200, printed.text
    assert printed.headers["content-type"] == "application/zpl"
    assert printed.content.count(f"{BASE_URL}/l/{batch.code}^FS".encode()) == 2
    [run] = await runs_of(batch.id)
    assert (run["first_serial"], run["last_serial"]) == (None, None)
    after = await print_labels(client, world, batch.id, count=2)
    assert after.headers["x-label-serials"] == "1-2"


async def test_runs_at_the_same_time_get_disjoint_serial_ranges(client, world, batch):
    printed = await asyncio.gather(
        *(print_labels(client, world, batch.id, count=10, format="zpl") for _ in range(4))
    )
    assert [response.status_code for response in printed] == [200] * 4
    ranges = []
    for response in printed:
        first, last = map(int, response.headers["x-label-serials"].split("-"))
        ranges.append((first, last))
        serials = re.findall(rb"/l/[0-9A-Z-]+/(\d+)\^FS", response.content)
        assert [int(s) for s in serials] == list(range(first, last + 1))
    covered = sorted(n for first, last in ranges for n in range(first, last + 1))
    assert covered == list(range(1, 41))  # each serial printed exactly once


@pytest.mark.parametrize(
    ("status", "code", "words"),
    [("held", "batch_held", "on hold"), ("recalled", "batch_recalled", "recalled")],
)
async def test_a_held_or_recalled_batch_gets_no_labels_and_no_run(
    client, world, batch, status, code, words
):
    await Batch.update({Batch.status: status}).where(Batch.id == batch.id)
    refused = await print_labels(client, world, batch.id)
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == code
    assert words in error["message"] and batch.code in error["message"]
    assert await runs_of(batch.id) == []
    chinese = await client.post(
        f"/api/v1/batches/{batch.id}/labels",
        json={"layout": "a4-3x8", "count": 1},
        headers=world.headers(Role.CLERK),
    )
    assert re.search(r"[\u4e00-\u9fff]", chinese.json()["error"]["message"])


async def test_an_unfinished_batch_gets_no_labels(client, world, batch):
    await Batch.update({Batch.status: "draft"}).where(Batch.id == batch.id)
    refused = await print_labels(client, world, batch.id)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "batch_not_finished"
    assert await runs_of(batch.id) == []


async def test_an_unknown_batch_is_not_found(client, world, batch):
    missing = await print_labels(client, world, batch.id + 10_000)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "batch_not_found"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"count": 0}, "invalid_label_count"),
        ({"count": 10_001}, "invalid_label_count"),
        ({"count": -3}, "invalid_label_count"),
        ({"layout": "a5-2x4"}, "unknown_layout"),
        ({"layout": "../pyproject"}, "unknown_layout"),
        ({"format": "docx"}, "unknown_label_format"),
        ({"colour": "red"}, "invalid_request"),
    ],
)
async def test_a_bad_count_layout_or_format_is_refused_and_nothing_recorded(
    client, world, batch, body, code
):
    refused = await print_labels(client, world, batch.id, **body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["code"] == code
    assert await runs_of(batch.id) == []


async def test_only_admins_clerks_and_the_batchs_own_processor_print_its_labels(
    client, world, batch
):
    other_id = await create_user(
        world.cooperative_id,
        f"139{world.cooperative_id:08d}",
        "另一加工户",
        "pw-long-enough",
        Role.PROCESSOR,
        world.households["H2"],
    )
    other = Actor(
        other_id, world.cooperative_id, Role.PROCESSOR, "另一加工户", world.households["H2"]
    )
    other_headers = {"Authorization": f"Bearer {await create_api_token(other, 'test')}"}
    refused = await client.post(
        f"/api/v1/batches/{batch.id}/labels",
        json={"layout": "a4-3x8", "count": 1},
        headers=other_headers,
    )
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_your_batch"
    for role in (Role.MEMBER, Role.WORK_TEAM):
        assert (await print_labels(client, world, batch.id, role)).status_code == 403
    assert await runs_of(batch.id) == []
    for role in (Role.ADMIN, Role.CLERK, Role.PROCESSOR):
        assert (await print_labels(client, world, batch.id, role, count=1)).status_code == 200


async def test_the_layouts_are_listed_for_clients(client, world):
    listed = await client.get("/api/v1/label-layouts", headers=world.headers(Role.CLERK))
    assert listed.status_code == 200
    sheets = {layout["name"]: layout for layout in listed.json()}
    assert sheets["a4-3x8"]["labels_per_page"] == 24
    assert sheets["roll-62mm"]["label_width_mm"] == 62
