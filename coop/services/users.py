"""Users: created by name of cooperative and household code (the CLI's way in); preferences."""

from __future__ import annotations

from coop.db import write
from coop.domain.actors import Actor, Role
from coop.domain.errors import InvalidInput, NotFound
from coop.i18n import LOCALES
from coop.services.auth import create_user
from coop.tables import Cooperative, Household, User


async def create_user_in(
    slug: str, phone: str, name: str, password: str, role: Role, household_code: str | None
) -> int:
    cooperative = await Cooperative.select(Cooperative.id).where(Cooperative.slug == slug).first()
    if cooperative is None:
        raise NotFound("No cooperative {slug}.", code="cooperative_not_found", slug=slug)
    household_id = None
    if household_code is not None:
        household = (
            await Household.select(Household.id)
            .where(
                (Household.cooperative == cooperative["id"]) & (Household.code == household_code)
            )
            .first()
        )
        if household is None:
            raise NotFound(
                "No household {household} in {slug}.",
                code="household_not_found",
                household=household_code,
                slug=slug,
            )
        household_id = household["id"]
    return await create_user(cooperative["id"], phone, name, password, role, household_id)


async def save_locale(actor: Actor, locale: str) -> None:
    """A user's language is remembered for every device they sign in on."""
    if locale not in LOCALES:
        raise InvalidInput("Unknown language {locale}.", code="unknown_locale", locale=locale)
    async with write():
        await User.update({User.locale: locale}).where(User.id == actor.user_id)
