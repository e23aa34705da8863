"""A lot's scan counts, for staff (holds and recalls: api/trace.py)."""

from __future__ import annotations

from litestar import Controller, get

from coop.api.deps import QueryText
from coop.domain.actors import Actor
from coop.services.scans import LotScans, lot_scans


class ScanController(Controller):
    path = "/scans"
    tags = ["lots"]

    @get("/")
    async def of_lot(self, actor: Actor, lot: QueryText) -> LotScans:
        """How often a lot's labels were scanned by buyers."""
        return await lot_scans(actor, lot)
