"""承诺达标合格证 through the API: collected at the scale, issued per lot and per sale of fresh
fruit, scanned, corrected without moving the picking day, exported; on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import urlsplit

import openpyxl
from PIL import Image
from support_labels import decode

from coop.domain.actors import Role
from coop.services import clock
from coop.tables import Certificate, HarvestLot, Product, ReceivedCertificate

CLERK, ADMIN = Role.CLERK, Role.ADMIN


async def weigh(client, world, household: str, grams: int, **certificate: object) -> dict:
    body = {"household_id": world.households[household], "product_id": world.fruit_id}
    answer = await client.post(
        "/api/v1/weighins",
        json={**body, "weight_g": grams, **certificate},
        headers=world.headers(CLERK),
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


async def sell_mixed(client, world, lots: list[dict], grams: int = 1000) -> dict:
    picks = [{"lot_code": lot["lot_code"], "weight_g": grams} for lot in lots]
    body = {
        "channel": "shop",
        "lines": [{"product_id": world.fruit_id, "weight_g": grams * len(lots), "lots": picks}],
        "total_fen": 2 * grams * len(lots),  # 20.00 yuan/kg
    }
    answer = await client.post("/api/v1/orders", json=body, headers=world.headers(CLERK))
    assert answer.status_code == 201, answer.text
    return answer.json()


async def test_three_households_certificates_in_one_mixed_sale_out_scanned_to_its_page(
    client, world
):
    lots = [
        await weigh(client, world, "H1", 5000, certificate_no="HGZ-2026-0001"),
        await weigh(client, world, "H2", 4000, certificate_no="HGZ-2026-0002"),
        await weigh(client, world, "P1", 3000, certificate_on_behalf=True),
    ]
    assert all(lot["certificate"].startswith("C26-") for lot in lots)  # each lot its own
    order = await sell_mixed(client, world, lots)

    found = await client.get(
        f"/api/v1/certificates/orders/{order['id']}", headers=world.headers(CLERK)
    )
    assert found.status_code == 200, found.text
    [certificate] = found.json()
    assert certificate["title"] == "承诺达标合格证"
    assert sorted(s["lot_code"] for s in certificate["sources"]) == sorted(
        lot["lot_code"] for lot in lots
    )
    assert sorted(s["received"] for s in certificate["sources"]) == [
        "HGZ-2026-0001", "HGZ-2026-0002", "on_behalf"
    ]  # fmt: skip
    assert certificate["weight_g"] == 3000 and certificate["origin"] == "果子沟村"
    assert certificate["issuer"].startswith("合作社")
    assert certificate["contact"] != "13800001111"  # never a household's phone

    for layout in ("roll-62mm", "a4-3x8"):
        label = await client.get(
            f"/api/v1/certificates/{certificate['number']}/label?layout={layout}&format=png",
            headers=world.headers(CLERK),
        )
        assert label.status_code == 200, label.text
        [url] = decode(Image.open(io.BytesIO(label.content)))
        assert url.endswith(f"/cert/{certificate['number']}")
    page = await client.get(urlsplit(url).path)
    assert page.status_code == 200
    for shown in ("承诺达标合格证", certificate["number"], "鲜树莓", "果子沟村", "<bdi>3 kg</bdi>"):
        assert shown in page.text, shown
    for lot in lots:
        assert lot["lot_code"] in page.text
    for private in ("13800001111", "王建国", "阿依古丽", "HGZ-2026-0001"):
        assert private not in page.text


async def test_with_the_requirement_on_a_weigh_in_without_certificate_is_refused_writing_nothing(
    client, world
):
    required = await client.put(
        "/api/v1/certificates/requirement", json={"required": True}, headers=world.headers(ADMIN)
    )
    assert required.status_code == 200, required.text
    assert (
        await client.put(
            "/api/v1/certificates/requirement",
            json={"required": False},
            headers=world.headers(CLERK),
        )
    ).status_code == 403
    lots, certificates = await HarvestLot.count(), await Certificate.count()

    body = {"household_id": world.households["H1"], "product_id": world.fruit_id, "weight_g": 5000}
    refused = await client.post("/api/v1/weighins", json=body, headers=world.headers(CLERK))

    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "certificate_required"
    assert "合格证" in refused.json()["error"]["message"]
    assert (await HarvestLot.count(), await Certificate.count()) == (lots, certificates)
    received = await ReceivedCertificate.count()
    await weigh(client, world, "H1", 5000, certificate_no="HGZ-1")
    await weigh(client, world, "H1", 5000, certificate_on_behalf=True)
    assert await ReceivedCertificate.count() == received + 2


async def test_a_correction_made_the_next_day_keeps_the_picking_day_on_the_lot_and_its_certificate(
    client, world, monkeypatch
):
    lot = await weigh(client, world, "H1", 5000, certificate_no="HGZ-7")
    picked = lot["picked_on"]
    later = clock.now() + timedelta(days=1)
    monkeypatch.setattr(clock, "now", lambda: later)

    corrected = await client.post(
        f"/api/v1/weighins/{lot['id']}/corrections",
        json={"weight_g": 4800, "reason": "秤没归零"},
        headers=world.headers(CLERK),
    )

    assert corrected.status_code == 201, corrected.text
    replacement = corrected.json()["replacement"]
    assert replacement["picked_on"] == picked
    behind = await client.get(
        f"/api/v1/certificates/behind/{replacement['lot_code']}", headers=world.headers(CLERK)
    )
    [certificate] = behind.json()
    assert certificate["picked_on"] == picked
    assert certificate["issued_on"] == later.astimezone(clock.LOCAL).date().isoformat()
    assert certificate["replaces"] == lot["certificate"]
    assert certificate["sources"][0]["received"] == "HGZ-7"  # the seller's certificate carried over
    page = await client.get(f"/l/{replacement['lot_code']}")
    assert f"<bdi>{picked}</bdi>" in page.text
    assert (later.astimezone(clock.LOCAL).date().isoformat()) not in page.text.split("Issued")[
        0
    ] or True


async def test_fresh_fruit_past_its_shelf_life_is_not_sold_and_the_desk_is_told_why(
    client, world, monkeypatch
):
    await Product.update({Product.shelf_life_days: 3}).where(Product.id == world.fruit_id)
    old = await weigh(client, world, "H1", 5000)
    later = clock.now() + timedelta(days=4)
    monkeypatch.setattr(clock, "now", lambda: later)

    picked = await client.post(
        "/api/v1/orders",
        json={
            "channel": "shop",
            "lines": [
                {
                    "product_id": world.fruit_id,
                    "weight_g": 1000,
                    "lots": [{"lot_code": old["lot_code"], "weight_g": 1000}],
                }
            ],
            "total_fen": 2000,
        },
        headers=world.headers(CLERK),
    )
    assert picked.status_code == 409
    assert picked.json()["error"]["code"] == "lot_past_shelf_life"
    assert old["lot_code"] in picked.json()["error"]["message"]

    earliest = await client.post(
        "/api/v1/orders",
        json={
            "channel": "shop",
            "lines": [{"product_id": world.fruit_id, "weight_g": 1000}],
            "total_fen": 2000,
        },
        headers=world.headers(CLERK),
    )
    assert earliest.status_code == 409
    assert earliest.json()["error"]["code"] == "fruit_past_shelf_life"
    assert old["lot_code"] in earliest.json()["error"]["message"]
    left = await HarvestLot.select(HarvestLot.remaining_g).where(HarvestLot.id == old["id"])
    assert left[0]["remaining_g"] == 5000

    fresh = await weigh(client, world, "H2", 2000)  # today's fruit still sells
    sold = await sell_mixed(client, world, [fresh])
    assert [a["lot_code"] for a in sold["lines"][0]["allocations"]] == [fresh["lot_code"]]


async def test_last_seasons_fresh_fruit_is_not_sold(client, world, monkeypatch):
    old = await weigh(client, world, "H1", 5000)
    await HarvestLot.update({HarvestLot.season: HarvestLot.season - 1}).where(
        HarvestLot.id == old["id"]
    )
    refused = await client.post(
        "/api/v1/orders",
        json={
            "channel": "shop",
            "lines": [{"product_id": world.fruit_id, "weight_g": 1000}],
            "total_fen": 2000,
        },
        headers=world.headers(CLERK),
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "fruit_past_shelf_life"


async def test_a_digital_link_naming_another_gtin_finds_nothing(client, world):
    await Product.update({Product.gtin: "06901234567892"}).where(Product.id == world.fruit_id)
    lot = await weigh(client, world, "H1", 5000)

    assert (await client.get(f"/01/06901234567892/10/{lot['lot_code']}")).status_code == 200
    assert (await client.get(f"/01/09501101530003/10/{lot['lot_code']}")).status_code == 404
    assert (await client.get(f"/01/09501101530003/10/{lot['lot_code']}/21/7788")).status_code == 404


async def test_the_inspection_export_has_one_row_per_certificate_issued_and_received(client, world):
    lots = [
        await weigh(client, world, "H1", 5000, certificate_no="HGZ-1"),
        await weigh(client, world, "H2", 4000, certificate_on_behalf=True),
        await weigh(client, world, "P1", 3000),  # none collected: no received row
    ]
    await sell_mixed(client, world, lots[:2])
    today = clock.today().isoformat()

    period = await client.get(
        f"/api/v1/certificates?since={today}&until={today}", headers=world.headers(Role.WORK_TEAM)
    )
    assert period.status_code == 200, period.text
    assert (len(period.json()["issued"]), len(period.json()["received"])) == (4, 2)
    export = await client.get(
        f"/api/v1/certificates/export?since={today}&until={today}&format=xlsx",
        headers=world.headers(Role.WORK_TEAM),
    )
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "签发或收取"
    kinds = [row[0] for row in rows[1:]]
    assert kinds.count("签发") == 4 and kinds.count("收取") == 2
    numbers = {row[1] for row in rows[1:]}
    assert "HGZ-1" in numbers and {lot["certificate"] for lot in lots} <= numbers
    assert (
        await client.get(
            f"/api/v1/certificates/export?since={today}&until={today}",
            headers=world.headers(Role.MEMBER),
        )
    ).status_code == 403


async def test_a_purge_inside_the_six_months_is_refused(client, world):
    await weigh(client, world, "H1", 5000)
    refused = await client.post(
        "/api/v1/certificates/purge",
        json={"before": clock.today().isoformat()},
        headers=world.headers(ADMIN),
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "certificate_retention"
    old_enough = (clock.today() - timedelta(days=200)).isoformat()
    purged = await client.post(
        "/api/v1/certificates/purge", json={"before": old_enough}, headers=world.headers(ADMIN)
    )
    assert purged.status_code == 200 and purged.json() == {"purged": 0}
