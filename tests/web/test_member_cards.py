"""Printing member cards, and a scanned card opening that household's weigh form."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

from PIL import Image
from support_labels import decode

from coop.domain.actors import Role


async def test_a_clerk_prints_a_card_whose_qr_opens_the_households_weigh_form(visitor, world):
    clerk = await visitor(Role.CLERK)
    household = world.households["H2"]
    png = await clerk.get(f"/households/{household}/card.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    [scanned] = decode(Image.open(io.BytesIO(png.content)))
    assert scanned.endswith("/weigh/card/H2")
    opened = await clerk.get(urlsplit(scanned).path)
    assert opened.status_code == 303
    assert opened.headers["location"] == f"/weigh/{household}"
    form = await clerk.get(opened.headers["location"])
    assert form.status_code == 200 and "阿依古丽" in form.text


async def test_an_unknown_card_says_so_and_a_grower_cannot_print_cards(visitor, world):
    clerk = await visitor(Role.CLERK)
    unknown = await clerk.get("/weigh/card/ZZ999")
    assert unknown.status_code == 404 and "ZZ999" in unknown.text
    grower = await visitor(Role.MEMBER)
    assert (await grower.get(f"/households/{world.households['H1']}/card.png")).status_code == 403
    assert (await grower.get("/households/cards.pdf")).status_code == 403


async def test_an_admin_prints_every_active_households_card_on_a4(visitor, world):
    admin = await visitor(Role.ADMIN)
    pdf = await admin.get("/households/cards.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and pdf.content.count(b"/Type /Page ") == 1
