"""Label scans: counted in memory, flushed in batches; a day and a count, never who scanned.

A write per scan would cap the hottest path at the database's write rate; losing
the last few seconds of counts in a crash is acceptable.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

import msgspec

from coop.db import write
from coop.domain.actors import Action, Actor
from coop.domain.errors import Forbidden
from coop.domain.lots import normalise_lot_code
from coop.domain.scans import CopyLimits, copy_signals
from coop.services import clock
from coop.services.public import public_lot
from coop.tables import ScanCount

log = logging.getLogger("coop")
FLUSH_EVERY_S = 5.0

_SCANS = ScanCount._meta.tablename
UPSERT = (
    f"INSERT INTO {_SCANS} (lot_code, serial, day, scans) VALUES ({{}}, {{}}, {{}}, {{}}) "
    f"ON CONFLICT (lot_code, serial, day) DO UPDATE SET scans = {_SCANS}.scans + excluded.scans"
)


class ScanCounter:
    """One worker's scans since its last flush."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[str, str, date]] = Counter()

    def count(self, lot_code: str, serial: str = "") -> None:
        self._counts[(lot_code, serial, clock.today())] += 1

    @property
    def pending(self) -> int:
        return sum(self._counts.values())

    async def flush(self) -> None:
        """Add the counts to the database in one transaction; on failure keep them for next time."""
        counts, self._counts = self._counts, Counter()
        if not counts:
            return
        try:
            async with write():
                for (lot_code, serial, day), n in sorted(counts.items()):
                    await ScanCount.raw(UPSERT, lot_code, serial, day, n)
        except BaseException:
            self._counts.update(counts)
            raise

    @asynccontextmanager
    async def flushing(self, every_s: float = FLUSH_EVERY_S) -> AsyncIterator[None]:
        """For the app's lifespan: flush every few seconds, and once more on shutdown."""

        async def loop() -> None:
            while True:
                await asyncio.sleep(every_s)
                try:
                    await self.flush()
                except Exception:
                    log.exception("scan counts not flushed; retrying later")

        task = asyncio.create_task(loop())
        try:
            yield
        finally:
            task.cancel()
            await self.flush()


class SerialScans(msgspec.Struct, frozen=True):
    serial: str
    scans: int
    days: int
    last_day: date
    possibly_copied: list[str]  # CopySignal values


class LotScans(msgspec.Struct, frozen=True):
    lot_code: str
    scans: int
    by_day: dict[str, int]
    serials: list[SerialScans]


async def lot_scans(actor: Actor, lot_code: str, limits: CopyLimits = CopyLimits()) -> LotScans:
    """Staff see how often a lot of their cooperative was scanned and which labels look copied."""
    if not actor.may(Action.TRACE):
        raise Forbidden("Only staff may see scan counts.", code="staff_only")
    lot = await public_lot(normalise_lot_code(lot_code), cooperative_id=actor.cooperative_id)
    rows = await ScanCount.select().where(ScanCount.lot_code == lot.code).order_by(ScanCount.day)
    by_day: Counter[str] = Counter()
    per_serial: dict[str, list[tuple[date, int]]] = {}
    for row in rows:
        by_day[row["day"].isoformat()] += row["scans"]
        if row["serial"]:
            per_serial.setdefault(row["serial"], []).append((row["day"], row["scans"]))
    serials = []
    for serial, seen in sorted(per_serial.items()):
        days = [day for day, _ in seen]
        scans = sum(n for _, n in seen)
        signals = copy_signals(days, scans, lot.ended_on, limits)
        serials.append(SerialScans(serial, scans, len(days), max(days), [s.value for s in signals]))
    return LotScans(lot.code, sum(by_day.values()), dict(by_day), serials)
