"""Scans are counted per lot, serial and day, without anything about the person scanning."""

import asyncio
from datetime import timedelta

import httpx

from coop.domain.actors import Role
from coop.services.scans import ScanCounter
from coop.tables import ScanCount


async def test_scans_are_counted_in_memory_and_flushed_as_one_row_per_lot_serial_and_day(
    app, site, coop_world, make_lot
):
    code = await make_lot(coop_world)
    counter = app.state["public"].scans
    for path in (
        f"/l/{code}",
        f"/l/{code}",
        f"/l/{code}/7788",
        f"/01/06901234567892/10/{code}/21/7788",
    ):
        assert (
            await site.get(path, headers={"User-Agent": "secret-phone-model"})
        ).status_code == 200
    await site.get("/l/H26-ZZZZZZZZ")  # unknown lots are not counted

    assert await ScanCount.count().where(ScanCount.lot_code == code) == 0  # nothing written yet
    await counter.flush()
    await counter.flush()  # nothing pending: nothing added twice

    rows = (
        await ScanCount.select(ScanCount.lot_code, ScanCount.serial, ScanCount.scans)
        .where(ScanCount.lot_code == code)
        .order_by(ScanCount.serial)
    )
    assert rows == [
        {"lot_code": code, "serial": "", "scans": 2},
        {"lot_code": code, "serial": "7788", "scans": 2},
    ]
    columns = [c._meta.name for c in ScanCount._meta.columns]
    assert columns == ["id", "lot_code", "serial", "day", "scans"]  # nothing about a person

    await site.get(f"/l/{code}")
    await counter.flush()  # a second flush adds to the same day's row
    row = (
        await ScanCount.select(ScanCount.scans)
        .where((ScanCount.lot_code == code) & (ScanCount.serial == ""))
        .first()
    )
    assert row == {"scans": 3}


async def test_staff_see_a_lots_scans_and_a_label_scanned_on_many_days_or_late_is_flagged(
    site, coop_world, make_lot, picked
):
    code = await make_lot(coop_world)
    for n in range(8):  # one label, scanned on eight different days
        await ScanCount.insert(
            ScanCount(lot_code=code, serial="COPY1", day=picked + timedelta(days=n), scans=1)
        )
    await ScanCount.insert(ScanCount(lot_code=code, serial="JAR2", day=picked, scans=2))
    await ScanCount.insert(
        ScanCount(lot_code=code, serial="LATE3", day=picked + timedelta(days=200), scans=1)
    )

    seen = await site.get(
        f"/api/v1/scans?lot={code.lower()}", headers=coop_world.headers(Role.CLERK)
    )

    assert seen.status_code == 200, seen.text
    body = seen.json()
    assert body["scans"] == 11
    assert body["by_day"][picked.isoformat()] == 3
    flagged = {s["serial"]: s["possibly_copied"] for s in body["serials"]}
    assert flagged == {"COPY1": ["many_days"], "JAR2": [], "LATE3": ["long_after"]}

    member = await site.get(f"/api/v1/scans?lot={code}", headers=coop_world.headers(Role.MEMBER))
    assert member.status_code == 403


async def test_the_counter_flushes_every_few_seconds_and_once_more_on_shutdown(
    database, coop_world, make_lot
):
    code = await make_lot(coop_world)
    counter = ScanCounter()

    async with counter.flushing(every_s=0.05):
        counter.count(code, "A1")
        await asyncio.sleep(0.3)
        assert await _scans(code, "A1") == 1  # flushed by the loop
        counter.count(code, "B2")
    assert await _scans(code, "B2") == 1  # flushed on shutdown


async def _scans(code: str, serial: str) -> int:
    rows = await ScanCount.select(ScanCount.scans).where(
        (ScanCount.lot_code == code) & (ScanCount.serial == serial)
    )
    return sum(row["scans"] for row in rows)


async def test_a_worker_stopping_gracefully_flushes_its_counts(
    database_url, start_worker, coop_world, make_lot
):
    code = await make_lot(coop_world)
    async with (
        start_worker(database_url, COOP_SCAN_FLUSH_SECONDS="3600") as base,
        httpx.AsyncClient() as client,
    ):
        for _ in range(3):
            assert (await client.get(f"{base}/l/{code}/S1")).status_code == 200
        assert await _scans(code, "S1") == 0  # counted in memory only, for now
    assert await _scans(code, "S1") == 3  # the lifespan flushed them on shutdown
