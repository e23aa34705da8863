"""Forward-trace timing: harvest lot -> 2 batches -> N orders (plus unrelated orders as noise).

The chain's lot, batches and a few orders go through the services; the bulk of the orders are
inserted directly (500 rows a statement) so setting up stays quick. Then the lot is traced forward
with coop.services.trace.forward, as the recall page does, and the found orders are checked to be
exactly the chain's. Target: under 1 s on both databases.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

from coop import db
from coop.domain.actors import Actor, Role
from coop.services import certifications, trace, weighins
from coop.services.batch_finishing import finish_batch
from coop.services.batch_views import Finish, InputLine, NewBatch
from coop.services.batches import put_input, start_batch
from coop.tables import Cooperative, Household, Order, OrderAllocation, OrderLine, Product, User

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # the scratch PostgreSQL database the tests use too
from support_postgres import scratch_postgres  # noqa: E402

ROWS = 500  # rows per INSERT


async def setup(orders: int, noise: int) -> tuple[Actor, str, set[int]]:
    """The world, the traced lot's code, and the ids of the orders it reached."""
    coop = Cooperative(slug="bench", name="基准合作社", village="果子沟村")
    await coop.save()
    grower = Household(cooperative=coop.id, code="H1", display_name="王建国")
    maker = Household(cooperative=coop.id, code="P1", display_name="李秀英")
    await grower.save()
    await maker.save()
    fruit = Product(
        cooperative=coop.id,
        code="raspberry",
        name_zh="鲜树莓",
        unit="kg",
        purchase_price_fen_per_kg=1000,
        price_fen=2000,
    )
    jam = Product(
        cooperative=coop.id,
        code="jam",
        name_zh="树莓酱",
        unit="jar",
        net_weight_g=250,
        price_fen=3500,
        shelf_life_days=365,
        processing_fee_fen_per_kg=500,
    )
    await fruit.save()
    await jam.save()
    user = User(
        cooperative=coop.id, phone="13800000000", name="bench", password_hash="-", role="admin"
    )
    await user.save()
    admin = Actor(user.id, coop.id, Role.ADMIN, "bench")
    await certifications.certify(admin, maker.id)
    lot = await weighins.record_weighin(admin, grower.id, fruit.id, 400_000)
    other = await weighins.record_weighin(admin, grower.id, fruit.id, 400_000)
    batches = []
    for code, grams in (
        (lot.lot_code, 150_000),
        (lot.lot_code, 150_000),
        (other.lot_code, 300_000),
    ):
        batch = await start_batch(admin, NewBatch(product_id=jam.id, household_id=maker.id))
        await put_input(admin, batch.id, InputLine(code, grams))
        batches.append(await finish_batch(admin, batch.id, Finish(jars_filled=1000)))
    fresh = orders // 13  # some of the lot sold as fresh fruit, the rest as jars of its batches
    sources = [("lot", lot.id)] * fresh + [
        ("batch", batches[n % 2].id) for n in range(orders - fresh)
    ]
    sources += [("batch", batches[2].id)] * noise + [("lot", other.id)] * (noise // 13)
    ids = await insert_orders(admin, jam.id, fruit.id, sources)
    return admin, lot.lot_code, set(ids[:orders])


async def insert_orders(
    admin: Actor, jam_id: int, fruit_id: int, sources: list[tuple[str, int]]
) -> list[int]:
    """One order, one line, one allocation per source, in bulk; returns the orders' ids in order."""
    numbers = [f"B{n:07d}" for n in range(len(sources))]
    for start in range(0, len(sources), ROWS):
        await Order.insert(
            *[
                Order(
                    cooperative=admin.cooperative_id,
                    channel="shop",
                    channel_order_no=number,
                    buyer_name=f"买家{number}",
                    buyer_phone="13900000000",
                    address="伊宁市",
                    total_fen=3500,
                    status="paid",
                    created_by=admin.user_id,
                )
                for number in numbers[start : start + ROWS]
            ]
        )
    rows = await Order.select(Order.id, Order.channel_order_no).where(
        Order.cooperative == admin.cooperative_id
    )
    order_of = {row["channel_order_no"]: row["id"] for row in rows}
    ids = [order_of[number] for number in numbers]
    for start in range(0, len(ids), ROWS):
        part = list(zip(ids[start : start + ROWS], sources[start : start + ROWS], strict=True))
        await OrderLine.insert(
            *[
                OrderLine(
                    order=order_id,
                    product=jam_id if kind == "batch" else fruit_id,
                    jars=1 if kind == "batch" else None,
                    weight_g=None if kind == "batch" else 500,
                    unit_price_fen=3500,
                    line_total_fen=3500,
                )
                for order_id, (kind, _) in part
            ]
        )
    lines = await OrderLine.select(OrderLine.id, OrderLine.order).where(OrderLine.order.is_in(ids))
    line_of = {row["order"]: row["id"] for row in lines}
    for start in range(0, len(ids), ROWS):
        part = list(zip(ids[start : start + ROWS], sources[start : start + ROWS], strict=True))
        await OrderAllocation.insert(
            *[
                OrderAllocation(
                    line=line_of[order_id],
                    batch=source if kind == "batch" else None,
                    harvest_lot=source if kind == "lot" else None,
                    jars=1 if kind == "batch" else None,
                    weight_g=None if kind == "batch" else 500,
                )
                for order_id, (kind, source) in part
            ]
        )
    return ids


async def run(name: str, url: str, orders: int, noise: int, rounds: int) -> None:
    engine = db.bind(db.engine_for(url))
    await engine.start_connection_pool()
    try:
        await db.migrate(engine)
        began = time.perf_counter()
        actor, code, expected = await setup(orders, noise)
        built = time.perf_counter() - began
        times = []
        for _ in range(rounds):
            began = time.perf_counter()
            traced = await trace.forward(actor, code)
            times.append(time.perf_counter() - began)
            found = {order.id for order in traced.orders}
            if found != expected or len(traced.batches) != 2:
                sys.exit(f"{name}: WRONG: {len(found)} orders, {len(traced.batches)} batches")
        verdict = "ok" if max(times) < 1 else "SLOWER THAN 1 s"
        print(
            f"{name:<10} forward trace of {code}: {len(traced.batches)} batches, "
            f"{len(traced.orders)} orders (exactly the {len(expected)} expected; "
            f"{noise + noise // 13} unrelated orders in the database) — first "
            f"{times[0] * 1000:.0f} ms, best {min(times) * 1000:.0f} ms of {rounds} — {verdict} "
            f"(setup {built:.1f} s)"
        )
    finally:
        await engine.close_connection_pool()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=1300)
    parser.add_argument("--noise", type=int, default=3000, help="unrelated orders")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--postgres", default=os.environ.get("COOP_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        await run("SQLite", url, args.orders, args.noise, args.rounds)
    if not args.postgres:
        print("PostgreSQL skipped: set COOP_TEST_POSTGRES_URL or pass --postgres URL")
        return
    async with scratch_postgres(args.postgres, "_bench_trace") as url:
        await run("PostgreSQL", url, args.orders, args.noise, args.rounds)


if __name__ == "__main__":
    asyncio.run(main())
