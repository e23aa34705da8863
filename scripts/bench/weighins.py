"""Weigh-ins over HTTP beside a bare JSON POST of the same server, in the same run.

One uvicorn worker on 127.0.0.1; wrk (C, one thread) drives 32 connections, bounded by time and by
request count; rounds alternate bare, weigh-ins, bare, weigh-ins and the medians are reported.
Both get the same JSON body; weigh-ins also a clerk's Bearer token and a fresh Idempotency-Key.
After the server has stopped (and finished what it had in hand), every weigh-in answered 2xx must
be in the database, and every lot must have exactly one ledger credit, audit event and key.
Run it through scripts/bench/weighins, which sets up .venv and wrk first.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # the scratch PostgreSQL database the tests use too
from support_postgres import scratch_postgres  # noqa: E402

VENV = ROOT / ".venv" / "bin"
LUA = Path(__file__).resolve().parent / "post.lua"
WEIGHT_G, PRICE_FEN_PER_KG = 12_500, 1_000  # 12.5 kg at 10.00 yuan/kg
WARM_S = 3
AMOUNT_FEN = WEIGHT_G * PRICE_FEN_PER_KG // 1000


@dataclass
class Run:
    endpoint: str
    sent: int
    ok: int
    bad: int
    last_bad: int
    socket_errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    ids: list[int]
    cpu_s: float = 0.0  # the server process's CPU time (user + system) during the run

    @property
    def cpu_ms(self) -> float:
        """Server CPU per answered request: unlike the rate, barely moved by other load."""
        return 1000 * self.cpu_s / max(1, self.ok + self.bad)

    @property
    def rate(self) -> float:
        return (self.ok + self.bad) / self.seconds


@dataclass
class Result:
    database: str
    runs: list[Run] = field(default_factory=list)
    lost: int = 0
    problems: list[str] = field(default_factory=list)

    def median(self, endpoint: str) -> float:
        return statistics.median(r.rate for r in self.runs if r.endpoint == endpoint and r.seconds)

    def median_cpu_ms(self, endpoint: str) -> float:
        runs = [r for r in self.runs if r.endpoint == endpoint and r.seconds]
        return statistics.median(r.cpu_ms for r in runs)

    @property
    def errors(self) -> int:
        return sum(r.bad + r.socket_errors for r in self.runs)


# --- the database: create, migrate, seed, check ---------------------------------------------------


@asynccontextmanager
async def opened(url: str) -> AsyncIterator[None]:
    from coop import db

    engine = db.bind(db.engine_for(url))
    await engine.start_connection_pool()
    try:
        yield
    finally:
        await engine.close_connection_pool()


async def seed(url: str) -> dict:
    """A cooperative, a household, a product and a clerk with an API token."""
    from coop.domain.actors import Actor, Role
    from coop.services.auth import create_api_token, hash_password
    from coop.tables import Cooperative, Household, Product, User

    async with opened(url):
        cooperative = Cooperative(slug="bench", name="果子沟树莓合作社", village="果子沟村")
        await cooperative.save()
        household = Household(cooperative=cooperative.id, code="H1", display_name="王建国")
        await household.save()
        product = Product(
            cooperative=cooperative.id,
            code="raspberry",
            name_zh="鲜树莓",
            unit="kg",
            purchase_price_fen_per_kg=PRICE_FEN_PER_KG,
        )
        await product.save()
        clerk = User(
            cooperative=cooperative.id,
            phone="13900000001",
            name="过磅员",
            password_hash=hash_password("bench password"),
            role=Role.CLERK.value,
        )
        await clerk.save()
        actor = Actor(clerk.id, cooperative.id, Role.CLERK, clerk.name)
        token = await create_api_token(actor, "bench")
    return {"household_id": household.id, "product_id": product.id, "token": token}


async def count_writes(url: str) -> dict:
    from piccolo.query.functions.aggregate import Sum

    from coop.tables import AuditEvent, HarvestLot, IdempotencyKey, LedgerEntry

    async with opened(url):
        ledger = await LedgerEntry.select(Sum(LedgerEntry.amount_fen).as_alias("s")).first()
        lots = await HarvestLot.select(Sum(HarvestLot.amount_fen).as_alias("s")).first()
        return {
            "lot_ids": {r["id"] for r in await HarvestLot.select(HarvestLot.id)},
            "credited": {r["source_id"] for r in await LedgerEntry.select(LedgerEntry.source_id)},
            "lots": await HarvestLot.count(),
            "entries": await LedgerEntry.count(),
            "audits": await AuditEvent.count().where(AuditEvent.action == "weighin"),
            "keys": await IdempotencyKey.count(),
            "codes": len(await HarvestLot.select(HarvestLot.code).distinct()),
            "ledger_sum": int((ledger or {}).get("s") or 0),
            "lot_sum": int((lots or {}).get("s") or 0),
        }


# --- the server and the load ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, port: int, var_dir: Path) -> subprocess.Popen:
    """One uvicorn worker (uvloop + httptools, no access log) with the bench endpoint mounted."""
    env = {
        **os.environ,
        "COOP_DATABASE_URL": url,
        "COOP_BENCH_ENDPOINTS": "1",
        "COOP_SECRET_KEY": "bench",
        "COOP_VAR_DIR": str(var_dir),
    }
    server = subprocess.Popen(
        [
            str(VENV / "uvicorn"),
            "coop.app:create_app",
            "--factory",
            "--host=127.0.0.1",
            f"--port={port}",
            "--loop=uvloop",
            "--http=httptools",
            "--no-access-log",
            "--log-level=warning",
        ],
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"the server exited with {server.returncode}") from None
        time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not answer /healthz within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    """SIGINT: uvicorn finishes the requests in hand (wrk may have left some) before exiting."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def drive(port: int, endpoint: str, seconds: int, args, body: dict, token: str, label: str) -> Run:
    """One wrk run: `args.connections` connections, at most `seconds` and args.requests."""
    path = "/api/v1/bare" if endpoint == "bare" else "/api/v1/weighins"
    answer = subprocess.run(
        [
            "wrk",
            "--threads=1",
            f"--connections={args.connections}",
            f"--duration={seconds}s",
            "--timeout=30s",
            f"--script={LUA}",
            f"http://127.0.0.1:{port}{path}",
            "--",
            json.dumps(body),
            token if endpoint == "weighins" else "-",
            label if endpoint == "weighins" else "-",
            str(args.requests),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(x for x in answer.stdout.splitlines() if x.startswith("BENCH "))
    got = json.loads(line.removeprefix("BENCH "))
    return Run(
        endpoint=endpoint,
        sent=got["sent"],
        ok=got["ok"],
        bad=got["bad"],
        last_bad=got["last_bad"],
        socket_errors=got["socket_errors"],
        seconds=got["duration_us"] / 1e6,
        p50_ms=got["p50_us"] / 1000,
        p99_ms=got["p99_us"] / 1000,
        ids=got["ids"],
    )


def bench(name: str, url: str, args, var_dir: Path) -> Result:
    subprocess.run(
        [str(VENV / "coop"), "migrate"],
        env={**os.environ, "COOP_DATABASE_URL": url, "COOP_VAR_DIR": str(var_dir)},
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    world = asyncio.run(seed(url))
    weighin = {
        "household_id": world["household_id"],
        "product_id": world["product_id"],
        "weight_g": WEIGHT_G,
        "price_fen_per_kg": PRICE_FEN_PER_KG,
        "grade": "A",
    }
    result = Result(name)
    port = free_port()
    server = start_server(url, port, var_dir)
    if args.pause:
        print(f"server pid {server.pid} on port {port}; press Enter to start", file=sys.stderr)
        input()
    try:
        plan = [("bare", "warm"), ("weighins", "warm")]
        plan += [(e, f"r{i}") for i in range(args.rounds) for e in ("bare", "weighins")]
        for endpoint, label in plan:
            seconds = WARM_S if label == "warm" else args.seconds
            cpu_before = cpu_seconds(server.pid)
            run = drive(port, endpoint, seconds, args, weighin, world["token"], label)
            run.cpu_s = cpu_seconds(server.pid) - cpu_before
            if label == "warm":
                run.seconds = 0.0  # warms the server's caches and pools; not counted
            result.runs.append(run)
            print(
                f"  {name:<10} {label:<5} {endpoint:<9} {run.rate if run.seconds else 0:8.0f} req/s"
                f"  p50 {run.p50_ms:6.1f} ms  p99 {run.p99_ms:6.1f} ms  cpu {run.cpu_ms:.2f} ms/req"
                f"  ok {run.ok}  bad {run.bad} (last {run.last_bad})  socket {run.socket_errors}",
                file=sys.stderr,
            )
    finally:
        stop_server(server)
    check(result, asyncio.run(count_writes(url)))
    return result


def check(result: Result, found: dict) -> None:
    """Every weigh-in answered 2xx is in the database with its credit; nothing else was written.

    wrk stops with requests in flight: the server may finish those (the client, had it stayed,
    would have been answered) or drop them unread, so lots beyond the answered ones are allowed
    up to the number left unanswered, but each lot has exactly one credit, audit event and key.
    """
    weighins = [r for r in result.runs if r.endpoint == "weighins"]
    sent = sum(r.sent for r in weighins)
    answered = [i for r in weighins for i in r.ids]
    lots = found["lot_ids"]
    result.lost = len(set(answered) - lots)
    if len(set(answered)) != len(answered):
        result.problems.append("two answers named the same lot")
    unanswered = sent - len(answered)
    if not 0 <= len(lots) - len(answered) <= unanswered:
        result.problems.append(f"{len(lots)} lots for {len(answered)} answered of {sent} sent")
    for what in ("entries", "audits", "keys", "codes"):
        if found[what] != len(lots):
            result.problems.append(f"{found[what]} {what} for {len(lots)} lots")
    if found["credited"] != lots:
        result.problems.append("the lots and the lots credited in the ledger differ")
    if not found["ledger_sum"] == found["lot_sum"] == len(lots) * AMOUNT_FEN:
        result.problems.append(
            f"ledger sums {found['ledger_sum']}, lots {found['lot_sum']}, "
            f"expected {len(lots) * AMOUNT_FEN} fen"
        )
    print(
        f"  {result.database}: {sent} weigh-ins sent, {len(answered)} answered 2xx, "
        f"{len(lots)} lots, {found['entries']} ledger entries summing {found['ledger_sum']} fen",
        file=sys.stderr,
    )


def table(results: list[Result]) -> str:
    lines = [
        "| database | bare req/s | weigh-in req/s | ratio | errors | lost writes "
        "| server CPU ms/req bare, weigh-in (ratio) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        bare, weigh = r.median("bare"), r.median("weighins")
        bare_cpu, weigh_cpu = r.median_cpu_ms("bare"), r.median_cpu_ms("weighins")
        lines.append(
            f"| {r.database} | {bare:.0f} | {weigh:.0f} | {weigh / bare:.2f} "
            f"| {r.errors} | {r.lost} "
            f"| {bare_cpu:.2f}, {weigh_cpu:.2f} ({bare_cpu / weigh_cpu:.2f}) |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=8, help="per run (default 8)")
    parser.add_argument("--requests", type=int, default=200_000, help="per run, at most")
    parser.add_argument("--rounds", type=int, default=3, help="bare + weigh-in pairs (default 3)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--postgres", metavar="URL", default=os.environ.get("COOP_TEST_POSTGRES_URL")
    )
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--pause", action="store_true", help="wait for Enter (to attach py-spy)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing (Debian package wrk); scripts/bench/weighins installs it")

    results = []
    with tempfile.TemporaryDirectory(prefix="coop-bench-") as tmp:
        results.append(bench("SQLite", f"sqlite:///{tmp}/bench.sqlite3", args, Path(tmp)))
        if args.postgres and not args.no_postgres:

            async def make() -> None:
                async with scratch_postgres(args.postgres, "_bench_weighins") as url:
                    # bench() runs event loops of its own; this one only holds the scratch database
                    run = asyncio.to_thread(bench, "PostgreSQL", url, args, Path(tmp))
                    results.append(await run)

            asyncio.run(make())
    print(table(results))
    for r in results:
        for problem in r.problems:
            print(f"{r.database}: {problem}", file=sys.stderr)
    return 1 if any(r.errors or r.lost or r.problems for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
