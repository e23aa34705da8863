"""A batch's yield checked while its jar count is typed, before it is finished (the same rule as
finishing: coop.domain.processing.check_yield)."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request, get
from litestar.response import Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import InvalidInput
from coop.domain.processing import (
    YieldCheck,
    YieldRange,
    check_yield,
    expected_jars,
    filled_g,
)
from coop.domain.weight import parse_weight
from coop.services import batch_queries
from coop.services.batch_views import BatchView
from coop.web.forms import Form, whole_number
from coop.web.shell import locale_for, page


@dataclass(frozen=True)
class YieldPreview:
    check: YieldCheck
    fewest_jars: int | None  # what the product's range expects; None without a range
    most_jars: int | None


def preview(batch: BatchView, form: Form) -> YieldPreview | None:
    """The yield of the jars and sugar typed so far; None until a jar count is typed."""
    typed = Form({name: form.text(name) for name in ("jars", "sugar")}, form.locale)
    jars = typed.read("jars", whole_number) if typed.text("jars") else None
    sugar_g = typed.read("sugar", parse_weight, required=False) or 0
    low, high = batch.yield_min_per_mille, batch.yield_max_per_mille
    expected = YieldRange(low, high) if low is not None and high is not None else None
    if not jars or not typed.ok:
        return None
    try:
        fruit_g = sum(line.weight_g for line in batch.inputs)
        check = check_yield(fruit_g, sugar_g, filled_g(jars, batch.net_weight_g), expected)
    except InvalidInput:  # no fruit yet: finishing says so
        return None
    if expected is None:
        return YieldPreview(check, None, None)
    return YieldPreview(check, *expected_jars(check.input_g, batch.net_weight_g, expected))


@get("/batches/{batch_id:int}/yield")
async def yield_check(request: Request, actor: Actor, batch_id: int) -> Template:
    """The yield box alone, for the finish form to show as the processor types (htmx)."""
    actor.require(Action.MAKE_BATCHES)
    batch = await batch_queries.batch(actor, batch_id)
    form = Form(request.query_params, locale_for(request, actor))
    return page(request, "batch_yield.html", actor, b=batch, preview=preview(batch, form))


ROUTES = [yield_check]
