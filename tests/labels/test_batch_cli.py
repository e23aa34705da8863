"""`coop labels LOT`: a batch's jar labels from the command line, the run recorded."""

from __future__ import annotations

import asyncio

import pytest
from click.testing import CliRunner
from support_labels import BASE_URL, finished_batch, pdf_cells

from coop import db
from coop.cli import main
from coop.tables import Batch, LabelRun


async def coop_labels(database_url: str, *args: str):
    """The command in a thread of its own (it runs its own event loop), then our tables back."""
    env = {"COOP_DATABASE_URL": database_url, "COOP_BASE_URL": BASE_URL}
    return await asyncio.to_thread(CliRunner().invoke, main, ["labels", *args], env=env)


@pytest.fixture
async def batch(world):
    return await finished_batch(world, jars=24)


async def runs_of(engine, batch_id: int) -> list[dict]:
    db.bind(engine)  # the command bound the tables to its own engine
    return await LabelRun.select().where(LabelRun.batch == batch_id).order_by(LabelRun.id)


async def test_coop_labels_prints_a_batchs_jars_with_serials_continuing_across_runs(
    engine, database_url, batch, tmp_path
):
    first = tmp_path / "first.pdf"
    result = await coop_labels(
        database_url, batch.code.lower(), "--count", "5", "--serials", "-o", str(first)
    )
    assert result.exit_code == 0, result.output
    assert f"5 labels written to {first}, serials 00001–00005" in result.output
    (tmp_path / "one").mkdir()
    cells = pdf_cells(first.read_bytes(), tmp_path / "one", "a4-3x8")
    assert cells[:5] == [[f"{BASE_URL}/l/{batch.code}/{n:05d}"] for n in range(1, 6)]

    second = tmp_path / "second.pdf"
    result = await coop_labels(
        database_url, batch.code, "--layout", "roll-62mm", "--count", "2", "--serials",
        "-o", str(second),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (tmp_path / "two").mkdir()
    assert pdf_cells(second.read_bytes(), tmp_path / "two", "roll-62mm") == [
        [f"{BASE_URL}/l/{batch.code}/00006"],
        [f"{BASE_URL}/l/{batch.code}/00007"],
    ]
    runs = await runs_of(engine, batch.id)
    assert [(r["label_count"], r["first_serial"], r["last_serial"]) for r in runs] == [
        (5, 1, 5),
        (2, 6, 7),
    ]
    assert [r["printed_by"] for r in runs] == [None, None]  # the server's command line


@pytest.mark.parametrize(("status", "words"), [("held", "on hold"), ("recalled", "recalled")])
async def test_coop_labels_refuses_a_held_or_recalled_batch(
    engine, database_url, batch, tmp_path, status, words
):
    await Batch.update({Batch.status: status}).where(Batch.id == batch.id)
    out = tmp_path / "labels.pdf"
    result = await coop_labels(database_url, batch.code, "--count", "3", "-o", str(out))
    assert result.exit_code == 1
    assert f"Batch {batch.code} is {words}" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
    assert await runs_of(engine, batch.id) == []


@pytest.mark.parametrize(
    ("lot", "message"),
    [
        ("B26-M9S346Q6", "No batch B26-M9S346Q6 in this cooperative."),
        ("B26-M9S346Q7", "The lot code B26-M9S346Q7 is mistyped"),
    ],
)
async def test_coop_labels_for_an_unknown_lot_is_a_clear_error(
    database, database_url, tmp_path, lot, message
):
    result = await coop_labels(database_url, lot, "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert message in result.output
    assert list(tmp_path.iterdir()) == []
