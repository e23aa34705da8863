"""Traces, holds, recalls and drills, and the regulator's spreadsheet."""

from __future__ import annotations

from datetime import date

from litestar import Controller, Response, get, post

from coop.api.deps import OptionalId, OptionalText, PathId, QueryText
from coop.domain.actors import Actor
from coop.services import holds, recalls, trace
from coop.services.holds import Hold
from coop.services.recalls import Closing, NewContact, NewRecall, RecallSummary, RecallView
from coop.services.trace import BackwardTrace, ForwardTrace
from coop.services.trace_export import export


class TraceController(Controller):
    path = "/trace"
    tags = ["trace"]

    @get("/backward")
    async def backward(self, actor: Actor, q: QueryText) -> BackwardTrace:
        """A batch lot, a jar's label (`B26-…/00042`, its URL) or a harvest lot, back to growers."""
        return await trace.backward(actor, q)

    @get("/orders/{order_id:int}/backward")
    async def order_backward(self, actor: Actor, order_id: PathId) -> BackwardTrace:
        """An order's jars and fruit back to their batches, lots and growers."""
        return await trace.backward_order(actor, order_id)

    @get("/forward")
    async def forward(
        self,
        actor: Actor,
        q: OptionalText = None,
        household_id: OptionalId = None,
        start: date | None = None,
        end: date | None = None,
    ) -> ForwardTrace:
        """Where a lot's fruit, or a household's, went: batches and orders."""
        return await trace.forward(actor, q, household_id, start, end)

    @get("/export")
    async def export(self, actor: Actor, q: QueryText, format: str = "xlsx") -> Response[bytes]:
        """Every event of a lot's chain, one row each: `format=xlsx` or `csv`."""
        kind = "csv" if format == "csv" else "xlsx"
        body, media_type = export(await trace.chain_events(actor, q), kind)
        name = f"trace.{kind}"
        return Response(
            body,
            media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


class HoldController(Controller):
    path = "/holds"
    tags = ["trace"]

    @post("/", status_code=200)
    async def hold(self, actor: Actor, data: Hold) -> dict[str, str]:
        """Holds a lot or batch: no sale, packing or labels until released."""
        return {"lot_code": await holds.hold(actor, data), "status": "held"}

    @post("/release", status_code=200)
    async def release(self, actor: Actor, data: Hold) -> dict[str, str]:
        """Releases a held lot or batch."""
        return {"lot_code": await holds.release(actor, data), "status": "released"}


class RecallController(Controller):
    path = "/recalls"
    tags = ["trace"]

    @get("/")
    async def list(self, actor: Actor) -> list[RecallSummary]:
        """Recalls and drills."""
        return await recalls.recalls(actor)

    @post("/")
    async def open(self, actor: Actor, data: NewRecall) -> RecallView:
        """Opens a recall (or a drill) of a lot, holding it and everything made from it."""
        return await recalls.open_recall(actor, data)

    @get("/{recall_id:int}")
    async def read(self, actor: Actor, recall_id: PathId) -> RecallView:
        """One recall with the buyers to contact and the contacts made."""
        return await recalls.recall(actor, recall_id)

    @post("/{recall_id:int}/contacts")
    async def contact(self, actor: Actor, recall_id: PathId, data: NewContact) -> RecallView:
        """Records a contact with a buyer of a recalled order."""
        return await recalls.record_contact(actor, recall_id, data)

    @post("/{recall_id:int}/close", status_code=200)
    async def close(self, actor: Actor, recall_id: PathId, data: Closing) -> RecallView:
        """Closes a recall with a note."""
        return await recalls.close_recall(actor, recall_id, data)

    @post("/{recall_id:int}/drill-finish", status_code=200)
    async def finish_drill(self, actor: Actor, recall_id: PathId) -> RecallView:
        """Finishes a drill, releasing what it held."""
        return await recalls.finish_drill(actor, recall_id)
