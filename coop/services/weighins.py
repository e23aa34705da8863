"""Weigh-ins: a household's delivery becomes a harvest lot and a fruit-purchase credit."""

from __future__ import annotations

from datetime import UTC, date, datetime

import msgspec

from coop.db import insert, sql
from coop.domain.actors import Action, Actor
from coop.domain.certificates import received_number
from coop.domain.china_time import checked_moment, china_day
from coop.domain.errors import InvalidInput, NotFound
from coop.domain.grades import Posted, weighin_price
from coop.domain.lots import LotKind, LotStatus, new_lot_code
from coop.domain.money import amount_fen
from coop.domain.scale import FromScale, source_columns, weight_from_scale
from coop.domain.seasons import season_of
from coop.domain.statement import EntryKind
from coop.domain.weight import validate_weight_g
from coop.services import certificates, clock, idempotency, ledger
from coop.services.audit import audit
from coop.services.lookup import weighing_of
from coop.tables import Certificate, HarvestLot, Household, Product, User

SOURCE = "harvest_lot"  # ledger entries' source_type for weigh-in credits


class WeighIn(msgspec.Struct, frozen=True):
    id: int
    lot_code: str
    household_id: int
    household_code: str
    household_name: str
    product_id: int
    product_name: str
    weight_g: int
    remaining_g: int
    grade: str
    price_fen_per_kg: int
    amount_fen: int
    season: int
    status: str
    weighed_at: datetime
    weighed_by: str
    grower_record_id: int | None
    replaces_id: int | None
    weight_source: str = "typed"  # or "scale", with the raw frame and the scale's name
    scale_reading: str = ""
    scale_device: str = ""
    picked_on: date | None = None
    certificate: str = ""  # the number of the cooperative's certificate for this lot
    product_name_ug: str = ""  # the product's other names, where it has them
    product_name_en: str = ""


async def record_weighin(
    actor: Actor,
    household_id: int,
    product_id: int,
    weight_g: int,
    price_fen_per_kg: int | None = None,
    grade: str = "",
    idempotency_key: str | None = None,
    scale: FromScale | None = None,
    received: certificates.Received | None = None,
) -> WeighIn:
    """A clerk weighs a delivery: one harvest lot with its code and one ledger credit."""
    actor.require(Action.WEIGH)
    received = received or certificates.Received()
    payload: list[object] = [household_id, product_id, weight_g, price_fen_per_kg, grade]
    if scale is not None:
        payload += [scale.raw, scale.device]
    if received.number or received.on_behalf:
        payload += [received.number, received.on_behalf]
    made: dict[int, WeighIn] = {}

    async def create() -> int:
        lot = await create_lot(
            actor,
            household_id,
            product_id,
            weight_g,
            price_fen_per_kg,
            grade,
            scale=scale,
            received=received,
        )
        made[lot.id] = lot
        return lot.id

    lot_id = await idempotency.once(actor, "weighin", idempotency_key, payload, create)
    if lot_id in made:  # not read back: a round trip, ~10% of a weigh-in on PostgreSQL
        return made[lot_id]
    return await weighin(actor, lot_id)  # a retried request: the first one's weigh-in


async def create_lot(
    actor: Actor,
    household_id: int,
    product_id: int,
    weight_g: int,
    price_fen_per_kg: int | None,
    grade: str = "",
    grower_record_id: int | None = None,
    replaces_id: int | None = None,
    season: int | None = None,
    at: datetime | None = None,
    scale: FromScale | None = None,
    received: certificates.Received | None = None,
    picked_on: date | None = None,
    priced_at: datetime | None = None,
) -> WeighIn:
    """Inside a write transaction: the lot, its credit, its certificate and the audit event.

    `at` backdates a weigh-in (imports and the demo); by default it is now. A weight from the
    scale must match its raw frame (coop.domain.scale); without one the weight was typed.
    `picked_on` is the delivery's own day, which a correction keeps; `received` the seller's
    certificate, required when the cooperative requires it. A grade's price is the one posted
    at `priced_at` (a correction's new grade: the original weigh-in's moment), by default `at`.
    """
    validate_weight_g(weight_g)
    if scale is not None:
        weight_from_scale(scale.raw, weight_g)
    at = at or clock.now()
    facts = await weighing_of(actor, household_id, product_id, grade, priced_at or at)
    if received is not None:
        number = received_number(
            bool(facts["require_certificate"]), received.number, received.on_behalf
        )
        received = certificates.Received(number, received.on_behalf)
    if not facts["household_active"]:
        raise InvalidInput(
            "Household {household} is deactivated.",
            code="household_inactive",
            household=facts["household_code"],
        )
    if facts["unit"] != "kg":
        raise InvalidInput(
            "{product} is sold by the jar; only fresh produce is weighed in.",
            code="not_weighable",
            product=facts["product_name"],
        )
    price = weighin_price(_posted(facts), grade, price_fen_per_kg)
    if season is None:
        season = season_of(china_day(at), facts["season_start_month"])
    amount = amount_fen(weight_g, price)
    picked_on = picked_on or china_day(at)
    code = new_lot_code(LotKind.HARVEST, season)
    lot_id = await insert(
        HarvestLot,
        cooperative=actor.cooperative_id,
        code=code,
        household=household_id,
        product=product_id,
        season=season,
        weight_g=weight_g,
        remaining_g=weight_g,
        grade=grade,
        price_fen_per_kg=price,
        amount_fen=amount,
        status=LotStatus.OPEN.value,
        grower_record=grower_record_id,
        replaces=replaces_id,
        weighed_by=actor.user_id,
        weighed_at=at,
        **(source_columns(scale) if scale else {}),  # typed: the columns' defaults
        picked_on=picked_on,
    )
    credit = ledger.Entry(
        household=household_id,
        season=season,
        kind=EntryKind.FRUIT_PURCHASE,
        amount_fen=amount,
        source_type=SOURCE,
        source_id=lot_id,
    )
    await ledger.post(actor, credit, at=at)
    if received is not None and (received.number or received.on_behalf):
        await certificates.receive(actor, lot_id, household_id, received)
    issuer = certificates.Issuer(facts["name"], facts["village"], facts["order_phone"])
    certificate = await certificates.issue_for_lot(
        actor, issuer, lot_id, product_id, weight_g, picked_on, season, replaces_id, china_day(at)
    )
    await audit(
        actor, "weighin", "harvest_lot", lot_id, weight_g=weight_g, price=price, grade=grade
    )
    return WeighIn(
        id=lot_id,
        lot_code=code,
        household_id=household_id,
        household_code=facts["household_code"],
        household_name=facts["household_name"],
        product_id=product_id,
        product_name=facts["product_name"],
        weight_g=weight_g,
        remaining_g=weight_g,
        grade=grade,
        price_fen_per_kg=price,
        amount_fen=amount,
        season=season,
        status=LotStatus.OPEN.value,
        weighed_at=at.astimezone(UTC),  # as the database gives it back
        weighed_by=actor.name,
        grower_record_id=grower_record_id,
        replaces_id=replaces_id,
        **source_columns(scale),
        picked_on=picked_on,
        certificate=certificate,
        product_name_ug=facts["product_name_ug"],
        product_name_en=facts["product_name_en"],
    )


def _posted(facts: dict) -> Posted:
    return Posted(
        product=facts["product_name"],
        grades=int(facts["grades"]),
        grade_known=facts["grade_id"] is not None,
        grade_price_fen_per_kg=facts["grade_price_fen_per_kg"],
        product_price_fen_per_kg=facts["posted_price_fen_per_kg"],
    )


_WEIGHIN = (  # hand-written: read back after every weigh-in; Piccolo builds this join in ~2 ms
    "SELECT l.id AS id, l.code AS lot_code, l.household AS household_id,"
    " h.code AS household_code, h.display_name AS household_name, l.product AS product_id,"
    " p.name_zh AS product_name, p.name_ug AS product_name_ug, p.name_en AS product_name_en,"
    " l.weight_g AS weight_g, l.remaining_g AS remaining_g,"
    " l.grade AS grade, l.price_fen_per_kg AS price_fen_per_kg, l.amount_fen AS amount_fen,"
    " l.season AS season, l.status AS status, l.weighed_at AS weighed_at,"
    " u.name AS weighed_by, l.grower_record AS grower_record_id, l.replaces AS replaces_id,"
    " l.weight_source AS weight_source, l.scale_reading AS scale_reading,"
    " l.scale_device AS scale_device,"
    " l.picked_on AS picked_on, COALESCE((SELECT c.number"
    f' FROM "{Certificate._meta.tablename}" AS c WHERE c.harvest_lot = l.id'
    " ORDER BY c.id DESC LIMIT 1), '') AS certificate"
    f' FROM "{HarvestLot._meta.tablename}" AS l'
    f' JOIN "{Household._meta.tablename}" AS h ON h.id = l.household'
    f' JOIN "{Product._meta.tablename}" AS p ON p.id = l.product'
    f' JOIN "{User._meta.tablename}" AS u ON u.id = l.weighed_by'
)


async def weighin(actor: Actor, lot_id: int) -> WeighIn:
    rows = await sql(
        f"{_WEIGHIN} WHERE l.id = {{}} AND l.cooperative = {{}}", lot_id, actor.cooperative_id
    )
    if not rows:
        raise NotFound(
            "No harvest lot {lot_id} in this cooperative.", code="lot_not_found", lot_id=lot_id
        )
    actor.require_household(rows[0]["household_id"])
    return msgspec.convert(rows[0], WeighIn)


async def weighins(
    actor: Actor,
    household_id: int | None = None,
    since: datetime | None = None,
    limit: int = 200,
    season: int | None = None,
) -> list[WeighIn]:
    """Newest first, of one season if asked; a household sees only its own."""
    if not actor.may(Action.READ_EVERY_HOUSEHOLD):
        household_id = actor.household_id
    conditions: list[str] = ["l.cooperative = {}"]
    args: list[object] = [actor.cooperative_id]
    if household_id is not None:
        conditions.append("l.household = {}")
        args.append(household_id)
    if since is not None:
        conditions.append("l.weighed_at >= {}")
        args.append(checked_moment(since))
    if season is not None:
        conditions.append("l.season = {}")
        args.append(season)
    rows = await sql(
        f"{_WEIGHIN} WHERE {' AND '.join(conditions)} ORDER BY l.id DESC LIMIT {int(limit)}", *args
    )
    return [msgspec.convert(row, WeighIn) for row in rows]
