"""`coop report income` on a demo cooperative: a table on stdout, an XLSX (two sheets), a CSV."""

import openpyxl
from click.testing import CliRunner

from coop.cli import main


def test_coop_report_income_prints_a_table_and_writes_xlsx_and_csv(tmp_path, monkeypatch):
    monkeypatch.setenv("COOP_DATABASE_URL", f"sqlite:///{tmp_path}/coop.sqlite3")
    runner = CliRunner()
    for command in (["migrate"], ["demo"]):
        assert runner.invoke(main, command).exit_code == 0

    table = runner.invoke(main, ["report", "income", "--season", "2026"])
    assert table.exit_code == 0, table.output
    assert "2026季：8 户" in table.output
    assert "GZ001  阿依古丽·买买提" in table.output

    xlsx = tmp_path / "income.xlsx"
    written = runner.invoke(main, ["report", "income", "--season", "2026", "-o", str(xlsx)])
    assert written.exit_code == 0, written.output
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames == ["增收情况", "台账"]
    assert [row[0] for row in book["增收情况"].iter_rows(min_row=2, values_only=True)] == [
        f"GZ00{n}" for n in range(1, 9)
    ]
    assert book["台账"].max_row > 1

    csv = tmp_path / "income.csv"
    assert (
        runner.invoke(main, ["report", "income", "--season", "2026", "-o", str(csv)]).exit_code == 0
    )
    assert csv.read_text(encoding="utf-8-sig").startswith("户号,户名")

    refused = runner.invoke(main, ["report", "income", "--season", "2026", "-o", "x.pdf"])
    assert refused.exit_code == 1
    assert "csv or xlsx" in refused.output
