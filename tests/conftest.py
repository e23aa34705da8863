"""Real databases for every test that needs one: SQLite, and PostgreSQL at COOP_TEST_POSTGRES_URL.

With CI=true a missing part fails the run instead of skipping (nothing is skipped in CI).
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import httpx
import pytest
from litestar import Litestar
from piccolo.engine.base import Engine
from support_postgres import scratch_postgres

from coop import db
from coop.app import create_app
from coop.domain.actors import Actor, Role
from coop.services.auth import create_api_token, hash_password
from coop.settings import Settings
from coop.tables import Cooperative, Household, Product, User

IN_CI = os.environ.get("CI") == "true"
PASSWORD = "correct horse battery"


def missing(part: str) -> None:
    """In CI a missing part is a failure; on a developer's machine the test is skipped."""
    if IN_CI:
        pytest.fail(f"{part} is required when CI=true")
    pytest.skip(f"{part} is not available")


def run_coop(*arguments: str, database_url: str, var_dir: str) -> subprocess.CompletedProcess:
    """The installed `coop` command, as a person runs it, on this database."""
    command = [os.path.join(os.path.dirname(sys.executable), "coop"), *arguments]
    env = {**os.environ, "COOP_DATABASE_URL": database_url, "COOP_VAR_DIR": var_dir}
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def pytest_collection_modifyitems(config, items):
    """A test marked postgres_only is not collected for SQLite (deselected, not skipped)."""
    chosen, dropped = [], []
    for item in items:
        on_sqlite = (
            getattr(item, "callspec", None) and item.callspec.params.get("database_url") == "sqlite"
        )
        (dropped if on_sqlite and item.get_closest_marker("postgres_only") else chosen).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = chosen


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
async def database_url(request, tmp_path_factory) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('sqlite')}/coop.sqlite3"
        return
    url = os.environ.get("COOP_TEST_POSTGRES_URL")
    if not url:
        missing("PostgreSQL (COOP_TEST_POSTGRES_URL)")
    async with scratch_postgres(url) as own:
        yield own


@pytest.fixture(scope="session")
async def engine(database_url: str) -> AsyncIterator[Engine]:
    engine = db.engine_for(database_url)
    await engine.start_connection_pool()
    await db.migrate(engine)
    yield engine
    await engine.close_connection_pool()


@pytest.fixture
async def database(engine):
    """Every coop table bound to this test's database (both databases share one session)."""
    return db.bind(engine)


_PASSWORD_HASH = hash_password(PASSWORD)
_counter = iter(range(10**9))


@dataclass
class World:
    """A fresh cooperative per test: households, products and one user per role."""

    cooperative_id: int
    households: dict[str, int]
    fruit_id: int
    jam_id: int
    actors: dict[Role, Actor] = field(default_factory=dict)
    tokens: dict[Role, str] = field(default_factory=dict)
    phones: dict[Role, str] = field(default_factory=dict)

    def headers(self, role: Role, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}", **extra}


async def make_world(prefix: str = "") -> World:
    n = next(_counter)
    cooperative = Cooperative(
        slug=f"coop-{os.getpid()}-{n}", name=f"合作社 {n}", village="果子沟村"
    )
    await cooperative.save()
    households = {}
    for code, name in (("H1", "王建国"), ("H2", "阿依古丽"), ("P1", "李秀英")):
        household = Household(
            cooperative=cooperative.id,
            code=code,
            display_name=name,
            phone="13800001111",
            baseline_income_fen=50000,
            baseline_year=2024,
        )
        await household.save()
        households[code] = household.id
    fruit = Product(
        cooperative=cooperative.id,
        code="raspberry",
        name_zh="鲜树莓",
        unit="kg",
        purchase_price_fen_per_kg=1000,
        price_fen=2000,
    )
    await fruit.save()
    jam = Product(
        cooperative=cooperative.id,
        code="jam",
        name_zh="树莓酱",
        unit="jar",
        net_weight_g=250,
        price_fen=3500,
        shelf_life_days=365,
    )
    await jam.save()
    world = World(cooperative.id, households, fruit.id, jam.id)
    links = {Role.MEMBER: households["H1"], Role.PROCESSOR: households["P1"]}
    for role in Role:
        phone = f"1{os.getpid() % 1000:03d}{n:05d}{list(Role).index(role)}"[:20]
        user = User(
            cooperative=cooperative.id,
            phone=phone,
            name=f"{role.value} {n}",
            password_hash=_PASSWORD_HASH,
            role=role.value,
            household=links.get(role),
        )
        await user.save()
        actor = Actor(user.id, cooperative.id, role, user.name, links.get(role))
        world.actors[role] = actor
        world.phones[role] = phone
        world.tokens[role] = await create_api_token(actor, "test")
    return world


@pytest.fixture
async def world(database) -> World:
    return await make_world()


@pytest.fixture(scope="session")
async def app(engine) -> Litestar:
    """One app per database for the tests that call it in-process: building one takes ~0.4 s.
    Tests that need other settings or a running lifespan build their own."""
    return create_app(Settings(database_url="unused://", secret_key="test"), engine=engine)


@pytest.fixture
async def client(app, database) -> AsyncIterator[httpx.AsyncClient]:
    """The app in this event loop (the session's database pool lives here too)."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def live_server(engine, database) -> AsyncIterator[str]:
    """The app over real HTTP: uvicorn on 127.0.0.1 in this event loop, on the test's database."""
    import uvicorn

    app = create_app(Settings(database_url="unused://", secret_key="test"), engine=engine)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    serving = asyncio.create_task(server.serve(sockets=[listener]))
    for _ in range(500):
        if server.started or serving.done():
            break
        await asyncio.sleep(0.01)
    if not server.started:
        serving.result() if serving.done() else serving.cancel()
        raise RuntimeError("uvicorn did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving
        listener.close()
