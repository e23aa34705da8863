"""`coop trace LOT` prints a readable tree, or writes the chain as a spreadsheet with -o."""

from __future__ import annotations

import openpyxl
from support_cli import coop_in
from support_trace_chain import build_chain


async def test_the_trace_command_prints_a_tree_and_writes_a_workbook(world, database_url, tmp_path):
    chain = await build_chain(world)
    forward = await coop_in(database_url, "trace", chain.lot)
    assert forward.returncode == 0, forward.stderr
    assert (
        f"batch {chain.one.code}" in forward.stdout and f"batch {chain.two.code}" in forward.stdout
    )
    assert "李四" in forward.stdout and "3 jars" in forward.stdout
    assert "1 lots, 2 batches, 3 orders" in forward.stdout

    backward = await coop_in(database_url, "trace", f"{chain.one.code}/00042", "--backward")
    assert backward.returncode == 0, backward.stderr
    assert f"{chain.lot}  4 kg of 10 kg" in backward.stdout
    assert f"{chain.other}  3 kg of 3 kg" in backward.stdout

    book = tmp_path / "trace.xlsx"
    written = await coop_in(database_url, "trace", chain.lot, "-o", str(book))
    assert written.returncode == 0, written.stderr
    sheet = openpyxl.load_workbook(book).active
    assert sheet is not None and sheet.max_row == 1 + 6


async def test_an_unknown_lot_is_a_clear_error(world, database_url):
    from coop.domain.lots import LotKind, new_lot_code

    missing = await coop_in(database_url, "trace", new_lot_code(LotKind.HARVEST, 2026))
    assert missing.returncode == 1
    assert "No lot" in missing.stderr
