"""200 weigh-ins typed offline at the weigh station, then synced: time, and nothing lost or doubled.

`coop serve` runs on 127.0.0.1 with the demo cooperative in a scratch database. Chromium (Debian's,
via Playwright) signs in as the demo clerk, opens the station once online so the service worker
keeps the shell and the data, goes offline, types N weigh-ins (each a distinct weight, so a lost
or doubled one can be told apart), and reconnects. The page's queue sends by itself; the run ends
when the page shows nothing waiting, then the database is counted. Run it through
scripts/bench/offline, which sets up .venv first.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from contextlib import AsyncExitStack
from pathlib import Path

from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parents[2]
COOP = ROOT / ".venv" / "bin" / "coop"
CLERK_PHONE, PASSWORD = "13900000002", "coop-demo-2026"
CODES = [f"GZ{n:03d}" for n in range(1, 9)]
BASE_WEIGHT_G = 10_000  # weigh-in i weighs BASE + i grams: each one recognisable in the database
SYNC_LIMIT_S = 600


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(database_url: str, port: int, workdir: Path) -> subprocess.Popen:
    env = {**os.environ, "COOP_DATABASE_URL": database_url, "COOP_SECRET_KEY": "bench-offline"}
    for command in (["migrate"], ["demo", "--if-empty"]):
        subprocess.run([str(COOP), *command], env=env, cwd=workdir, check=True, capture_output=True)
    server = subprocess.Popen(
        [str(COOP), "serve", "--port", str(port)],
        env=env,
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except OSError:
            if server.poll() is not None:
                tail = server.stderr.read().decode()[-2000:] if server.stderr else ""
                raise SystemExit(f"coop serve stopped: {tail}") from None
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("coop serve did not answer within 60 s")


async def drive(base_url: str, count: int) -> dict[str, float]:
    path = os.environ.get("COOP_CHROMIUM", "/usr/lib/chromium/chromium")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=path, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
        )
        context = await browser.new_context(
            viewport={"width": 360, "height": 740}, locale="zh-CN", base_url=base_url
        )
        context.set_default_timeout(30_000)
        page = await context.new_page()
        await page.goto("/sign-in")
        await page.fill("#phone", CLERK_PHONE)
        await page.fill("#password", PASSWORD)
        async with page.expect_navigation():
            await page.click("button.primary")
        await page.goto("/weigh")
        await page.wait_for_selector("html[data-offline-ready='1']")

        await context.set_offline(True)
        await page.goto("/weigh")  # the cached shell
        await page.wait_for_selector("#station")
        started = time.monotonic()
        for i in range(count):
            await page.fill("#q", CODES[i % len(CODES)])
            await page.press("#q", "Enter")  # a code typed in full opens its form
            await page.fill("#weight", f"{BASE_WEIGHT_G + i}g")
            await page.click("#weigh-form button.primary")
            await page.wait_for_selector("#receipt-view:not([hidden])")
            await page.click("#next-household")
        typed_s = time.monotonic() - started
        waiting = int(await page.inner_text("[data-testid=waiting]"))

        await context.set_offline(False)
        started = time.monotonic()
        await page.wait_for_function(
            "document.querySelector('[data-testid=waiting]').textContent === '0'",
            timeout=SYNC_LIMIT_S * 1000,
        )
        sync_s = time.monotonic() - started
        refused = await page.locator("#queue > li[data-state=refused]").count()
        await browser.close()
    return {"typed_s": typed_s, "sync_s": sync_s, "waiting": waiting, "refused": refused}


async def lots_after(database_url: str, last_id: int) -> list[tuple[int, int]]:
    """(id, weight_g) of every harvest lot made after the demo's (whose ids end at last_id)."""
    query = "SELECT id, weight_g FROM harvest_lot WHERE id > {} ORDER BY id"
    if database_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as connection:
            return [tuple(row) for row in connection.execute(query.format("?"), (last_id,))]
    import asyncpg

    connection = await asyncpg.connect(database_url)
    try:
        return [tuple(row) for row in await connection.fetch(query.format("$1"), last_id)]
    finally:
        await connection.close()


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="weigh-ins typed offline")
    parser.add_argument("--postgres", help="a PostgreSQL server URL: a scratch database beside it")
    args = parser.parse_args()
    async with AsyncExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        if args.postgres:
            sys.path.insert(0, str(ROOT))
            from coop.db import scratch_postgres

            database_url = await stack.enter_async_context(scratch_postgres(args.postgres))
        else:
            database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
        port = free_port()
        server = start_server(database_url, port, workdir)
        demo_lots = await lots_after(database_url, 0)
        try:
            timing = await drive(f"http://127.0.0.1:{port}", args.count)
        finally:
            server.terminate()
            server.wait(timeout=30)
        last_demo_id = max((lot_id for lot_id, _ in demo_lots), default=0)
        found = [weight for _, weight in await lots_after(database_url, last_demo_id)]
    expected = {BASE_WEIGHT_G + i for i in range(args.count)}
    seen = Counter(found)
    lost = len(expected - seen.keys())
    doubled = sum(n - 1 for n in seen.values() if n > 1)
    database = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"offline weigh-ins on {database}: {args.count} typed in {timing['typed_s']:.1f} s "
        f"({1000 * timing['typed_s'] / args.count:.0f} ms each;"
        f" the page showed {timing['waiting']:.0f} waiting)"
    )
    print(
        f"back online: all sent in {timing['sync_s']:.2f} s "
        f"({1000 * timing['sync_s'] / args.count:.1f} ms each), refused {timing['refused']:.0f}"
    )
    print(f"database: {len(found)} lots of {args.count} expected; lost {lost}, doubled {doubled}")
    return 0 if lost == 0 and doubled == 0 and len(found) == args.count else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
