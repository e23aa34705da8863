"""The admin's start page: today's weighing and the work waiting in each area, each a link."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from coop.domain.actors import Actor
from coop.services import overview as counts
from coop.services.clock import today
from coop.web.shell import page


@get("/overview")
async def overview(request: Request, actor: Actor) -> Template:
    return page(
        request, "overview.html", actor, o=await counts.overview(actor), day=today().isoformat()
    )


ROUTES = [overview]
