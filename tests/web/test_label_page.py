"""The print-labels page of a batch, through httpx on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from conftest import World
from support_labels import finished_batch

from coop.domain.actors import Role
from coop.tables import Batch, LabelRun
from web.conftest import csrf_of, post_form


@pytest.fixture
async def batch(world: World):
    return await finished_batch(world, jars=30)


async def runs_of(batch_id: int) -> list[dict]:
    return await LabelRun.select().where(LabelRun.batch == batch_id).order_by(LabelRun.id)


@pytest.mark.parametrize(
    ("locale", "lang", "direction", "words"),
    [
        ("zh_CN", "zh-CN", "ltr", "打印标签"),
        ("ug", "ug", "rtl", "تامغا بېسىش"),
        ("en", "en", "ltr", "Print labels"),
    ],
)
async def test_the_label_form_renders_in_each_language(
    visitor, batch, locale, lang, direction, words
):
    clerk = await visitor(Role.CLERK)
    await post_form(clerk, "/weigh", "/language", {"locale": locale, "next": "/weigh"})
    form = await clerk.get(f"/batches/{batch.id}/labels")
    assert form.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}">' in form.text
    assert words in form.text and batch.code in form.text
    for field in ('name="layout"', 'name="count"', 'name="serials"', 'name="format"'):
        assert field in form.text
    assert 'value="30"' in form.text  # as many labels as jars, to start with


async def test_posting_the_form_downloads_a_pdf_and_records_the_run(visitor, world, batch):
    processor = await visitor(Role.PROCESSOR)
    path = f"/batches/{batch.id}/labels"
    fields = {"layout": "a4-3x8", "count": "24", "serials": "yes", "format": "pdf"}
    printed = await post_form(processor, path, path, fields)
    assert printed.status_code == 200, printed.text
    assert printed.headers["content-type"] == "application/pdf"
    assert printed.content.startswith(b"%PDF-")
    assert (
        f'filename="{batch.code}-a4-3x8-00001-00024.pdf"' in printed.headers["content-disposition"]
    )
    [run] = await runs_of(batch.id)
    assert (run["label_count"], run["first_serial"], run["last_serial"]) == (24, 1, 24)
    assert run["printed_by"] == world.actors[Role.PROCESSOR].user_id
    listed = await processor.get(path)
    assert "1–24" in listed.text


async def test_a_post_without_the_csrf_token_is_refused_and_prints_nothing(visitor, batch):
    clerk = await visitor(Role.CLERK)
    path = f"/batches/{batch.id}/labels"
    await clerk.get(path)
    refused = await clerk.post(path, data={"layout": "a4-3x8", "count": "3", "format": "pdf"})
    assert refused.status_code == 403
    assert "application/pdf" not in refused.headers["content-type"]
    assert await runs_of(batch.id) == []


async def test_a_held_batch_shows_the_reason_on_the_form_and_prints_nothing(visitor, batch):
    await Batch.update({Batch.status: "held"}).where(Batch.id == batch.id)
    clerk = await visitor(Role.CLERK)
    path = f"/batches/{batch.id}/labels"
    refused = await post_form(clerk, path, path, {"layout": "a4-3x8", "count": "3"})
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith("text/html")
    assert "已暂停销售" in refused.text and csrf_of(refused)
    assert await runs_of(batch.id) == []


async def test_a_bad_count_is_shown_next_to_its_field(visitor, batch):
    clerk = await visitor(Role.CLERK)
    path = f"/batches/{batch.id}/labels"
    for count, status in (("abc", 422), ("0", 422), ("10001", 422)):
        refused = await post_form(clerk, path, path, {"layout": "a4-3x8", "count": count})
        assert refused.status_code == status, count
        assert 'role="alert"' in refused.text
    assert await runs_of(batch.id) == []


async def test_a_member_cannot_open_the_label_form(visitor, batch):
    member = await visitor(Role.MEMBER)
    assert (await member.get(f"/batches/{batch.id}/labels")).status_code == 403


async def test_the_form_of_a_recalled_batch_says_at_once_that_it_gets_no_labels(visitor, batch):
    await Batch.update({Batch.status: "recalled"}).where(Batch.id == batch.id)
    clerk = await visitor(Role.CLERK)
    form = await clerk.get(f"/batches/{batch.id}/labels")
    assert form.status_code == 200
    assert "已召回" in form.text and 'role="alert"' in form.text
