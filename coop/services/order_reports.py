"""What an order's data feeds elsewhere: the growers behind each line, and the packing slip."""

from __future__ import annotations

from datetime import date, datetime

import msgspec

from coop.domain.actors import Action, Actor
from coop.domain.provenance import FruitIn, fruit_in_jars
from coop.services.certificate_views import current_of_lines
from coop.services.lookup import cooperative_of
from coop.services.order_queries import order
from coop.tables import Batch, BatchInput, HarvestLot, Household


class GrowerShare(msgspec.Struct, frozen=True):
    household_id: int
    household_code: str
    household_name: str
    weight_g: int


class LineSource(msgspec.Struct, frozen=True, kw_only=True):
    line_id: int
    product_name: str
    kind: str
    line_total_fen: int
    growers: list[GrowerShare]


class OrderSources(msgspec.Struct, frozen=True, kw_only=True):
    """Order revenue is the cooperative's; this says whose fruit earned it (income review)."""

    order_id: int
    status: str
    total_fen: int
    lines: list[LineSource]


class SlipLine(msgspec.Struct, frozen=True, kw_only=True):
    product_name: str
    product_name_ug: str = ""
    product_name_en: str = ""
    jars: int | None
    weight_g: int | None
    unit_price_fen: int
    line_total_fen: int
    batch_codes: list[str]
    best_before: date | None  # the earliest of the line's batches
    lot_codes: list[str]
    certificate: str = ""  # a fresh-fruit line's 承诺达标合格证 number


class PackingSlip(msgspec.Struct, frozen=True, kw_only=True):
    """What the printable slip shows: who it goes to, what goes in the box, from which lots."""

    cooperative_name: str
    order_id: int
    channel: str
    channel_order_no: str
    created_at: datetime
    buyer_name: str
    buyer_phone: str
    address: str
    buyer_note: str
    lines: list[SlipLine]
    shipping_fen: int
    discount_fen: int
    total_fen: int
    carrier: str
    tracking: str


async def order_sources(actor: Actor, order_id: int) -> OrderSources:
    """Each line's grams of fruit per grower household: jars through their batches' inputs."""
    actor.require(Action.READ_ORDERS)
    view = await order(actor, order_id)
    names = await _households(actor)
    lines = []
    for line in view.lines:
        grams: dict[int, int] = {}
        for allocation in line.allocations:
            if allocation.jars and allocation.batch_id is not None:
                shares = await _jar_shares(allocation.batch_id, allocation.jars)
            elif allocation.harvest_lot_id is not None and allocation.weight_g:
                shares = {await _grower(allocation.harvest_lot_id): allocation.weight_g}
            else:
                shares = {}
            for household, weight in shares.items():
                grams[household] = grams.get(household, 0) + weight
        growers = [GrowerShare(h, *names[h], weight_g=g) for h, g in sorted(grams.items())]
        lines.append(
            LineSource(
                line_id=line.id,
                product_name=line.product_name,
                kind=line.kind,
                line_total_fen=line.line_total_fen,
                growers=growers,
            )
        )
    return OrderSources(order_id=view.id, status=view.status, total_fen=view.total_fen, lines=lines)


async def packing_slip(actor: Actor, order_id: int) -> PackingSlip:
    """The data of a packing slip; the order desk prints it, so it carries the buyer's address."""
    actor.require(Action.TAKE_ORDERS)
    view = await order(actor, order_id)
    issued = await current_of_lines([line.id for line in view.lines])
    numbers = {c.order_line_id: c.number for c in issued}
    lines = []
    for line in view.lines:
        dates = [a.best_before for a in line.allocations if a.best_before is not None]
        lines.append(
            SlipLine(
                product_name=line.product_name,
                product_name_ug=line.product_name_ug,
                product_name_en=line.product_name_en,
                jars=line.jars,
                weight_g=line.weight_g,
                unit_price_fen=line.unit_price_fen,
                line_total_fen=line.line_total_fen,
                batch_codes=_unique(a.batch_code for a in line.allocations),
                best_before=min(dates) if dates else None,
                lot_codes=_unique(a.lot_code for a in line.allocations),
                certificate=numbers.get(line.id, ""),
            )
        )
    return PackingSlip(
        cooperative_name=(await cooperative_of(actor))["name"],
        order_id=view.id,
        channel=view.channel,
        channel_order_no=view.channel_order_no,
        created_at=view.created_at,
        buyer_name=view.buyer_name,
        buyer_phone=view.buyer_phone or "",
        address=view.address or "",
        buyer_note=view.buyer_note or "",
        lines=lines,
        shipping_fen=view.shipping_fen,
        discount_fen=view.discount_fen,
        total_fen=view.total_fen,
        carrier=view.carrier,
        tracking=view.tracking,
    )


async def _jar_shares(batch_id: int, jars: int) -> dict[int, int]:
    batch = await Batch.select(Batch.jars_filled).where(Batch.id == batch_id).first()
    if batch is None or not batch["jars_filled"]:
        return {}
    inputs = await BatchInput.select(
        BatchInput.harvest_lot.household.as_alias("household_id"), BatchInput.weight_g
    ).where(BatchInput.batch == batch_id)
    fruit = [FruitIn(row["household_id"], row["weight_g"]) for row in inputs]
    return fruit_in_jars(fruit, jars, batch["jars_filled"])


async def _grower(lot_id: int) -> int:
    rows = await HarvestLot.select(HarvestLot.household).where(HarvestLot.id == lot_id)
    return int(rows[0]["household"])


async def _households(actor: Actor) -> dict[int, tuple[str, str]]:
    rows = await Household.select(Household.id, Household.code, Household.display_name).where(
        Household.cooperative == actor.cooperative_id
    )
    return {row["id"]: (row["code"], row["display_name"]) for row in rows}


def _unique(codes) -> list[str]:
    return list(dict.fromkeys(code for code in codes if code))
