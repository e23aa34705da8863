"""The public site in this event loop, and harvest lots to look at."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime

import httpx
import pytest
from litestar import Litestar

from coop.app import create_app
from coop.db import write
from coop.domain.actors import Role
from coop.services import batch_finishing, batches, certifications
from coop.services.batch_views import Finish, InputLine, NewBatch
from coop.services.clock import LOCAL
from coop.services.weighins import create_lot
from coop.settings import Settings
from coop.tables import Cooperative, Product

BASE_URL = "http://testserver"
PICKED = datetime(2026, 7, 3, 9, 30, tzinfo=LOCAL)


@pytest.fixture
async def app(engine, database) -> Litestar:
    settings = Settings(database_url="unused://", secret_key="test", base_url=BASE_URL)
    return create_app(settings, engine=engine)


@pytest.fixture
async def site(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        yield client


@pytest.fixture
async def coop_world(world):
    """The world, its cooperative described for the public and its fruit named in all languages."""
    await describe(world)
    return world


@pytest.fixture
def make_lot():
    return harvest_lot


@pytest.fixture
def make_batch():
    return finished_batch


@pytest.fixture
def picked() -> date:
    """The day make_lot's fruit was picked (China time)."""
    return PICKED.date()


async def describe(world, **fields: object) -> None:
    """Give the world's cooperative its public story and its products names in every language."""
    await Cooperative.update(
        {
            Cooperative.story: "2025年，驻村工作队帮助我们建起了采摘园。",
            Cooperative.shop_url: "https://shop.example.cn/guozigou",
            Cooperative.order_phone: "0999-8123456",
            Cooperative.wechat_id: "guozigou-coop",
            Cooperative.certifications: "绿色食品认证",
            **{getattr(Cooperative, k): v for k, v in fields.items()},
        }
    ).where(Cooperative.id == world.cooperative_id)
    await Product.update(
        {
            Product.name_ug: "يېڭى بۆلجۈرگەن",
            Product.name_en: "Fresh raspberries",
            Product.shelf_life_days: 3,
            Product.gtin: "06901234567892",  # the GS1 Digital Link forms in these tests name it
        }
    ).where(Product.id == world.fruit_id)


async def harvest_lot(world, household: str = "H1", weight_g: int = 12_340) -> str:
    """A clerk's weigh-in on 3 July 2026; returns its lot code."""
    clerk = world.actors[Role.CLERK]
    async with write():
        lot = await create_lot(
            clerk, world.households[household], world.fruit_id, weight_g, None, at=PICKED
        )
    return lot.lot_code


MADE = datetime(2026, 7, 8, 15, 0, tzinfo=LOCAL)


async def finished_batch(
    world, growers: tuple[str, ...] = ("H1", "H2"), sugar_g: int = 4_000, gtin: str | None = None
) -> str:
    """P1 cooks jam on 8 July 2026 from one 3 July lot of each grower; returns the batch code."""
    await Product.update(
        {
            Product.processing_fee_fen_per_kg: 500,
            Product.gtin: gtin,
            Product.name_ug: "بۆلجۈرگەن مۇراببىسى",
            Product.name_en: "Raspberry jam",
        }
    ).where(Product.id == world.jam_id)
    await certifications.certify(world.actors[Role.ADMIN], world.households["P1"])
    processor = world.actors[Role.PROCESSOR]
    batch = await batches.start_batch(processor, NewBatch(product_id=world.jam_id))
    for grower in growers:
        lot = await harvest_lot(world, grower, 10_000)
        await batches.put_input(processor, batch.id, InputLine(lot, 8_000))
    jars = 8 * len(growers) * 3  # 250 g jars: about 1.5 g of jam per gram of fruit with sugar
    done = await batch_finishing.finish_batch(
        processor, batch.id, Finish(jars_filled=jars, sugar_g=sugar_g), at=MADE
    )
    return done.code


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@asynccontextmanager
async def uvicorn_worker(database_url: str, **settings: str) -> AsyncIterator[str]:
    """One uvicorn worker process on this database; yields its base URL."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "COOP_DATABASE_URL": database_url,
        "COOP_SECRET_KEY": "test",
        "COOP_BASE_URL": base,
        **settings,
    }
    process = await asyncio.create_subprocess_exec(
        *[sys.executable, "-m", "uvicorn", "coop.app:create_app", "--factory"],
        *["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
    )
    try:
        async with httpx.AsyncClient(base_url=base) as client:
            for _ in range(200):
                if process.returncode is not None:
                    raise RuntimeError(f"uvicorn exited with {process.returncode}")
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError("uvicorn did not answer within 20 s")
        yield base
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=10)


@pytest.fixture
def start_worker():
    return uvicorn_worker


@pytest.fixture(scope="module")
async def workers(database_url: str, engine) -> AsyncIterator[list[str]]:
    """Two worker processes serving the test database (caches that must agree across workers)."""
    async with uvicorn_worker(database_url) as first, uvicorn_worker(database_url) as second:
        yield [first, second]
