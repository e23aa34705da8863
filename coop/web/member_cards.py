"""Member cards to print: one household's card (PNG) or every active household's (A4 PDF)."""

from __future__ import annotations

from litestar import Request, Response, get

from coop.domain.actors import Action, Actor
from coop.i18n import translate
from coop.labels.member_cards import MemberCard, card_png, cards_pdf
from coop.services import households
from coop.services.households import HouseholdView
from coop.services.lookup import cooperative_of

TITLE = "Member card"


def _card(cooperative: str, household: HouseholdView) -> MemberCard:
    return MemberCard(
        code=household.code,
        name=household.display_name,
        village_group=household.village_group,
        cooperative=cooperative,
        title_zh=translate(TITLE, "zh_CN"),
        title_ug=translate(TITLE, "ug"),
    )


@get("/households/{household_id:int}/card.png")
async def one_card(request: Request, actor: Actor, household_id: int) -> Response:
    """Staff at the desk or the scale print a card when a household joins or loses one."""
    actor.require(Action.PRINT_MEMBER_CARDS)
    household = await households.household_view(actor, household_id)
    cooperative = (await cooperative_of(actor))["name"]
    png = card_png(_card(cooperative, household), request.app.state.settings.base_url)
    filename = f"card-{household.code}.png"
    return Response(
        png,
        media_type="image/png",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@get("/households/cards.pdf")
async def card_sheets(request: Request, actor: Actor) -> Response:
    """Every active household's card, ten to an A4 sheet, in code order."""
    actor.require(Action.PRINT_MEMBER_CARDS)
    cooperative = (await cooperative_of(actor))["name"]
    cards = [_card(cooperative, h) for h in await households.households(actor)]
    pdf = cards_pdf(cards, request.app.state.settings.base_url)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="member-cards.pdf"'},
    )


ROUTES = [one_card, card_sheets]
