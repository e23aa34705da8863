"""Households, products and statements."""

from __future__ import annotations

from litestar import Controller, get, post, put

from coop.api.deps import OptionalSeason, PathId, QueryText
from coop.domain.actors import Actor
from coop.services import households as service
from coop.services.households import HouseholdFields, HouseholdView, ProductFields, ProductView
from coop.services.statements import Statement, statement


class HouseholdController(Controller):
    path = "/households"
    tags = ["households"]

    @get("/")
    async def list(
        self, actor: Actor, search: QueryText = "", include_inactive: bool = False
    ) -> list[HouseholdView]:
        """The cooperative's households, searched by code or name."""
        return await service.households(actor, search, include_inactive)

    @post("/")
    async def create(self, actor: Actor, data: HouseholdFields) -> HouseholdView:
        """Adds a household (admin)."""
        return await service.create_household(actor, data)

    @get("/{household_id:int}")
    async def read(self, actor: Actor, household_id: PathId) -> HouseholdView:
        """One household."""
        return await service.household_view(actor, household_id)

    @put("/{household_id:int}")
    async def update(
        self, actor: Actor, household_id: PathId, data: HouseholdFields
    ) -> HouseholdView:
        """Changes a household's details (admin)."""
        return await service.update_household(actor, household_id, data)

    @get("/{household_id:int}/statement")
    async def statement(
        self, actor: Actor, household_id: PathId, season: OptionalSeason = None
    ) -> Statement:
        """A household's statement for a season: deliveries, amounts owed and paid."""
        return await statement(actor, household_id, season)


class ProductController(Controller):
    path = "/products"
    tags = ["products"]

    @get("/")
    async def list(self, actor: Actor) -> list[ProductView]:
        """The cooperative's products, fresh produce and jars."""
        return await service.products(actor)

    @post("/")
    async def create(self, actor: Actor, data: ProductFields) -> ProductView:
        """Adds a product (admin)."""
        return await service.create_product(actor, data)
