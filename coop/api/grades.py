"""A product's grades and the prices posted for them, with their history."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post

from coop.api.deps import PathId, example
from coop.domain.actors import Actor
from coop.services import grades
from coop.services.grades import GradeFields, GradeView

GRADE_EXAMPLE = example(
    "Grade 特级 of a product, posted at 16.00 yuan per kg from now on",
    {"code": "特级", "name_zh": "特级", "name_en": "Premium", "price_fen_per_kg": 1600},
)


class GradeController(Controller):
    path = "/products/{product_id:int}/grades"
    tags = ["products"]

    @get("/")
    async def list(self, actor: Actor, product_id: PathId) -> list[GradeView]:
        """A product's grades with the price posted now and every earlier price, newest first."""
        return await grades.grades(actor, product_id)

    @post("/", status_code=200)
    async def save(
        self, actor: Actor, product_id: PathId, data: Annotated[GradeFields, GRADE_EXAMPLE]
    ) -> GradeView:
        """Adds or changes a grade (admin); a new price applies to later weigh-ins only."""
        return await grades.save_grade(actor, product_id, data)
