"""What a buyer may see: one view of any lot (harvest or batch) and of a cooperative.

Privacy: no phone number, address, income or per-household weight ever enters these
views; a household's name only with its consent, otherwise the village.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import msgspec

from coop.domain.china_time import china_day
from coop.domain.errors import DomainError, NotFound
from coop.domain.gtin import normalise_gtin
from coop.domain.lots import LotKind, LotStatus
from coop.domain.processing import BatchStatus
from coop.i18n.names import Names
from coop.services.public_certificates import PublicCertificate, lot_certificates
from coop.tables import Batch, BatchInput, Cooperative, HarvestLot, Product


class PublicStatus(StrEnum):
    NORMAL = "normal"
    HELD = "held"  # 暂停销售
    RECALLED = "recalled"  # 召回


class PublicLot(msgspec.Struct, frozen=True):
    kind: str  # LotKind value: "H" harvest lot, "B" batch lot
    code: str
    status: str  # PublicStatus value
    product: Names
    village: str
    cooperative_id: int
    cooperative_slug: str
    cooperative_name: str
    reorder_url: str  # the cooperative's shop, or "" for its public page
    picked_on: list[date]
    grower_households: int
    grown_by: str = ""  # a harvest lot's household name, only with consent
    made_on: date | None = None
    made_by: str = ""  # a batch's processor name, only with consent
    best_before: date | None = None
    net_weight_g: int | None = None  # the jar's, never a household's delivery
    ingredients: list[Names] = []  # a batch's fruit, by product
    with_sugar: bool = False
    ended_on: date | None = None  # sold out or past best-before: later scans look copied
    gtin: str | None = None  # the product's, as 14 digits: a Digital Link must name this one
    certificates: list[PublicCertificate] = []  # 承诺达标合格证 in force (a jar: its fruit's)


class PublicProduct(msgspec.Struct, frozen=True):
    name: Names
    unit: str
    price_fen: int
    net_weight_g: int | None


class PublicCooperative(msgspec.Struct, frozen=True):
    slug: str
    name: str
    village: str
    story: str
    shop_url: str
    order_phone: str  # the cooperative's order line, not a household's
    wechat_id: str
    certifications: str
    products: list[PublicProduct]


def _web_link(url: str) -> str:
    """Only http(s) links reach a buyer's page: a javascript: link would run in their browser."""
    return url if url.startswith(("https://", "http://")) else ""


def _gtin(stored: str | None) -> str | None:
    """The product's GTIN as a Digital Link holds it (14 digits), or None without a valid one."""
    try:
        return normalise_gtin(stored) if stored else None
    except DomainError:
        return None


def _not_found(code: str) -> NotFound:
    return NotFound(
        "No lot {lot} here; check the code on the label.", code="lot_not_found", lot=code
    )


LOT_PUBLIC_STATUS = {
    LotStatus.OPEN: PublicStatus.NORMAL.value,
    LotStatus.VOID: PublicStatus.NORMAL.value,  # corrected away; a printed code may still lead here
    LotStatus.HELD: PublicStatus.HELD.value,
    LotStatus.RECALLED: PublicStatus.RECALLED.value,
}  # the lot's own status, which coop.services.recalls moves


async def _harvest_lot(code: str, cooperative_id: int | None) -> PublicLot:
    query = HarvestLot.select(
        HarvestLot.code,
        HarvestLot.status,
        HarvestLot.weighed_at,
        HarvestLot.picked_on,
        HarvestLot.product.gtin.as_alias("gtin"),
        HarvestLot.cooperative.as_alias("cooperative_id"),
        HarvestLot.cooperative.slug.as_alias("slug"),
        HarvestLot.cooperative.name.as_alias("cooperative_name"),
        HarvestLot.cooperative.village.as_alias("village"),
        HarvestLot.cooperative.shop_url.as_alias("shop_url"),
        HarvestLot.household.display_name.as_alias("household_name"),
        HarvestLot.household.consent_public_name.as_alias("consent"),
        HarvestLot.product.name_zh.as_alias("name_zh"),
        HarvestLot.product.name_ug.as_alias("name_ug"),
        HarvestLot.product.name_en.as_alias("name_en"),
        HarvestLot.product.shelf_life_days.as_alias("shelf_life_days"),
    ).where(HarvestLot.code == code)
    if cooperative_id is not None:
        query = query.where(HarvestLot.cooperative == cooperative_id)
    row: dict[str, Any] | None = await query.first()
    if row is None:
        raise _not_found(code)
    picked = row["picked_on"] or china_day(row["weighed_at"])  # a correction keeps the day
    shelf = row["shelf_life_days"]
    best_before = picked + timedelta(days=shelf) if shelf else None
    return PublicLot(
        kind=LotKind.HARVEST.value,
        code=row["code"],
        status=LOT_PUBLIC_STATUS[row["status"]],
        product=Names(row["name_zh"], row["name_ug"], row["name_en"]),
        village=row["village"],
        cooperative_id=row["cooperative_id"],
        cooperative_slug=row["slug"],
        cooperative_name=row["cooperative_name"],
        reorder_url=_web_link(row["shop_url"]),
        picked_on=[picked],
        grower_households=1,
        grown_by=row["household_name"] if row["consent"] else "",
        best_before=best_before,
        ended_on=best_before or picked,
        gtin=_gtin(row["gtin"]),
        certificates=await lot_certificates(row["code"]),
    )


BATCH_PUBLIC_STATUS = {
    BatchStatus.FINISHED.value: PublicStatus.NORMAL.value,
    BatchStatus.CORRECTED.value: PublicStatus.NORMAL.value,  # printed labels still lead here
    BatchStatus.HELD.value: PublicStatus.HELD.value,
    BatchStatus.RECALLED.value: PublicStatus.RECALLED.value,
}  # a draft batch has no jars, so no page


async def _batch_lot(code: str, cooperative_id: int | None) -> PublicLot:
    """A jar's batch: two queries, the batch with its product and kitchen, then its fruit."""
    query = Batch.select(
        Batch.id,
        Batch.code,
        Batch.status,
        Batch.made_on,
        Batch.best_before,
        Batch.net_weight_g,
        Batch.sugar_g,
        Batch.product.gtin.as_alias("gtin"),
        Batch.cooperative.as_alias("cooperative_id"),
        Batch.cooperative.slug.as_alias("slug"),
        Batch.cooperative.name.as_alias("cooperative_name"),
        Batch.cooperative.village.as_alias("village"),
        Batch.cooperative.shop_url.as_alias("shop_url"),
        Batch.household.display_name.as_alias("processor_name"),
        Batch.household.consent_public_name.as_alias("consent"),
        Batch.product.name_zh.as_alias("name_zh"),
        Batch.product.name_ug.as_alias("name_ug"),
        Batch.product.name_en.as_alias("name_en"),
    ).where((Batch.code == code) & Batch.status.is_in(list(BATCH_PUBLIC_STATUS)))
    if cooperative_id is not None:
        query = query.where(Batch.cooperative == cooperative_id)
    row: dict[str, Any] | None = await query.first()
    if row is None:
        raise _not_found(code)
    inputs = await BatchInput.select(
        BatchInput.harvest_lot.weighed_at.as_alias("weighed_at"),
        BatchInput.harvest_lot.picked_on.as_alias("picked_on"),
        BatchInput.harvest_lot.household.as_alias("household"),
        BatchInput.harvest_lot.product.as_alias("product_id"),
        BatchInput.harvest_lot._.product._.name_zh.as_alias("name_zh"),
        BatchInput.harvest_lot._.product._.name_ug.as_alias("name_ug"),
        BatchInput.harvest_lot._.product._.name_en.as_alias("name_en"),
    ).where(BatchInput.batch == row["id"])
    fruit = {i["product_id"]: Names(i["name_zh"], i["name_ug"], i["name_en"]) for i in inputs}
    made_on, best_before = row["made_on"], row["best_before"]
    return PublicLot(
        kind=LotKind.BATCH.value,
        code=row["code"],
        status=BATCH_PUBLIC_STATUS[row["status"]],
        product=Names(row["name_zh"], row["name_ug"], row["name_en"]),
        village=row["village"],
        cooperative_id=row["cooperative_id"],
        cooperative_slug=row["slug"],
        cooperative_name=row["cooperative_name"],
        reorder_url=_web_link(row["shop_url"]),
        picked_on=sorted({i["picked_on"] or china_day(i["weighed_at"]) for i in inputs}),
        grower_households=len({i["household"] for i in inputs}),
        made_on=made_on,
        made_by=row["processor_name"] if row["consent"] else "",
        best_before=best_before,
        net_weight_g=row["net_weight_g"],
        ingredients=[fruit[key] for key in sorted(fruit)],
        with_sugar=row["sugar_g"] > 0,
        ended_on=best_before or made_on,  # when it sold out is not kept: sales never flush pages
        gtin=_gtin(row["gtin"]),
        certificates=await lot_certificates(row["code"]),
    )


async def public_lot(code: str, cooperative_id: int | None = None) -> PublicLot:
    """The public view of a lot by its canonical code, whatever its kind; NotFound otherwise."""
    if code.startswith(LotKind.HARVEST.value):
        return await _harvest_lot(code, cooperative_id)
    if code.startswith(LotKind.BATCH.value):
        return await _batch_lot(code, cooperative_id)
    raise _not_found(code)


async def public_cooperative(slug: str) -> PublicCooperative:
    cooperative = await Cooperative.select().where(Cooperative.slug == slug).first()
    if cooperative is None:
        raise NotFound("No cooperative {slug} here.", code="cooperative_not_found", slug=slug)
    products = await (
        Product.select()
        .where((Product.cooperative == cooperative["id"]) & Product.active.eq(True))
        .order_by(Product.id)
    )
    return PublicCooperative(
        slug=cooperative["slug"],
        name=cooperative["name"],
        village=cooperative["village"],
        story=cooperative["story"],
        shop_url=_web_link(cooperative["shop_url"]),
        order_phone=cooperative["order_phone"],
        wechat_id=cooperative["wechat_id"],
        certifications=cooperative["certifications"],
        products=[
            PublicProduct(
                Names(p["name_zh"], p["name_ug"], p["name_en"]),
                p["unit"],
                p["price_fen"],
                p["net_weight_g"],
            )
            for p in products
        ],
    )


class CooperativeLink(msgspec.Struct, frozen=True):
    slug: str
    name: str


async def public_cooperatives(few: int = 10) -> list[CooperativeLink]:
    """The cooperatives served here, a way on for a buyer whose code was not found: all of them
    while they are few (a village's or a county's site), none on a site serving many."""
    rows = await (
        Cooperative.select(Cooperative.slug, Cooperative.name)
        .order_by(Cooperative.id)
        .limit(few + 1)
    )
    return [CooperativeLink(row["slug"], row["name"]) for row in rows] if len(rows) <= few else []
