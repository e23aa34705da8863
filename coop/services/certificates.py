"""Issuing 承诺达标合格证: one per harvest lot, one per sale of fresh fruit; collecting sellers'.

Append-only: a corrected lot or a re-picked line gets a new certificate that points at the one it
replaces (a database trigger refuses any UPDATE). The contact printed is the cooperative's own
order line, never a household's phone. Call the issuing functions inside a write transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from coop.db import insert, sql, write
from coop.domain.actors import Action, Actor
from coop.domain.certificates import Basis, new_certificate_number, purge_cutoff
from coop.services import clock
from coop.services.audit import audit
from coop.services.freshness import selling_day
from coop.services.lookup import cooperative_of
from coop.tables import (
    Certificate,
    CertificateSource,
    Cooperative,
    HarvestLot,
    OrderAllocation,
    ReceivedCertificate,
)


class Received(msgspec.Struct, frozen=True):
    """What the clerk noted of the seller's certificate at the scale."""

    number: str = ""
    on_behalf: bool = False


class Issuer(msgspec.Struct, frozen=True):
    """Who issues: the cooperative, its village and its own contact."""

    name: str
    village: str
    contact: str


def issuer_of(cooperative: dict[str, Any]) -> Issuer:
    return Issuer(cooperative["name"], cooperative["village"], cooperative["order_phone"])


async def receive(actor: Actor, lot_id: int, household_id: int, received: Received) -> None:
    """The seller's certificate, kept with the lot it came with."""
    await insert(
        ReceivedCertificate,
        cooperative=actor.cooperative_id,
        harvest_lot=lot_id,
        household=household_id,
        number=received.number,
        on_behalf=received.on_behalf,
        received_by=actor.user_id,
        received_at=clock.now(),
    )


async def received_of(lot_id: int) -> Received | None:
    rows = await sql(
        f'SELECT number, on_behalf FROM "{ReceivedCertificate._meta.tablename}"'
        " WHERE harvest_lot = {}",
        lot_id,
    )
    return Received(rows[0]["number"], bool(rows[0]["on_behalf"])) if rows else None


async def issue_for_lot(
    actor: Actor,
    issuer: Issuer,
    lot_id: int,
    product_id: int,
    weight_g: int,
    picked_on: date,
    season: int,
    replaces_lot_id: int | None = None,
    issued_on: date | None = None,
) -> str:
    """A harvest lot's own certificate; a corrected lot's replaces the original lot's."""
    replaces = await current_for(lot_id=replaces_lot_id) if replaces_lot_id else None
    return await _issue(
        actor,
        issuer,
        product_id,
        season,
        [(lot_id, weight_g, picked_on)],
        harvest_lot=lot_id,
        replaces=replaces,
        issued_on=issued_on,
    )


async def issue_for_line(actor: Actor, line_id: int, product: dict[str, Any]) -> str | None:
    """A sale of fresh fruit: one certificate listing every lot the line took from."""
    rows = await sql(
        "SELECT a.harvest_lot AS lot, a.weight_g AS weight_g, l.picked_on AS picked_on,"
        " l.season AS season"
        f' FROM "{OrderAllocation._meta.tablename}" AS a'
        f' JOIN "{HarvestLot._meta.tablename}" AS l ON l.id = a.harvest_lot'
        " WHERE a.line = {} AND a.batch IS NULL ORDER BY a.id",
        line_id,
    )
    if not rows:
        return None
    sources = [(r["lot"], r["weight_g"], _day(r["picked_on"])) for r in rows]
    return await _issue(
        actor,
        issuer_of(await cooperative_of(actor)),
        product["id"],
        max(r["season"] for r in rows),
        sources,
        order_line=line_id,
        replaces=await current_for(order_line_id=line_id),
    )


async def current_for(lot_id: int | None = None, order_line_id: int | None = None) -> int | None:
    """The certificate in force for a lot or a line: the newest issued for it."""
    column, value = ("harvest_lot", lot_id) if lot_id is not None else ("order_line", order_line_id)
    rows = await sql(
        f'SELECT id FROM "{Certificate._meta.tablename}" WHERE {column} = {{}}'
        " ORDER BY id DESC LIMIT 1",
        value,
    )
    return int(rows[0]["id"]) if rows else None


async def _issue(
    actor: Actor,
    issuer: Issuer,
    product_id: int,
    season: int,
    sources: list[tuple[int, int, date]],
    *,
    harvest_lot: int | None = None,
    order_line: int | None = None,
    replaces: int | None = None,
    issued_on: date | None = None,
) -> str:
    number = new_certificate_number(season)
    certificate_id = await insert(
        Certificate,
        cooperative=actor.cooperative_id,
        number=number,
        product=product_id,
        weight_g=sum(weight for _, weight, _ in sources),
        origin=issuer.village,
        picked_on=min(day for _, _, day in sources),
        issued_on=issued_on or selling_day(),
        basis=Basis.SELF_CONTROL.value,
        issuer=issuer.name,
        contact=issuer.contact,
        harvest_lot=harvest_lot,
        order_line=order_line,
        replaces=replaces,
        issued_by=actor.user_id,
        issued_at=clock.now(),
    )
    for lot_id, weight_g, _ in sources:
        await insert(
            CertificateSource, certificate=certificate_id, harvest_lot=lot_id, weight_g=weight_g
        )
    return number


def _day(value: Any) -> date:
    """A DATE column as a date: SQLite's raw rows give it back as text."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


async def purge(actor: Actor, before: date) -> int:
    """Certificates issued before a day past the retention go; one a kept one replaces stays."""
    actor.require(Action.MANAGE_REFERENCE_DATA)
    purge_cutoff(before, clock.today())
    table = Certificate._meta.tablename
    async with write():
        rows = await sql(
            f'SELECT c.id AS id FROM "{table}" AS c WHERE c.cooperative = {{}}'
            " AND c.issued_on < {}"
            f' AND NOT EXISTS (SELECT 1 FROM "{table}" AS k WHERE k.replaces = c.id)',
            actor.cooperative_id,
            before,
        )
        ids = [int(r["id"]) for r in rows]
        if ids:
            await CertificateSource.delete().where(CertificateSource.certificate.is_in(ids))
            await Certificate.delete().where(Certificate.id.is_in(ids))
        day = before.isoformat()
        await audit(actor, "purge_certificates", "certificate", 0, before=day, count=len(ids))
    return len(ids)


async def require_certificates(actor: Actor, required: bool) -> bool:
    """An admin says whether a weigh-in needs the seller's certificate (无证不得收购)."""
    actor.require(Action.MANAGE_REFERENCE_DATA)
    async with write():
        await Cooperative.update({Cooperative.require_certificate: required}).where(
            Cooperative.id == actor.cooperative_id
        )
        await audit(actor, "require_certificates", "cooperative", actor.cooperative_id, on=required)
    return required
