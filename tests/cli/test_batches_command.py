"""`coop demo` cooks jam from the demo harvest; `coop batches` lists it, lot code first."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def coop(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COOP_DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-c", "from coop.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_the_demo_cooperative_has_finished_jam_batches_listed_lot_code_first(tmp_path):
    url = f"sqlite:///{tmp_path}/coop.sqlite3"
    assert coop("migrate", database_url=url).returncode == 0
    loaded = coop("demo", database_url=url)
    assert loaded.returncode == 0, loaded.stderr

    listed = coop("batches", "--status", "finished", database_url=url)
    assert listed.returncode == 0, listed.stderr
    lines = [line.split("\t") for line in listed.stdout.splitlines()]
    assert len(lines) == 3
    for code, status, product, processor, *_ in lines:
        assert code.startswith("B26-") and len(code) <= 20
        assert (status, product) == ("finished", "树莓酱 250克")
        assert processor in {"GZ001", "GZ004"}
    assert [line[-1] for line in lines] == ["", "", "flagged"]
    assert {line[8] for line in lines} == {"50.00", "40.00", "30.00"}  # 5.00 yuan per kg

    assert coop("batches", "--status", "draft", database_url=url).stdout == ""
    unknown = coop("batches", "--status", "eaten", database_url=url)
    assert unknown.returncode == 1 and "eaten" in unknown.stderr
