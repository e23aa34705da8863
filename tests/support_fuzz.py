"""The API fuzzed from its own schema (schemathesis), signed in as the demo's admin.

Used by tests/api/test_fuzz.py (few examples, in every run) and scripts/bench/fuzz (many). Cases
are drawn in a worker thread by Hypothesis and sent in-process to the app on the caller's event
loop, so the app keeps the database pool it was opened with (asyncpg's is tied to its loop).
Failures are collected rather than raised: one run reports every failing operation at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import traceback
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)
from support_postgres import scratch_postgres

from coop import db
from coop.app import create_app
from coop.services.demo import DEMO_PASSWORD, USERS, load_demo
from coop.settings import Settings

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
BASE = "http://testserver"


@dataclass
class Failure:
    operation: str
    status: int
    problem: str
    request: str


@dataclass
class Report:
    operations: int = 0
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def summary(self) -> str:
        by_class = Counter({f"{s // 100}xx": 0 for s in self.statuses})
        for status, n in self.statuses.items():
            by_class[f"{status // 100}xx"] += n
        return (
            f"{self.operations} operations, {self.requests} requests in {self.seconds:.0f} s: "
            f"{dict(sorted(by_class.items()))}; {self.server_errors} server errors, "
            f"{len(self.failures)} failed checks"
        )

    def details(self, limit: int = 40) -> str:
        seen: dict[tuple[str, str], Failure] = {}
        for failure in self.failures:
            seen.setdefault((failure.operation, failure.problem.splitlines()[0]), failure)
        lines = [
            f"{f.operation} -> {f.status}: {f.problem[:400]}\n    {f.request[:300]}"
            for f in list(seen.values())[:limit]
        ]
        return "\n".join(lines)


@asynccontextmanager
async def demo_client(database_url: str) -> AsyncIterator[tuple[httpx.AsyncClient, dict]]:
    """The demo cooperative in a database of its own, the app on it, and the admin's headers.

    Rebinds the tables to the previously bound engine afterwards."""
    async with _database(database_url) as url:
        engine = db.engine_for(url)
        await engine.start_connection_pool()
        previous = db._bound
        db.bind(engine)
        try:
            await db.migrate(engine)
            await load_demo()
            app = create_app(Settings(database_url="unused://", secret_key="fuzz"), engine=engine)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
                phone = next(phone for role, phone, _, _ in USERS if role.value == "admin")
                answer = await client.post(
                    "/api/v1/auth/sign-in", json={"phone": phone, "password": DEMO_PASSWORD}
                )
                assert answer.status_code == 200, answer.text
                session = {"Authorization": f"Bearer {answer.json()['token']}"}
                # An API token: the fuzzed sign-out ends sessions, not API tokens.
                answer = await client.post(
                    "/api/v1/auth/tokens", json={"name": "fuzz"}, headers=session
                )
                assert answer.status_code == 201, answer.text
                yield client, {"Authorization": f"Bearer {answer.json()['token']}"}
        finally:
            if previous is not None:
                db.bind(previous)
            await engine.close_connection_pool()


@asynccontextmanager
async def _database(kind_or_url: str) -> AsyncIterator[str]:
    """A fresh SQLite file, or a scratch PostgreSQL database beside the given one."""
    if kind_or_url.startswith("sqlite"):
        import tempfile

        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{Path(directory) / 'fuzz.sqlite3'}"
        return
    async with scratch_postgres(kind_or_url, suffix="_fuzz") as url:
        yield url


def strategy_for(operation):
    """Valid cases and invalid ones (wrong types, out of range, missing fields), mixed."""
    drawn = [operation.as_strategy(generation_mode=GenerationMode.POSITIVE)]
    with contextlib.suppress(Exception):  # nothing to make invalid (no parameters, no body)
        drawn.append(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    return st.one_of(drawn)


async def fuzz(client: httpx.AsyncClient, headers: dict, examples: int, seed_: int = 18) -> Report:
    """`examples` cases per operation of /schema/openapi.json, each checked against the schema."""
    spec = (await client.get("/schema/openapi.json")).json()
    schema = schemathesis.openapi.from_dict(spec)
    loop = asyncio.get_running_loop()
    report = Report()
    crashes = _Crashes()
    logging.getLogger("coop").addHandler(crashes)

    async def send(prepared: requests.PreparedRequest) -> httpx.Response:
        body = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
        return await client.request(
            prepared.method or "GET",
            prepared.url or "/",
            content=body,
            headers=dict(prepared.headers),
        )

    def run_operation(operation) -> None:
        label = f"{operation.method.upper()} {operation.path}"

        @seed(seed_)
        @settings(
            max_examples=examples,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(strategy_for(operation))
        def each(case) -> None:
            kwargs = case.as_transport_kwargs(base_url=BASE, headers=headers)
            kwargs.pop("cookies", None)
            prepared = requests.Request(**{k: v for k, v in kwargs.items() if v is not None})
            request = prepared.prepare()
            response = asyncio.run_coroutine_threadsafe(send(request), loop).result()
            report.requests += 1
            report.statuses[response.status_code] += 1
            try:
                case.validate_response(response, checks=CHECKS)
            except BaseExceptionGroup as failure:  # failed checks: recorded, the run goes on
                problem = str(failure)
                if response.status_code >= 500:
                    problem = f"{crashes.last}\n{problem}"
                report.failures.append(
                    Failure(label, response.status_code, problem, _described(request))
                )

        each()

    def run_all() -> None:
        for result in schema.get_all_operations():
            operation = result.ok()
            report.operations += 1
            run_operation(operation)

    started = time.perf_counter()
    try:
        await asyncio.to_thread(run_all)
    finally:
        logging.getLogger("coop").removeHandler(crashes)
    report.seconds = time.perf_counter() - started
    return report


class _Crashes(logging.Handler):
    """The last error the server logged: where a 500 came from, in a failure's description."""

    last = ""

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            frames = traceback.extract_tb(error.__traceback__)
            where = [f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno}" for f in frames[-4:]]
            self.last = f"{type(error).__name__}: {error} at {' < '.join(reversed(where))}"


def _described(request: requests.PreparedRequest) -> str:
    body = request.body or b""
    if isinstance(body, bytes):
        body = body[:200].decode("utf-8", "replace")
    headers = {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
    return f"{request.method} {request.url} {body[:200]!r} {headers}"
