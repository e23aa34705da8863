"""The `coop` command: serve, migrate, demo, batches, labels, trace, createuser, report, backup,
restore; each group of commands in its own module."""

from __future__ import annotations

import click

from coop.cli import admin, labels, messages, reports


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """coop: a ledger for village agricultural cooperatives."""


for command in (*admin.COMMANDS, *reports.COMMANDS, labels.labels, messages.messages):
    main.add_command(command)
