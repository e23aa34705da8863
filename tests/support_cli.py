"""Run the `coop` command in a subprocess on a test's database, without blocking the event loop."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys


async def coop_in(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COOP_DATABASE_URL": database_url}
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-c", "from coop.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
