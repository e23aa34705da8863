"""Households and products of a cooperative: reference data that admins keep."""

from __future__ import annotations

import msgspec

from coop.db import is_unique_violation, write
from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, Forbidden, InvalidInput
from coop.domain.processing import YieldRange, validate_fee_rate
from coop.services.audit import audit
from coop.services.fields import (
    Days,
    Fen,
    Grams,
    Gtin,
    Id,
    PerMille,
    Text10,
    Text20,
    Text40,
    Text80,
    Text120,
    Year,
)
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
    code: Text20
    display_name: Text80
    is_member: bool = True
    consent_public_name: bool = False
    phone: Text20 = ""
    village_group: Text80 = ""
    baseline_income_fen: Fen | None = None
    baseline_year: Year | None = None
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
    input_product: int | None = None  # processing: made from this fresh produce
    processing_fee_fen_per_kg: int | None = None
    yield_min_per_mille: int | None = None
    yield_max_per_mille: int | None = None


class ProductFields(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    code: Text40
    name_zh: Text120
    unit: Text10 = "kg"
    name_ug: Text120 = ""
    name_en: Text120 = ""
    price_fen: Fen = 0
    purchase_price_fen_per_kg: Fen = 0
    net_weight_g: Grams | None = None
    gtin: Gtin | None = None
    shelf_life_days: Days | None = None
    active: bool = True
    input_product: Id | None = None
    processing_fee_fen_per_kg: Fen | None = None
    yield_min_per_mille: PerMille | None = None
    yield_max_per_mille: PerMille | None = None


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
    actor.require(Action.MANAGE_REFERENCE_DATA)
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
    actor.require(Action.MANAGE_REFERENCE_DATA)
    _check_household(fields)
    try:
        async with write():
            await household_of(actor, household_id)
            values: dict = msgspec.structs.asdict(fields)
            await Household.update(values).where(Household.id == household_id)
            await audit(actor, "update_household", "household", household_id, **values)
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
    if not actor.may(Action.READ_EVERY_HOUSEHOLD):
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
    _check_processing(fields)


def _check_processing(fields: ProductFields) -> None:
    """A processed product's fee rate and expected yield follow the processing rules."""
    if fields.processing_fee_fen_per_kg is not None:
        validate_fee_rate(fields.processing_fee_fen_per_kg)
    low, high = fields.yield_min_per_mille, fields.yield_max_per_mille
    if (low is None) != (high is None):
        raise InvalidInput(
            "Give both ends of the expected yield, or neither.", code="invalid_yield_range"
        )
    if low is not None and high is not None:
        YieldRange(low, high)


async def create_product(actor: Actor, fields: ProductFields) -> ProductView:
    actor.require(Action.MANAGE_REFERENCE_DATA)
    _check_product(fields)
    try:
        async with write():
            if fields.input_product is not None:
                await product_of(actor, fields.input_product)
            product = Product(cooperative=actor.cooperative_id, **msgspec.structs.asdict(fields))
            await product.save()
            await audit(actor, "create_product", "product", product.id)
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


async def set_household_active(actor: Actor, household_id: int, active: bool) -> HouseholdView:
    """Deactivated households keep their records but take no new weigh-ins (nothing is deleted)."""
    actor.require(Action.MANAGE_REFERENCE_DATA)
    async with write():
        await household_of(actor, household_id)
        await Household.update({Household.active: active}).where(Household.id == household_id)
        action = "activate_household" if active else "deactivate_household"
        await audit(actor, action, "household", household_id)
    return await household_view(actor, household_id)
