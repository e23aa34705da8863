"""Public pages show no phone, address, income or household weight; names only by consent."""

import pytest

from coop.domain.actors import Role
from coop.domain.money import amount_fen, format_yuan
from coop.domain.weight import format_kg
from coop.i18n import LOCALES
from coop.tables import Cooperative, Household

PRIVATE_PHONE = "13912345678"
PRIVATE_ADDRESS = "幸福路88号"
PRIVATE_NAME = "不公开的王建国"
CONSENTED_NAME = "愿意公开的阿依古丽"
WEIGHT_G = 17_389  # 17.389 kg, an unusual figure that would stand out
INCOME_FEN = 987_654


@pytest.fixture
async def households(coop_world):
    """H1 keeps its name private, H2 consents; both have a phone, an address and an income."""
    for code, name, consent in (("H1", PRIVATE_NAME, False), ("H2", CONSENTED_NAME, True)):
        await Household.update(
            {
                Household.display_name: name,
                Household.consent_public_name: consent,
                Household.phone: PRIVATE_PHONE,
                Household.village_group: PRIVATE_ADDRESS,
                Household.baseline_income_fen: INCOME_FEN,
            }
        ).where(Household.id == coop_world.households[code])
    return coop_world


async def test_public_pages_show_no_phone_address_income_or_weight_and_names_only_by_consent(
    site, households, make_lot
):
    private_lot = await make_lot(households, "H1", WEIGHT_G)
    consented_lot = await make_lot(households, "H2", WEIGHT_G)
    slug = (
        await Cooperative.select(Cooperative.slug)
        .where(Cooperative.id == households.cooperative_id)
        .first()
    )["slug"]
    forbidden = [
        PRIVATE_PHONE,
        PRIVATE_ADDRESS,
        PRIVATE_NAME,
        format_kg(WEIGHT_G),  # "17.389"
        str(WEIGHT_G),
        format_yuan(INCOME_FEN),
        format_yuan(amount_fen(WEIGHT_G, 1000)),  # what the household was paid: 173.89 yuan
    ]
    paths = [
        f"/l/{private_lot}",
        f"/l/{private_lot}/SER1",
        f"/01/06901234567892/10/{private_lot}",
        f"/l/{consented_lot}",
        f"/c/{slug}",
    ]

    for locale in LOCALES:
        for path in paths:
            page = await site.get(f"{path}?lang={locale}")
            assert page.status_code == 200
            for secret in forbidden:
                assert secret not in page.text, (secret, path, locale)
        consented = (await site.get(f"/l/{consented_lot}?lang={locale}")).text
        assert CONSENTED_NAME in consented
        private = (await site.get(f"/l/{private_lot}?lang={locale}")).text
        assert "果子沟村" in private  # the village instead of the name


async def test_withdrawing_consent_removes_the_name_on_the_next_request(site, households, make_lot):
    lot = await make_lot(households, "H2")
    assert CONSENTED_NAME in (await site.get(f"/l/{lot}")).text
    household_id = households.households["H2"]
    current = (
        await site.get(f"/api/v1/households/{household_id}", headers=households.headers(Role.ADMIN))
    ).json()
    fields = {k: v for k, v in current.items() if k != "id"}

    changed = await site.put(
        f"/api/v1/households/{household_id}",
        json={**fields, "consent_public_name": False},
        headers=households.headers(Role.ADMIN),
    )

    assert changed.status_code == 200, changed.text
    assert CONSENTED_NAME not in (await site.get(f"/l/{lot}")).text
