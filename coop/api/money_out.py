"""Money out: advances and inputs on credit, and payout runs with their payment lists."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec
from litestar import Controller, Request, Response, get, post

from coop.api.deps import IdempotencyKey, OptionalId, PathId, example
from coop.domain.actors import Actor
from coop.exports.download import Format, download
from coop.exports.payout_lists import payment_list
from coop.i18n.negotiation import locale_for
from coop.services import advances, payout_runs
from coop.services.advances import AdvanceView
from coop.services.fields import Fen, Id, Reason, Text60
from coop.services.payout_run_views import RunView

Quantity = Annotated[
    int, msgspec.Meta(gt=0, le=10**12, description="thousandths of the item's unit: 2.5 is 2500")
]


class NewAdvance(msgspec.Struct, forbid_unknown_fields=True):
    household_id: Id
    kind: Literal["advance", "input_credit"]
    item: Text60 = ""
    amount_fen: Fen | None = None  # a cash advance
    quantity_milli: Quantity | None = None  # inputs on credit
    unit_price_fen: Fen | None = None


ADVANCE_EXAMPLE = example(
    "Fertiliser on credit: 2.5 bags at 120.00 yuan",
    {
        "household_id": 1,
        "kind": "input_credit",
        "item": "化肥",
        "quantity_milli": 2500,
        "unit_price_fen": 12000,
    },
)


class AdvanceController(Controller):
    path = "/advances"
    tags = ["payouts"]

    @post("/")
    async def create(
        self,
        actor: Actor,
        data: Annotated[NewAdvance, ADVANCE_EXAMPLE],
        idempotency_key: IdempotencyKey = None,
    ) -> AdvanceView:
        """Records a cash advance or inputs on credit; the balance owed nets it, income does not."""
        return await advances.record_advance(
            actor,
            data.household_id,
            data.kind,
            data.item,
            data.amount_fen,
            data.quantity_milli,
            data.unit_price_fen,
            idempotency_key,
        )

    @get("/")
    async def list(self, actor: Actor, household_id: OptionalId = None) -> list[AdvanceView]:
        """Advances and inputs on credit, newest first, each with what of it is settled."""
        return await advances.advances(actor, household_id)


class NewRun(msgspec.Struct, forbid_unknown_fields=True):
    period_start: date
    period_end: date
    method: Literal["bank", "wechat"]


class RunChange(msgspec.Struct, forbid_unknown_fields=True):
    household_id: Id
    excluded: bool = False
    cap_fen: Fen | None = None
    reason: Reason = ""


class LineMark(msgspec.Struct, forbid_unknown_fields=True):
    status: Literal["paid", "failed"]


class PayoutRunController(Controller):
    path = "/payout-runs"
    tags = ["payouts"]

    @post("/")
    async def create(
        self, actor: Actor, data: NewRun, idempotency_key: IdempotencyKey = None
    ) -> RunView:
        """Starts a draft run for a period: its preview lists every household's balance owed."""
        return await payout_runs.create_run(
            actor, data.period_start, data.period_end, data.method, idempotency_key
        )

    @get("/")
    async def list(self, actor: Actor) -> list[RunView]:
        """Payout runs, newest first, with their totals but not their lines."""
        return await payout_runs.runs(actor)

    @get("/{run_id:int}")
    async def read(self, actor: Actor, run_id: PathId) -> RunView:
        """A run with its lines: a draft's figured now, a locked run's as frozen."""
        return await payout_runs.run(actor, run_id)

    @post("/{run_id:int}/changes", status_code=200)
    async def change(self, actor: Actor, run_id: PathId, data: RunChange) -> RunView:
        """Excludes or caps a household of a draft run with a reason, or takes that back."""
        return await payout_runs.change(
            actor, run_id, data.household_id, data.excluded, data.cap_fen, data.reason
        )

    @post("/{run_id:int}/lock", status_code=200)
    async def lock(self, actor: Actor, run_id: PathId) -> RunView:
        """Freezes a draft run's lines, each with its bill number; locking again changes nothing."""
        return await payout_runs.lock(actor, run_id)

    @post("/{run_id:int}/confirm", status_code=200)
    async def confirm(self, actor: Actor, run_id: PathId) -> RunView:
        """Posts one payout per line of a locked run, once; confirming again posts nothing."""
        return await payout_runs.confirm(actor, run_id)

    @post("/{run_id:int}/lines/{household_id:int}", status_code=200)
    async def mark(
        self, actor: Actor, run_id: PathId, household_id: PathId, data: LineMark
    ) -> RunView:
        """Marks a line paid or failed as the bank reported; a failed line is owed again."""
        return await payout_runs.mark(actor, run_id, household_id, data.status)

    @get("/{run_id:int}/export")
    async def export(
        self,
        request: Request,
        actor: Actor,
        run_id: PathId,
        kind: Literal["bank", "wallet"] = "bank",
        format: Format = "xlsx",
    ) -> Response[bytes]:
        """A posted run's bank or WeChat Pay / Alipay list, one bill number per line."""
        locale = locale_for(request)
        sheet = payment_list(kind, *await payout_runs.payment_list(actor, run_id), locale)
        return download(sheet, format, f"payout-run-{run_id}-{kind}", locale)
