"""The printable weigh-in receipt: one page fits an 80 mm receipt roll or an A4 sheet."""

from __future__ import annotations

from litestar import Request, get
from litestar.response import Template

from coop.domain.actors import Actor
from coop.services import weighins
from coop.services.lookup import cooperative_of
from coop.web.shell import page

PAPERS = ("80mm", "a4")


@get("/receipts/{lot_id:int}")
async def receipt(
    request: Request, actor: Actor, lot_id: int, paper: str = "80mm", saved: bool = False
) -> Template:
    """Staff print any; a household opens only its own (the service refuses the rest)."""
    lot = await weighins.weighin(actor, lot_id)
    return page(
        request,
        "receipt.html",
        actor,
        lot=lot,
        cooperative=await cooperative_of(actor),
        paper=paper if paper in PAPERS else PAPERS[0],
        saved=saved,
    )


ROUTES = [receipt]
