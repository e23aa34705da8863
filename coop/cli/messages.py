"""`coop messages`: hand the text-message outbox to gammu-smsd and read replies, from cron or a
systemd timer when the web app does not run the loop itself."""

from __future__ import annotations

import click

from coop.cli.running import run
from coop.settings import Settings


@click.command()
@click.option("--smsdrc", default=None, help="gammu-smsd's configuration (else COOP_SMSD_CONFIG).")
def messages(smsdrc: str | None) -> None:
    """One pass: write the receipts now due, send what is queued, record states, read replies."""
    from pathlib import Path

    from coop.services import sending
    from coop.services.gateway import GammuFiles

    async def once(settings: Settings) -> None:
        config = Path(smsdrc) if smsdrc else settings.smsd_config
        if config is None:
            raise click.ClickException("Set COOP_SMSD_CONFIG or pass --smsdrc.")
        await sending.run_once(GammuFiles.from_config(config))

    run(once)
    click.echo("messages: done")
