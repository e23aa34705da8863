"""scripts/bench/scan: the lot page against the bare framework, on SQLite and PostgreSQL."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the scratch PostgreSQL database the tests use too

from support_postgres import scratch_postgres  # noqa: E402

from coop import db  # noqa: E402
from coop.services.demo import load_demo  # noqa: E402
from coop.tables import HarvestLot  # noqa: E402

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
PACED = ROOT / "scripts" / "bench" / "paced.lua"
PAUSE_MS = 128  # 64 connections x one request per 128 ms: about 500 requests per second offered


async def prepare(url: str) -> str:
    """Migrate, load the demo cooperative, and return one harvest lot's code."""
    engine = db.engine_for(url)
    await engine.start_connection_pool()
    try:
        await db.migrate(engine)
        await load_demo()
        row = await HarvestLot.select(HarvestLot.code).order_by(HarvestLot.id).first()
        assert row is not None
        return row["code"]
    finally:
        await engine.close_connection_pool()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def server(url: str, var_dir: str):
    port = free_port()
    env = {
        **os.environ,
        "COOP_DATABASE_URL": url,
        "COOP_BENCH_ENDPOINTS": "1",
        "COOP_SECRET_KEY": "bench",
        "COOP_VAR_DIR": var_dir,
    }
    command = [sys.executable, "-m", "uvicorn", "coop.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
    command += ["--log-level", "warning", "--no-access-log"]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("bench: the server did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def wrk(url: str, seconds: int, connections: int, pause_ms: int = 0) -> tuple[float, float]:
    """Requests per second and the 99th percentile latency in milliseconds.

    With pause_ms each connection waits that long between requests: a bounded load.
    """
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if pause_ms:
        command += ["-s", str(PACED), url, "--", str(pause_ms)]
    else:
        command += [url]
    out = subprocess.run(
        command,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    value, unit = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", out).groups()  # type: ignore[union-attr]
    if re.search(r"Non-2xx or 3xx responses", out):
        raise SystemExit(f"bench: errors while loading {url}:\n{out}")
    return rps, float(value) * UNITS[unit]


def measure(name: str, url: str, seconds: int, connections: int) -> dict:
    with tempfile.TemporaryDirectory() as var_dir:
        lot = asyncio.run(prepare(url))
        with server(url, var_dir) as base:
            page_url = f"{base}/l/{lot}"
            with urllib.request.urlopen(page_url) as response:
                size = len(response.read())
            bare_url = f"{base}/bench/bare.html?size={size}"
            with urllib.request.urlopen(bare_url) as response:
                assert len(response.read()) == size
            wrk(page_url, 2, connections)  # warm both paths up
            wrk(bare_url, 2, connections)
            bare = wrk(bare_url, seconds, connections)
            page = wrk(page_url, seconds, connections)
            bare_paced = wrk(bare_url, seconds, connections, PAUSE_MS)
            page_paced = wrk(page_url, seconds, connections, PAUSE_MS)
    result = {
        "database": name,
        "ratio": page[0] / bare[0],
        "page_p99_ms": page_paced[1],
    }
    print(
        f"{name:<9} saturated, {connections} connections: page ({size} B) {page[0]:6.0f} req/s "
        f"p99 {page[1]:5.1f} ms | bare {bare[0]:6.0f} req/s p99 {bare[1]:5.1f} ms "
        f"| ratio {result['ratio']:.2f}\n"
        f"{name:<9} bounded, ~{connections * 1000 // PAUSE_MS} req/s offered: "
        f"page {page_paced[0]:6.0f} req/s p99 {page_paced[1]:5.1f} ms | "
        f"bare {bare_paced[0]:6.0f} req/s p99 {bare_paced[1]:5.1f} ms",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default=os.environ.get("COOP_TEST_POSTGRES_URL"))
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    args = parser.parse_args()
    targets = {"sqlite": 0.6, "postgres": 0.4}
    results = []
    if args.only in (None, "sqlite"):
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.sqlite3"
            results.append(measure("sqlite", url, args.duration, args.connections))
    if args.only in (None, "postgres"):
        if not args.postgres:
            print("postgres   skipped: set COOP_TEST_POSTGRES_URL or pass --postgres URL")
        else:
            results.append(postgres(args.postgres, args.duration, args.connections))
    failed = [r for r in results if r["ratio"] < targets[r["database"]] or r["page_p99_ms"] > 50]
    for r in results:
        verdict = "meets" if r not in failed else "MISSES"
        print(
            f"{r['database']:<10} {verdict} the target (ratio >= {targets[r['database']]}, "
            "p99 <= 50 ms)"
        )
    sys.exit(1 if failed else 0)


def postgres(url: str, seconds: int, connections: int) -> dict:
    """Measure on a scratch database created beside `url` and dropped afterwards."""

    async def scratch() -> dict:
        async with scratch_postgres(url, "_bench_scan") as scratch_url:
            # measure() runs event loops of its own; this one only holds the scratch database
            return await asyncio.to_thread(measure, "postgres", scratch_url, seconds, connections)

    return asyncio.run(scratch())


if __name__ == "__main__":
    main()
