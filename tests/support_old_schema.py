"""Records written as the code of an older schema wrote them: raw rows, only the columns it had.

An upgrade test migrates a database part way, writes what users had then and migrates the rest:
today's tables would write columns the old schema does not have yet.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from conftest import World
from piccolo.apps.migrations.commands.base import BaseMigrationManager
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.base import Engine
from support_postgres import scratch_postgres

from coop import db, piccolo_conf
from coop.db import insert
from coop.domain.actors import Actor, Role
from coop.domain.lots import LotKind, new_lot_code
from coop.tables import Cooperative, HarvestLot, Household, Product, User

_counter = iter(range(10**9))


@asynccontextmanager
async def migrated_up_to(
    migration_id: str, database_url: str, engine: Engine, tmp_path: Path
) -> AsyncIterator[Engine]:
    """A new database migrated only up to `migration_id`, every table bound to it meanwhile; the
    session's database is bound again afterwards. `db.migrate(old)` runs the rest."""
    async with AsyncExitStack() as stack:
        if database_url.startswith("sqlite"):
            url = f"sqlite:///{tmp_path}/old.sqlite3"
        else:
            url = await stack.enter_async_context(scratch_postgres(database_url, "_old"))
        old = db.engine_for(url)
        piccolo_conf.DB = old
        db.bind(old)  # every table, until the session's engine is bound again below
        try:
            for app in BaseMigrationManager().get_sorted_app_names():
                done = await run_forwards(app, migration_id if app == "coop" else "all")
                assert done.success, done.message
            yield old
        finally:
            piccolo_conf.DB = engine
            db.bind(engine)


async def old_world() -> World:
    """A cooperative with households H1 and P1, fresh fruit and jam, an admin and a processor."""
    n = next(_counter)
    now = datetime.now(UTC)
    cooperative = await insert(
        Cooperative, slug=f"old-{os.getpid()}-{n}", name=f"合作社 {n}", village="果子沟村",
        season_start_month=1, trust_grower_records=False, created_at=now, story="", shop_url="",
        order_phone="", wechat_id="", certifications="",
    )  # fmt: skip
    households = {}
    for code in ("H1", "P1"):
        households[code] = await insert(
            Household, cooperative=cooperative, code=code, display_name=code, is_member=True,
            consent_public_name=False, phone="", village_group="", active=True, created_at=now,
        )  # fmt: skip
    products = {}
    for code, unit in (("raspberry", "kg"), ("jam", "jar")):
        products[code] = await insert(
            Product, cooperative=cooperative, code=code, name_zh=code, name_ug="", name_en="",
            unit=unit, price_fen=1000, purchase_price_fen_per_kg=1000, active=True,
        )  # fmt: skip
    await Product.update(
        {Product.input_product: products["raspberry"], Product.net_weight_g: 250}
    ).where(
        Product.id == products["jam"]
    )  # the columns the processing code reads were there before this test's upgrade
    world = World(cooperative, households, products["raspberry"], products["jam"])
    links = {Role.PROCESSOR: households["P1"]}
    for i, role in enumerate((Role.ADMIN, Role.CLERK, Role.PROCESSOR)):
        user = await insert(
            User, cooperative=cooperative, phone=f"9{os.getpid() % 1000:03d}{n:05d}{i}",
            name=role.value, password_hash="-", role=role.value, household=links.get(role),
            locale="zh_CN", active=True, created_at=now,
        )  # fmt: skip
        world.actors[role] = Actor(user, cooperative, role, role.value, links.get(role))
    return world


async def old_lot(world: World, weight_g: int = 12_340) -> str:
    """A weigh-in's harvest lot as the old schema held it (its ledger entry is not needed)."""
    code = new_lot_code(LotKind.HARVEST, 2026)
    await insert(
        HarvestLot, cooperative=world.cooperative_id, code=code, household=world.households["H1"],
        product=world.fruit_id, season=2026, weight_g=weight_g, remaining_g=weight_g, grade="",
        price_fen_per_kg=1000, amount_fen=weight_g, status="open",
        weighed_by=world.actors[Role.CLERK].user_id, weighed_at=datetime.now(UTC),
    )  # fmt: skip
    return code
