"""Households and products of a cooperative: reference data that admins keep."""

from __future__ import annotations

import msgspec

from coop.db import is_unique_violation, write
from coop.domain.actors import STAFF, Actor, Role
from coop.domain.errors import Conflict, Forbidden, InvalidInput
from coop.services import content_version
from coop.services.audit import audit
from coop.services.lookup import household_of, product_of
from coop.tables import Household, Product


class HouseholdView(msgspec.Struct, frozen=True):
    id: int
    code: str
    display_name: str
    is_member: bool
    consent_public_name: bool
    phone: str
    village_group: str
    baseline_income_fen: int | None
    baseline_year: int | None
    active: bool


class HouseholdFields(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: str
    display_name: str
    is_member: bool = True
    consent_public_name: bool = False
    phone: str = ""
    village_group: str = ""
    baseline_income_fen: int | None = None
    baseline_year: int | None = None
    active: bool = True


class ProductView(msgspec.Struct, frozen=True):
    id: int
    code: str
    name_zh: str
    name_ug: str
    name_en: str
    unit: str
    price_fen: int
    purchase_price_fen_per_kg: int
    net_weight_g: int | None
    gtin: str | None
    shelf_life_days: int | None
    active: bool


class ProductFields(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: str
    name_zh: str
    unit: str = "kg"
    name_ug: str = ""
    name_en: str = ""
    price_fen: int = 0
    purchase_price_fen_per_kg: int = 0
    net_weight_g: int | None = None
    gtin: str | None = None
    shelf_life_days: int | None = None
    active: bool = True


def _check_household(fields: HouseholdFields) -> None:
    if not 0 < len(fields.code.strip()) <= 20:
        raise InvalidInput("A household code is 1 to 20 characters.", code="invalid_code")
    if not 0 < len(fields.display_name.strip()) <= 80:
        raise InvalidInput("A household name is 1 to 80 characters.", code="invalid_name")
    if fields.baseline_income_fen is not None and fields.baseline_income_fen < 0:
        raise InvalidInput("A baseline income cannot be negative.", code="invalid_baseline")
    if len(fields.phone) > 20 or len(fields.village_group) > 80:
        raise InvalidInput("The phone or village group is too long.", code="too_long")


async def create_household(actor: Actor, fields: HouseholdFields) -> HouseholdView:
    actor.require(Role.ADMIN)
    _check_household(fields)
    try:
        async with write():
            household = Household(
                cooperative=actor.cooperative_id, **msgspec.structs.asdict(fields)
            )
            household.code = fields.code.strip()
            await household.save()
            await audit(actor, "create_household", "household", household.id)
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(
                "Household code {taken} is already taken.", code="duplicate_code", taken=fields.code
            ) from None
        raise
    return await household_view(actor, int(household.id))


async def update_household(
    actor: Actor, household_id: int, fields: HouseholdFields
) -> HouseholdView:
    actor.require(Role.ADMIN)
    _check_household(fields)
    try:
        async with write():
            await household_of(actor, household_id)
            values: dict = msgspec.structs.asdict(fields)
            await Household.update(values).where(Household.id == household_id)
            await audit(actor, "update_household", "household", household_id, **values)
            await content_version.bump()  # a consent to show the name changes public pages
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(
                "Household code {taken} is already taken.", code="duplicate_code", taken=fields.code
            ) from None
        raise
    return await household_view(actor, household_id)


async def household_view(actor: Actor, household_id: int) -> HouseholdView:
    actor.require_household(household_id)
    return msgspec.convert(await household_of(actor, household_id), HouseholdView, strict=False)


async def households(
    actor: Actor, search: str = "", include_inactive: bool = False
) -> list[HouseholdView]:
    """Staff find a household by code or name."""
    if actor.role not in STAFF:
        raise Forbidden("Only staff may list households.", code="staff_only")
    query = Household.select().where(Household.cooperative == actor.cooperative_id)
    if not include_inactive:
        query = query.where(Household.active.eq(True))
    if search := search.strip():
        query = query.where(
            Household.code.ilike(f"{search}%") | Household.display_name.ilike(f"%{search}%")
        )
    rows = await query.order_by(Household.code)
    return [msgspec.convert(row, HouseholdView, strict=False) for row in rows]


def _check_product(fields: ProductFields) -> None:
    if fields.unit not in ("kg", "jar"):
        raise InvalidInput('A product is sold by "kg" or by "jar".', code="invalid_unit")
    if fields.unit == "jar" and not fields.net_weight_g:
        raise InvalidInput(
            "A product sold by the jar needs its net weight.", code="net_weight_required"
        )
    if min(fields.price_fen, fields.purchase_price_fen_per_kg) < 0:
        raise InvalidInput("Prices cannot be negative.", code="invalid_price")
    if not 0 < len(fields.code.strip()) <= 40 or not 0 < len(fields.name_zh.strip()) <= 120:
        raise InvalidInput("A product needs a code and a Chinese name.", code="invalid_name")


async def create_product(actor: Actor, fields: ProductFields) -> ProductView:
    actor.require(Role.ADMIN)
    _check_product(fields)
    try:
        async with write():
            product = Product(cooperative=actor.cooperative_id, **msgspec.structs.asdict(fields))
            await product.save()
            await audit(actor, "create_product", "product", product.id)
            await content_version.bump()  # the cooperative's public page lists its products
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(
                "Product code {taken} is already taken.", code="duplicate_code", taken=fields.code
            ) from None
        raise
    return msgspec.convert(await product_of(actor, int(product.id)), ProductView, strict=False)


async def products(actor: Actor) -> list[ProductView]:
    rows = (
        await Product.select()
        .where((Product.cooperative == actor.cooperative_id) & Product.active.eq(True))
        .order_by(Product.id)
    )
    return [msgspec.convert(row, ProductView, strict=False) for row in rows]
