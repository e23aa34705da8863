"""承诺达标合格证 in Chromium, on SQLite and on PostgreSQL: a certificate collected at the weigh
form, three households' lots sold in one mixed line, the packing slip's certificate QR scanned by
zbar and opened on a phone."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import httpx
import pytest
from PIL import Image
from playwright.async_api import expect
from support_labels import decode

from browser.conftest import PHONE, sign_in
from coop.domain.actors import Role

pytestmark = pytest.mark.browser


async def test_three_households_lots_sold_mixed_get_one_certificate_on_the_slip_and_its_qr_opens_it(
    browser, new_page, server, world
):
    desk = await browser.new_context(  # a high-density screen, so the slip's QR is sharp
        viewport=PHONE, locale="zh-CN", base_url=server, device_scale_factor=3
    )
    clerk = await desk.new_page()
    await sign_in(clerk, world.phones[Role.CLERK])
    await clerk.goto(f"/weigh/{world.households['H1']}")
    await clerk.fill("#weight", "5")
    await clerk.fill("#certificate_no", "HGZ-2026-0001")
    await clerk.get_by_role("button", name="保存过磅").click()
    await expect(clerk).to_have_url(re.compile(r"/receipts/\d+"))

    headers = world.headers(Role.CLERK)
    async with httpx.AsyncClient(base_url=server, headers=headers) as api:
        lots = [(await api.get("/api/v1/weighins")).json()[0]]
        assert lots[0]["weight_g"] == 5000
        for household, grams, certificate in (
            ("H2", 4000, {"certificate_no": "HGZ-2026-0002"}),
            ("P1", 3000, {"certificate_on_behalf": True}),
        ):
            weighed = await api.post(
                "/api/v1/weighins",
                json={
                    "household_id": world.households[household],
                    "product_id": world.fruit_id,
                    "weight_g": grams,
                    **certificate,
                },
            )
            assert weighed.status_code == 201, weighed.text
            lots.append(weighed.json())
        picks = [{"lot_code": lot["lot_code"], "weight_g": 1000} for lot in lots]
        line = {"product_id": world.fruit_id, "weight_g": 3000, "lots": picks}
        order = await api.post(
            "/api/v1/orders", json={"channel": "shop", "lines": [line], "total_fen": 6000}
        )
        assert order.status_code == 201, order.text
        order_id = order.json()["id"]
        [certificate] = (await api.get(f"/api/v1/certificates/orders/{order_id}")).json()
    assert sorted(s["lot_code"] for s in certificate["sources"]) == sorted(
        lot["lot_code"] for lot in lots
    )

    await clerk.goto(f"/orders/{order_id}/slip")
    on_slip = clerk.get_by_test_id("slip-certificate")
    await expect(on_slip).to_contain_text("承诺达标合格证")
    await expect(on_slip).to_contain_text(certificate["number"])
    qr = on_slip.locator("svg")
    await qr.scroll_into_view_if_needed()
    shot = await qr.screenshot(path="/tmp/coop-slip-qr.png")
    [url] = decode(Image.open(io.BytesIO(shot)))
    assert urlsplit(url).path == f"/cert/{certificate['number']}"

    buyer = await new_page()
    await buyer.goto(urlsplit(url).path)
    card = buyer.get_by_test_id("certificate")
    await expect(buyer.locator("h1")).to_have_text("承诺达标合格证")
    for shown in (certificate["number"], "鲜树莓", "果子沟村", "3 kg", "内部质量控制"):
        await expect(card).to_contain_text(shown)
    for lot in lots:
        await expect(card).to_contain_text(lot["lot_code"])
    text = await buyer.locator("body").inner_text()
    for private in ("13800001111", "王建国", "HGZ-2026-0001"):
        assert private not in text
    await buyer.screenshot(path="/tmp/coop-certificate.png", full_page=True)

    await clerk.goto("/certificates")
    await expect(clerk.get_by_test_id("issued")).to_contain_text(certificate["number"])
    await expect(clerk.get_by_test_id("received")).to_contain_text("HGZ-2026-0001")
    await clerk.fill("#find", f"#{order_id}")
    await clerk.get_by_role("button", name="查找").click()
    await expect(clerk.get_by_test_id("found")).to_contain_text(certificate["number"])
    await desk.close()
