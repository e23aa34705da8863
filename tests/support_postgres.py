"""A scratch PostgreSQL database per process, for the tests and the benches (scripts/bench)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit, urlunsplit


@asynccontextmanager
async def scratch_postgres(url: str, suffix: str = "") -> AsyncIterator[str]:
    """A database of this process's own beside the one `url` names, dropped afterwards: for tests
    and benches, which may run beside each other on one server."""
    import asyncpg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'coop'}_{os.getpid()}{suffix}"
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
