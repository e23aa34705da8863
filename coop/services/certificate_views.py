"""Reading certificates: one by its number, the ones behind a lot, order or jar, a period's.

Staff see every fact, the source lots' households and weights included; the public view
(coop.services.public_certificates) leaves those out.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import msgspec

from coop.domain.actors import Action, Actor
from coop.domain.certificates import TITLE, normalise_certificate_number
from coop.domain.errors import NotFound
from coop.domain.lots import LotKind, normalise_lot_code
from coop.services.public_certificates import COLUMNS
from coop.tables import (
    Batch,
    BatchInput,
    Certificate,
    CertificateSource,
    HarvestLot,
    OrderLine,
    ReceivedCertificate,
)


class SourceLot(msgspec.Struct, frozen=True):
    lot_code: str
    weight_g: int
    picked_on: date | None
    household_code: str
    received: str  # the seller's certificate number, "on_behalf", or "" when none was noted


class CertificateView(msgspec.Struct, frozen=True):
    number: str
    title: str
    product_zh: str
    product_ug: str
    product_en: str
    weight_g: int
    origin: str
    picked_on: date
    issued_on: date
    issued_at: datetime
    basis: str
    issuer: str
    contact: str
    lot_code: str | None  # a harvest lot's own certificate
    order_id: int | None  # a sale's
    order_line_id: int | None
    replaces: str | None  # the number of the certificate this one replaces
    sources: list[SourceLot]


class ReceivedView(msgspec.Struct, frozen=True):
    lot_code: str
    household_code: str
    household_name: str
    number: str
    on_behalf: bool
    received_at: datetime
    picked_on: date | None
    weight_g: int


_COLUMNS = (
    *COLUMNS,
    Certificate.issued_at,
    Certificate.harvest_lot.code.as_alias("lot_code"),
    Certificate.order_line.order.as_alias("order_id"),
    Certificate.replaces.number.as_alias("replaces_number"),
)


async def _views(rows: list[dict[str, Any]]) -> list[CertificateView]:
    ids = [row["id"] for row in rows]
    sources: dict[int, list[SourceLot]] = {i: [] for i in ids}
    if ids:
        found = await (
            CertificateSource.select(
                CertificateSource.certificate,
                CertificateSource.weight_g,
                CertificateSource.harvest_lot.as_alias("lot_id"),
                CertificateSource.harvest_lot.code.as_alias("lot_code"),
                CertificateSource.harvest_lot.picked_on.as_alias("picked_on"),
                CertificateSource.harvest_lot._.household._.code.as_alias("household_code"),
            )
            .where(CertificateSource.certificate.is_in(ids))
            .order_by(CertificateSource.id)
        )
        lots = list({row["lot_id"] for row in found})
        received = {
            r["harvest_lot"]: "on_behalf" if r["on_behalf"] else r["number"]
            for r in await ReceivedCertificate.select().where(
                ReceivedCertificate.harvest_lot.is_in(lots or [0])
            )
        }
        for row in found:
            sources[row["certificate"]].append(
                SourceLot(
                    row["lot_code"],
                    row["weight_g"],
                    row["picked_on"],
                    row["household_code"],
                    received.get(row["lot_id"], ""),
                )
            )
    return [
        CertificateView(
            number=row["number"],
            title=TITLE,
            product_zh=row["product_zh"],
            product_ug=row["product_ug"],
            product_en=row["product_en"],
            weight_g=row["weight_g"],
            origin=row["origin"],
            picked_on=row["picked_on"],
            issued_on=row["issued_on"],
            issued_at=row["issued_at"],
            basis=row["basis"],
            issuer=row["issuer"],
            contact=row["contact"],
            lot_code=row["lot_code"],
            order_id=row["order_id"],
            order_line_id=row["order_line"],
            replaces=row["replaces_number"],
            sources=sources[row["id"]],
        )
        for row in rows
    ]


async def certificate_by_number(number: str, cooperative_id: int | None) -> CertificateView:
    """One certificate by its printed number; NotFound when it is not this cooperative's."""
    canonical = normalise_certificate_number(number)
    query = Certificate.select(*_COLUMNS).where(Certificate.number == canonical)
    if cooperative_id is not None:
        query = query.where(Certificate.cooperative == cooperative_id)
    rows = await query
    if not rows:
        raise NotFound(
            "No certificate {number} here; check the number on the certificate.",
            code="certificate_not_found",
            number=number,
        )
    return (await _views(rows))[0]


async def certificate(actor: Actor, number: str) -> CertificateView:
    actor.require(Action.INSPECT_CERTIFICATES)
    return await certificate_by_number(number, actor.cooperative_id)


async def certificates_behind(actor: Actor, code: str) -> list[CertificateView]:
    """The certificates behind a harvest lot (its own, newest first), or a jar's fruit lots."""
    actor.require(Action.INSPECT_CERTIFICATES)
    lot = normalise_lot_code(code)
    mine = Certificate.cooperative == actor.cooperative_id
    if lot.startswith(LotKind.BATCH.value):
        batch = await Batch.select(Batch.id).where(
            (Batch.code == lot) & (Batch.cooperative == actor.cooperative_id)
        )
        if not batch:
            raise _no_lot(lot)
        inputs = await BatchInput.select(BatchInput.harvest_lot).where(
            BatchInput.batch == batch[0]["id"]
        )
        lot_ids = [row["harvest_lot"] for row in inputs] or [0]
        query = Certificate.select(*_COLUMNS).where(mine & Certificate.harvest_lot.is_in(lot_ids))
    else:
        found = await HarvestLot.select(HarvestLot.id).where(
            (HarvestLot.code == lot) & (HarvestLot.cooperative == actor.cooperative_id)
        )
        if not found:
            raise _no_lot(lot)
        query = Certificate.select(*_COLUMNS).where(
            mine & (Certificate.harvest_lot == found[0]["id"])
        )
    return await _views(await query.order_by(Certificate.id, ascending=False))


async def certificates_of_order(actor: Actor, order_id: int) -> list[CertificateView]:
    """The certificates in force for an order's fresh-fruit lines (the newest of each line)."""
    actor.require(Action.INSPECT_CERTIFICATES)
    lines = await OrderLine.select(OrderLine.id).where(
        (OrderLine.order == order_id) & (OrderLine.order.cooperative == actor.cooperative_id)
    )
    return await current_of_lines([row["id"] for row in lines])


async def current_of_lines(line_ids: list[int]) -> list[CertificateView]:
    """The newest certificate of each line, in line order (packing slips and order pages)."""
    if not line_ids:
        return []
    rows = await (
        Certificate.select(*_COLUMNS)
        .where(Certificate.order_line.is_in(line_ids))
        .order_by(Certificate.id, ascending=False)
    )
    newest: dict[int, dict[str, Any]] = {}
    for row in rows:
        newest.setdefault(row["order_line"], row)
    return await _views([newest[i] for i in line_ids if i in newest])


async def issued_between(actor: Actor, since: date, until: date) -> list[CertificateView]:
    """Certificates issued on days since..until (both included), oldest first."""
    actor.require(Action.INSPECT_CERTIFICATES)
    rows = await (
        Certificate.select(*_COLUMNS)
        .where(
            (Certificate.cooperative == actor.cooperative_id)
            & (Certificate.issued_on >= since)
            & (Certificate.issued_on <= until)
        )
        .order_by(Certificate.id)
    )
    return await _views(rows)


async def received_between(actor: Actor, since: date, until: date) -> list[ReceivedView]:
    """Sellers' certificates collected with lots picked since..until, oldest first."""
    actor.require(Action.INSPECT_CERTIFICATES)
    lot = ReceivedCertificate.harvest_lot
    rows = await (
        ReceivedCertificate.select(
            ReceivedCertificate.number,
            ReceivedCertificate.on_behalf,
            ReceivedCertificate.received_at,
            lot.code.as_alias("lot_code"),
            lot.picked_on.as_alias("picked_on"),
            lot.weight_g.as_alias("weight_g"),
            ReceivedCertificate.household.code.as_alias("household_code"),
            ReceivedCertificate.household.display_name.as_alias("household_name"),
        )
        .where(
            (ReceivedCertificate.cooperative == actor.cooperative_id)
            & (lot.picked_on >= since)
            & (lot.picked_on <= until)
        )
        .order_by(ReceivedCertificate.id)
    )
    return [msgspec.convert(row, ReceivedView) for row in rows]


def _no_lot(code: str) -> NotFound:
    return NotFound("No lot {lot} in this cooperative.", code="lot_not_found", lot=code)
