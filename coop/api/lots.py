"""A lot's public status (hold, recall) and its scan counts, for staff."""

from __future__ import annotations

import msgspec
from litestar import Controller, get, post

from coop.domain.actors import Actor
from coop.domain.lots import normalise_lot_code
from coop.services.public import PublicLot, set_public_status
from coop.services.scans import LotScans, lot_scans


class PublicStatusChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    status: str  # normal, held, recalled


class LotController(Controller):
    path = "/lots"
    tags = ["lots"]

    @post("/{code:str}/public-status", status_code=200)
    async def set_status(self, actor: Actor, code: str, data: PublicStatusChange) -> PublicLot:
        return await set_public_status(actor, normalise_lot_code(code), data.status)


class ScanController(Controller):
    path = "/scans"
    tags = ["lots"]

    @get("/")
    async def of_lot(self, actor: Actor, lot: str) -> LotScans:
        return await lot_scans(actor, lot)
