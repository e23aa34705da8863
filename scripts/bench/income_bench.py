"""Income review at scale: 1 000 000 ledger entries, 500 households, 3 seasons, two databases.

Loads scratch databases in bulk (executemany on SQLite, COPY on PostgreSQL; the database's own
triggers keep the income totals as the rows go in), then times one household's review and the
whole village's review through coop's services beside the very same SQL run on the bare driver
(aiosqlite, asyncpg) in the same run, and prints the figures and ratios; for scale, also the
village's sums taken from the million entries themselves.
Targets: one household within 3x the raw SQL; the village review within 500 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path

import aiosqlite
import asyncpg

from coop import db
from coop.domain.actors import Actor, Role
from coop.piccolo_migrations import coop_2026_11_23t19_02_17_000000 as totals_migration
from coop.services import income
from coop.services import income_queries as q
from coop.tables import Cooperative, Household, Product, User

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # the scratch PostgreSQL database the tests use too
from support_postgres import scratch_postgres  # noqa: E402

SEASONS = (2024, 2025, 2026)
CHUNK = 50_000
LEDGER_COLUMNS = (
    "id", "cooperative", "household", "season", "kind", "amount_fen", "source_type", "source_id",
    "reverses", "reason", "created_by", "created_at",
)  # fmt: skip
LOT_COLUMNS = (
    "id", "cooperative", "code", "household", "product", "season", "weight_g", "remaining_g",
    "grade", "price_fen_per_kg", "amount_fen", "status", "weighed_by", "weighed_at",
)  # fmt: skip
HOUSEHOLD_TARGET_RATIO = 3
VILLAGE_TARGET_MS = 500


class World:
    cooperative_id: int
    user_id: int
    product_id: int
    households: list[int]


async def make_world(households: int) -> World:
    world = World()
    cooperative = Cooperative(slug="bench", name="基准合作社", village="果子沟村")
    await cooperative.save()
    user = User(
        cooperative=cooperative.id,
        phone="13900009999",
        name="bench",
        password_hash="x",
        role="admin",
    )
    await user.save()
    product = Product(
        cooperative=cooperative.id,
        code="raspberry",
        name_zh="鲜树莓",
        purchase_price_fen_per_kg=1000,
    )
    await product.save()
    rows = [
        Household(
            cooperative=cooperative.id,
            code=f"GZ{n:04d}",
            display_name=f"农户{n}",
            is_member=n % 10 != 0,
            baseline_income_fen=300_000 + n * 100,
            baseline_year=2023,
        )
        for n in range(1, households + 1)
    ]
    await Household.insert(*rows)
    world.cooperative_id, world.user_id, world.product_id = cooperative.id, user.id, product.id
    world.households = [
        row["id"]
        for row in await Household.select(Household.id)
        .where(Household.cooperative == cooperative.id)
        .order_by(Household.id)
    ]
    return world


def generate(world: World, entries: int, seed: int) -> Iterator[tuple[str, tuple]]:
    """("lot", row) and ("entry", row) in season, household, time order; ids counted from 1."""
    rng = random.Random(seed)
    per = -(-entries // (len(world.households) * len(SEASONS)))
    entry_id = lot_id = 0
    for season in SEASONS:
        start = datetime(season, 6, 20, 0, tzinfo=UTC)
        for household in world.households:
            seconds = sorted(rng.randrange(90 * 86400) for _ in range(per))
            last_purchase: tuple[int, int, int] | None = None  # entry id, lot id, amount
            for index, offset in enumerate(seconds):
                at = start + timedelta(seconds=offset)
                entry_id += 1
                draw = rng.random()
                common = (world.cooperative_id, household, season)
                if index == 0:
                    row = (
                        *common,
                        "surplus_return",
                        rng.randrange(1000, 5000),
                        "surplus_by_volume",
                        1,
                        None,
                        "",
                    )
                elif draw < 0.70:
                    lot_id += 1
                    weight_g = rng.randrange(2_000, 30_000, 100)
                    price = rng.choice((900, 1000, 1100))
                    amount = weight_g * price // 1000
                    yield "lot", (
                        lot_id, world.cooperative_id, f"H{season % 100:02d}-{lot_id:09d}",
                        household, world.product_id, season, weight_g, weight_g, "A", price, amount,
                        "open", world.user_id, at,
                    )  # fmt: skip
                    row = (*common, "fruit_purchase", amount, "harvest_lot", lot_id, None, "")
                    last_purchase = (entry_id, lot_id, amount)
                elif draw < 0.85:
                    row = (
                        *common,
                        "processing_fee",
                        rng.randrange(500, 15_000),
                        "batch",
                        1,
                        None,
                        "",
                    )
                elif draw < 0.99 or last_purchase is None:
                    row = (*common, "payout", -rng.randrange(1_000, 20_000), "payout", 1, None, "")
                else:
                    reversed_id, reversed_lot, amount = last_purchase
                    yield "void", (reversed_lot,)
                    row = (
                        *common,
                        "reversal",
                        -amount,
                        "harvest_lot",
                        reversed_lot,
                        reversed_id,
                        "秤没归零",
                    )
                    last_purchase = None
                yield "entry", (entry_id, *row, world.user_id, at)


def chunks(rows: Iterator[tuple[str, tuple]]) -> Iterator[tuple[list, list, set]]:
    """Batches of (entries, lots, voided lot ids): the lots of a batch's purchases are in it."""
    while True:
        entries, lots, void = [], [], set()
        for kind, row in islice(rows, CHUNK):
            if kind == "entry":
                entries.append(row)
            elif kind == "lot":
                lots.append(row)
            else:
                void.add(row[0])
        if not entries and not lots:
            return
        yield (
            entries,
            [lot[:11] + ("void" if lot[0] in void else lot[11],) + lot[12:] for lot in lots],
            void,
        )


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


SQLITE_TOTALS_TRIGGERS = ("ledger_entry_totals", "harvest_lot_weight_in", "harvest_lot_weight_out")


def load_sqlite(path: str, world: World, entries: int, seed: int) -> None:
    """executemany in a few large transactions (the load is not what is measured).

    A row trigger per entry would take minutes: the totals' triggers are dropped for the load and
    the totals added up afterwards by the migration's own backfill, then the triggers come back.
    """
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous = OFF")
    for name in SQLITE_TOTALS_TRIGGERS:
        connection.execute(f"DROP TRIGGER {name}")
    late_void: set[int] = set()
    for ledger, lots, void in chunks(generate(world, entries, seed)):
        with connection:
            connection.executemany(
                _insert("harvest_lot", LOT_COLUMNS),
                [(*lot[:13], str(lot[13])) for lot in lots],
            )
            connection.executemany(
                _insert("ledger_entry", LEDGER_COLUMNS),
                [(*entry[:11], str(entry[11])) for entry in ledger],
            )
        late_void |= void - {lot[0] for lot in lots}
    with connection:
        connection.executemany(
            "UPDATE harvest_lot SET status = 'void' WHERE id = ?", [(i,) for i in late_void]
        )
        for statement in totals_migration.backfill("sqlite") + totals_migration.sqlite_triggers():
            connection.execute(statement)
    connection.execute("ANALYZE")
    connection.close()


async def load_postgres(url: str, world: World, entries: int, seed: int) -> None:
    """COPY in batches with the totals' triggers off, the totals added up by the migration's own
    backfill, triggers back on; then VACUUM ANALYZE (index-only scans need the visibility map)."""
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_totals")
        await connection.execute("ALTER TABLE harvest_lot DISABLE TRIGGER harvest_lot_weight")
        late_void: set[int] = set()
        for ledger, lots, void in chunks(generate(world, entries, seed)):
            await connection.copy_records_to_table("harvest_lot", records=lots, columns=LOT_COLUMNS)
            await connection.copy_records_to_table(
                "ledger_entry", records=ledger, columns=LEDGER_COLUMNS
            )
            late_void |= void - {lot[0] for lot in lots}
        await connection.executemany(
            "UPDATE harvest_lot SET status = 'void' WHERE id = $1", [(i,) for i in late_void]
        )
        async with connection.transaction():
            for statement in totals_migration.backfill("postgres"):
                await connection.execute(statement)
        await connection.execute("ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_totals")
        await connection.execute("ALTER TABLE harvest_lot ENABLE TRIGGER harvest_lot_weight")
        for table in ("ledger_entry", "harvest_lot", "income_total", "income_day"):
            await connection.execute(
                f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"
            )
            await connection.execute(f"VACUUM ANALYZE {table}")
    finally:
        await connection.close()


async def median_ms(work: Callable[[int], Awaitable[object]], runs: int) -> float:
    """Median wall time of runs (after one warm-up), each given its run number."""
    await work(0)
    times = []
    for run in range(runs):
        started = time.perf_counter()
        await work(run)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


class Raw:
    """The same SQL on the bare driver the app uses underneath."""

    def __init__(self, engine_type: str, run: Callable[[str, list], Awaitable[list]]):
        self.engine_type, self.run = engine_type, run

    async def __call__(self, query: q.QueryText) -> list:
        sql, args = query.compiled(self.engine_type)
        return await self.run(sql, args)


def household_queries(world: World, household: int, engine_type: str) -> list[q.QueryText]:
    """What income.household_review runs."""
    return [
        q.household(world.cooperative_id, household),
        q.household_totals(household),
        q.household_days(household, SEASONS[-1], engine_type),  # type: ignore[arg-type],
    ]


def village_queries(world: World) -> list[q.QueryText]:
    """What income.village_review runs."""
    season = SEASONS[-1]
    return [
        q.village_totals(world.cooperative_id, (season - 1, season)),
        q.households(world.cooperative_id),
        q.village_days(world.cooperative_id, season),
    ]


async def measure(name: str, world: World, raw: Raw, runs: int) -> dict:
    actor = Actor(world.user_id, world.cooperative_id, Role.WORK_TEAM, "bench")
    households, season = world.households, SEASONS[-1]

    async def service_household(run: int) -> None:
        await income.household_review(actor, households[run % len(households)], season)

    async def raw_household(run: int) -> None:
        for query in household_queries(world, households[run % len(households)], raw.engine_type):
            await raw(query)

    async def service_village(run: int) -> None:
        await income.village_review(actor, season)

    async def raw_village(run: int) -> None:
        for query in village_queries(world):
            await raw(query)

    async def raw_village_from_ledger(run: int) -> None:
        await raw(q.village_totals_from_ledger(world.cooperative_id, (season - 1, season)))

    review = await income.village_review(actor, season)
    figures = {
        "database": name,
        "household_ms": await median_ms(service_household, runs * 5),
        "household_raw_ms": await median_ms(raw_household, runs * 5),
        "village_ms": await median_ms(service_village, runs),
        "village_raw_ms": await median_ms(raw_village, runs),
        "village_from_ledger_ms": await median_ms(raw_village_from_ledger, 2),
        "village_income_fen": review.this_season.income_fen,
    }
    return figures


async def count_entries() -> int:
    rows = await Household.raw("SELECT COUNT(*) AS n FROM ledger_entry")
    return int(rows[0]["n"])


async def run_sqlite(entries: int, households: int, runs: int, seed: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="coop-bench-") as directory:
        path = f"{directory}/income.sqlite3"
        engine = db.engine_for(f"sqlite:///{path}")
        await engine.start_connection_pool()
        try:
            await db.migrate(engine)
            world = await make_world(households)
            started = time.perf_counter()
            await asyncio.to_thread(load_sqlite, path, world, entries, seed)
            load_s = time.perf_counter() - started
            connection = await aiosqlite.connect(path)
            try:

                async def run(sql: str, args: list) -> list:
                    async with connection.execute(sql, args) as cursor:
                        return list(await cursor.fetchall())

                figures = await measure("SQLite", world, Raw("sqlite", run), runs)
            finally:
                await connection.close()
            figures.update(load_s=load_s, entries=await count_entries())
        finally:
            await engine.close_connection_pool()
    return figures


async def run_postgres(url: str, entries: int, households: int, runs: int, seed: int) -> dict:
    async with scratch_postgres(url, "_bench_income") as scratch:
        engine = db.engine_for(scratch)
        await engine.start_connection_pool()
        try:
            await db.migrate(engine)
            world = await make_world(households)
            started = time.perf_counter()
            await load_postgres(scratch, world, entries, seed)
            load_s = time.perf_counter() - started
            connection = await asyncpg.connect(scratch)
            try:

                async def run(sql: str, args: list) -> list:
                    return list(await connection.fetch(sql, *args))

                figures = await measure("PostgreSQL", world, Raw("postgres", run), runs)
            finally:
                await connection.close()
            figures.update(load_s=load_s, entries=await count_entries())
        finally:
            await engine.close_connection_pool()
    return figures


def report(results: list[dict]) -> bool:
    print()
    print(
        "| database | entries | load | one household: app / raw SQL"
        " | village: app / raw SQL | village summed from the entries |"
    )
    print("|---|---|---|---|---|---|")
    ok = True
    for r in results:
        household_ratio = r["household_ms"] / r["household_raw_ms"]
        village_ratio = r["village_ms"] / r["village_raw_ms"]
        print(
            f"| {r['database']} | {r['entries']:,} | {r['load_s']:.0f} s "
            f"| {r['household_ms']:.2f} ms / {r['household_raw_ms']:.2f} ms"
            f" = {household_ratio:.2f}x "
            f"| {r['village_ms']:.1f} ms / {r['village_raw_ms']:.1f} ms = {village_ratio:.2f}x "
            f"| {r['village_from_ledger_ms']:.0f} ms |"
        )
        household_ok = household_ratio <= HOUSEHOLD_TARGET_RATIO
        village_ok = r["village_ms"] <= VILLAGE_TARGET_MS
        ok = ok and household_ok and village_ok
        print(
            f"  {r['database']}: household within {HOUSEHOLD_TARGET_RATIO}x of raw: "
            f"{'yes' if household_ok else 'NO'}; village within {VILLAGE_TARGET_MS} ms: "
            f"{'yes' if village_ok else 'NO'}",
            file=sys.stderr,
        )
    return ok


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--households", type=int, default=500)
    parser.add_argument("--runs", type=int, default=10, help="village runs (households: 5x)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("COOP_TEST_POSTGRES_URL"),
        help="a server to create the scratch database on (default: COOP_TEST_POSTGRES_URL)",
    )
    parser.add_argument("--only", choices=("sqlite", "postgres"), default=None)
    args = parser.parse_args()
    results = []
    if args.only != "postgres":
        print("bench: SQLite", file=sys.stderr)
        results.append(await run_sqlite(args.entries, args.households, args.runs, args.seed))
    if args.only != "sqlite":
        if not args.postgres:
            print(
                "bench: no PostgreSQL URL (--postgres or COOP_TEST_POSTGRES_URL)", file=sys.stderr
            )
            return 2
        print("bench: PostgreSQL", file=sys.stderr)
        results.append(
            await run_postgres(args.postgres, args.entries, args.households, args.runs, args.seed)
        )
    return 0 if report(results) else 1


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parents[2])
    sys.exit(asyncio.run(main()))
