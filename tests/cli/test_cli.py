"""The `coop` command as a person runs it."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from conftest import run_coop


def test_coop_help_lists_every_command(tmp_path):
    shown = run_coop("--help", database_url="sqlite:///unused.sqlite3", var_dir=str(tmp_path))
    assert shown.returncode == 0
    for command in ("serve", "migrate", "demo", "createuser", "backup", "restore"):
        assert f"  {command} " in shown.stdout, command


def test_migrate_and_demo_if_empty_twice_load_the_demo_once(tmp_path):
    path = tmp_path / "coop.sqlite3"
    url = f"sqlite:///{path}"
    assert run_coop("migrate", database_url=url, var_dir=str(tmp_path)).returncode == 0
    first = run_coop("demo", "--if-empty", database_url=url, var_dir=str(tmp_path))
    second = run_coop("demo", "--if-empty", database_url=url, var_dir=str(tmp_path))

    assert first.returncode == 0 and "13900000002" in first.stdout, first.stderr
    assert second.returncode == 0 and "not loaded" in second.stdout, second.stderr
    with closing(sqlite3.connect(path)) as connection:
        cooperatives, users = connection.execute(
            "SELECT (SELECT count(*) FROM cooperative), (SELECT count(*) FROM coop_user)"
        ).fetchone()
    assert (cooperatives, users) == (1, 5)


def test_createuser_with_a_bad_phone_exits_non_zero_and_says_why(tmp_path):
    url = f"sqlite:///{tmp_path / 'coop.sqlite3'}"
    assert run_coop("migrate", database_url=url, var_dir=str(tmp_path)).returncode == 0
    assert run_coop("demo", database_url=url, var_dir=str(tmp_path)).returncode == 0
    arguments = ["--cooperative", "guozigou", "--name", "新过磅员", "--role", "clerk"]
    refused = run_coop(
        "createuser",
        *arguments,
        "--phone",
        "139-not-a-phone",
        "--password",
        "long enough password",
        database_url=url,
        var_dir=str(tmp_path),
    )
    assert refused.returncode != 0
    assert "A phone number is 5 to 20 digits." in refused.stderr

    created = run_coop(
        "createuser",
        *arguments,
        "--phone",
        "13900000099",
        "--password",
        "long enough password",
        database_url=url,
        var_dir=str(tmp_path),
    )
    assert created.returncode == 0 and "created" in created.stdout, created.stderr
