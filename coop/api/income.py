"""Income review with exports and charts; payouts and balances; members' accounts; surplus."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from litestar import Controller, Request, Response, get, post

from coop.api.deps import IdempotencyKey, OptionalId, OptionalSeason, PathId, Season, example
from coop.charts.reviews import household_charts, village_charts
from coop.domain.actors import Actor
from coop.domain.money import MAX_FEN
from coop.exports.download import Format, download
from coop.exports.income import ledger_sheet, review_sheet
from coop.i18n.negotiation import locale_for
from coop.services import income, members, payouts, reports, surplus
from coop.services.fields import Id, Reason, Text60, Year
from coop.services.income_views import HouseholdReview, VillageReview
from coop.services.members import AccountView, ShareView
from coop.services.payouts import Balance, PayoutView
from coop.services.reports import LedgerLine
from coop.services.surplus import SurplusReturnView, Terms

VillageChart = Literal["cumulative", "weekly", "gains"]
HouseholdChart = Literal["cumulative", "weekly"]
SVG = "image/svg+xml"


class IncomeController(Controller):
    path = "/income"
    tags = ["income review"]

    @get("/review")
    async def village(self, actor: Actor, season: OptionalSeason = None) -> VillageReview:
        """The village's income review for a season (the current one by default)."""
        return await income.village_review(actor, season)

    @get("/review/households/{household_id:int}")
    async def household(
        self, actor: Actor, household_id: PathId, season: OptionalSeason = None
    ) -> HouseholdReview:
        """One household's income review for a season."""
        return await income.household_review(actor, household_id, season)

    @get("/review/export")
    async def export_review(
        self, request: Request, actor: Actor, format: Format = "xlsx", season: OptionalSeason = None
    ) -> Response[bytes]:
        """The village's income review as a CSV or XLSX file."""
        review = await income.village_review(actor, season)
        locale = locale_for(request)
        return download(review_sheet(review, locale), format, f"income-{review.season}", locale)

    @get("/ledger")
    async def ledger(
        self, actor: Actor, season: OptionalSeason = None, household_id: OptionalId = None
    ) -> list[LedgerLine]:
        """Ledger lines of a season, for one household or all."""
        return await reports.ledger_lines(actor, season, household_id)

    @get("/ledger/export")
    async def export_ledger(
        self,
        request: Request,
        actor: Actor,
        format: Format = "xlsx",
        season: OptionalSeason = None,
        household_id: OptionalId = None,
    ) -> Response[bytes]:
        """Ledger lines of a season as a CSV or XLSX file."""
        season = await income.current_season(actor, season)
        lines = await reports.ledger_lines(actor, season, household_id)
        locale = locale_for(request)
        return download(ledger_sheet(lines, locale), format, f"ledger-{season}", locale)

    @get("/charts/village", media_type=SVG)
    async def village_chart(
        self, request: Request, actor: Actor, chart: VillageChart, season: OptionalSeason = None
    ) -> str:
        """A chart of the village's income review, as SVG."""
        charts = village_charts(await income.village_review(actor, season), locale_for(request))
        return getattr(charts, chart)

    @get("/charts/households/{household_id:int}", media_type=SVG)
    async def household_chart(
        self,
        request: Request,
        actor: Actor,
        household_id: PathId,
        chart: HouseholdChart,
        season: OptionalSeason = None,
    ) -> str:
        """A chart of one household's income review, as SVG."""
        review = await income.household_review(actor, household_id, season)
        return getattr(household_charts(review, locale_for(request)), chart)


class NewPayout(msgspec.Struct, forbid_unknown_fields=True):
    household_id: Id
    amount_fen: Annotated[int, msgspec.Meta(gt=0, le=MAX_FEN, description="integer fen")]
    method: Literal["cash", "wechat", "bank"]
    reference: Text60 = ""


PAYOUT_EXAMPLE = example(
    "500 yuan paid by WeChat",
    {"household_id": 1, "amount_fen": 50000, "method": "wechat", "reference": "WX20260801"},
)


class PayoutController(Controller):
    path = "/payouts"
    tags = ["payouts"]

    @post("/")
    async def create(
        self,
        actor: Actor,
        data: Annotated[NewPayout, PAYOUT_EXAMPLE],
        idempotency_key: IdempotencyKey = None,
    ) -> PayoutView:
        """Records a payout to a household; retried with the same Idempotency-Key, pays once."""
        return await payouts.record_payout(
            actor, data.household_id, data.amount_fen, data.method, data.reference, idempotency_key
        )

    @get("/")
    async def list(self, actor: Actor, household_id: OptionalId = None) -> list[PayoutView]:
        """Payouts, for one household or all."""
        return await payouts.payouts(actor, household_id)


class BalanceController(Controller):
    path = "/balances"
    tags = ["payouts"]

    @get("/")
    async def list(self, actor: Actor) -> list[Balance]:
        """What the cooperative owes each household."""
        return await payouts.balances(actor)

    @get("/{household_id:int}")
    async def read(self, actor: Actor, household_id: PathId) -> Balance:
        """What the cooperative owes one household."""
        return await payouts.balance(actor, household_id)


class NewShare(msgspec.Struct, forbid_unknown_fields=True):
    household_id: Id
    season: Year
    kind: Literal["capital", "reserve"]
    amount_fen: Annotated[
        int, msgspec.Meta(ge=-MAX_FEN, le=MAX_FEN, description="integer fen; negative to withdraw")
    ]
    note: Reason = ""


class MemberController(Controller):
    path = "/members"
    tags = ["members' accounts"]

    @get("/accounts")
    async def accounts(self, actor: Actor, season: OptionalSeason = None) -> list[AccountView]:
        """Members' accounts for a season: capital, reserve and returns."""
        return await members.accounts(actor, season)

    @get("/shares")
    async def shares(self, actor: Actor, household_id: OptionalId = None) -> list[ShareView]:
        """Capital and reserve share entries, for one household or all."""
        return await members.shares(actor, household_id)

    @post("/shares")
    async def record_share(
        self, actor: Actor, data: NewShare, idempotency_key: IdempotencyKey = None
    ) -> ShareView:
        """Records a capital or reserve share paid in or withdrawn."""
        return await members.record_share(
            actor,
            data.household_id,
            data.season,
            data.kind,
            data.amount_fen,
            data.note,
            idempotency_key,
        )


class SurplusController(Controller):
    path = "/surplus-returns"
    tags = ["members' accounts"]

    @post("/preview", status_code=200)
    async def preview(self, actor: Actor, data: Terms) -> SurplusReturnView:
        """Computes each member's return; writes nothing."""
        return await surplus.preview(actor, data)

    @post("/confirm", status_code=200)
    async def confirm(self, actor: Actor, data: Terms) -> SurplusReturnView:
        """Posts the entries once; confirming again returns what was posted."""
        return await surplus.confirm(actor, data)

    @get("/{season:int}")
    async def read(self, actor: Actor, season: Season) -> SurplusReturnView:
        """The surplus return posted for a season."""
        return await surplus.posted(actor, season)
