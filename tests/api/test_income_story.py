"""The work team's income review, its exports and the board's payouts through the JSON API."""

import io
import xml.etree.ElementTree as ET
from datetime import date

import openpyxl
from support_ledger import processing_fee, weigh_in

from coop.domain.actors import Role

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def hand_checked_season(world) -> None:
    await weigh_in(world, "H1", 30_000, 1000, date(2026, 7, 1))
    await processing_fee(world, "H1", 20000, date(2026, 7, 4))
    await weigh_in(world, "H1", 30_000, 1000, date(2026, 7, 8))


async def test_the_work_team_reviews_a_household_and_a_member_only_its_own(client, world):
    await hand_checked_season(world)
    h1, h2 = world.households["H1"], world.households["H2"]
    url = f"/api/v1/income/review/households/{h1}?season=2026"
    review = (await client.get(url, headers=world.headers(Role.WORK_TEAM))).json()
    assert review["this_season"]["income_fen"] == 80000
    assert (review["gain_fen"], review["gain_percent"]) == (30000, "+60.0%")
    assert review["caught_up_on"] == "2026-07-08"

    member = world.headers(Role.MEMBER)  # linked to H1
    assert (await client.get(url, headers=member)).status_code == 200
    other = await client.get(f"/api/v1/income/review/households/{h2}", headers=member)
    assert other.status_code == 403
    assert (await client.get("/api/v1/income/review", headers=member)).status_code == 403


async def test_the_village_review_downloads_as_xlsx_and_csv_with_chinese_headers(client, world):
    await hand_checked_season(world)
    headers = world.headers(Role.WORK_TEAM)
    xlsx = await client.get("/api/v1/income/review/export?season=2026&format=xlsx", headers=headers)
    assert xlsx.status_code == 200, xlsx.text
    assert xlsx.headers["content-type"] == XLSX
    assert 'filename="income-2026.xlsx"' in xlsx.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("户号", "户名", "社员")
    assert [row[0] for row in rows[1:]] == ["H1", "H2", "P1"]
    assert rows[1][6] == 800 and rows[1][7] == 80000  # yuan as a number, fen as an integer
    assert sheet.cell(row=2, column=7).number_format == "0.00"

    csv = await client.get("/api/v1/income/review/export?season=2026&format=csv", headers=headers)
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("户号,户名,社员,售果收入（元）")
    assert lines[1].startswith("H1,王建国,是,600.00,200.00,0.00,800.00,80000,60,")


async def test_the_ledger_exports_one_sortable_row_per_entry(client, world):
    await hand_checked_season(world)
    url = "/api/v1/income/ledger/export?season=2026&format=xlsx"
    response = await client.get(url, headers=world.headers(Role.ADMIN))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[0] == (
        "日期", "户号", "户名", "类别", "金额（元）", "金额（分）", "批号/凭证", "原因", "记账号"
    )  # fmt: skip
    body = rows[1:]
    assert [(r[0].date(), r[3], r[4], r[5]) for r in body] == [
        (date(2026, 7, 1), "售果", 300, 30000),
        (date(2026, 7, 4), "加工费", 200, 20000),
        (date(2026, 7, 8), "售果", 300, 30000),
    ]
    assert body[0][6].startswith("H26-")  # the harvest lot's code


async def test_charts_are_svg_with_data(client, world):
    await hand_checked_season(world)
    headers = world.headers(Role.WORK_TEAM)
    response = await client.get(
        "/api/v1/income/charts/village?chart=cumulative&season=2026", headers=headers
    )
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.text)
    assert len(root.findall(".//{http://www.w3.org/2000/svg}circle")) == 3
    gains = await client.get(
        "/api/v1/income/charts/village?chart=gains&season=2026", headers=headers
    )
    assert len(ET.fromstring(gains.text).findall(".//{http://www.w3.org/2000/svg}rect")) == 3


async def test_payouts_are_for_admins_and_never_above_the_balance(client, world):
    await hand_checked_season(world)  # owed 800.00
    body = {"household_id": world.households["H1"], "amount_fen": 80001, "method": "cash"}
    refused = await client.post("/api/v1/payouts", json=body, headers=world.headers(Role.WORK_TEAM))
    assert refused.status_code == 403
    above = await client.post("/api/v1/payouts", json=body, headers=world.headers(Role.ADMIN))
    assert above.status_code == 409
    assert above.json()["error"]["message"] == "付款 800.01 元超过应付余额 800.00 元。"
    paid = await client.post(
        "/api/v1/payouts",
        json={**body, "amount_fen": 50000, "method": "wechat", "reference": "4200009"},
        headers=world.headers(Role.ADMIN),
    )
    assert paid.status_code == 201, paid.text
    balance = await client.get(
        f"/api/v1/balances/{world.households['H1']}", headers=world.headers(Role.MEMBER)
    )
    assert balance.json()["balance_fen"] == 30000


async def test_the_board_previews_and_confirms_the_surplus_return_once(client, world):
    for code in ("H1", "H2", "P1"):
        await weigh_in(world, code, 10_000, 1000, date(2026, 7, 1))
    terms = {"season": 2026, "surplus_fen": 100001, "reserve_percent": 0}
    admin = world.headers(Role.ADMIN)
    too_little = await client.post(
        "/api/v1/surplus-returns/preview", json={**terms, "volume_share_percent": 59}, headers=admin
    )
    assert too_little.status_code == 422
    assert "第四十四条" in too_little.json()["error"]["message"]
    terms["volume_share_percent"] = 100
    preview = await client.post("/api/v1/surplus-returns/preview", json=terms, headers=admin)
    assert sum(r["total_fen"] for r in preview.json()["returns"]) == 100001
    work_team = await client.post(
        "/api/v1/surplus-returns/confirm", json=terms, headers=world.headers(Role.WORK_TEAM)
    )
    assert work_team.status_code == 403
    first = await client.post("/api/v1/surplus-returns/confirm", json=terms, headers=admin)
    second = await client.post("/api/v1/surplus-returns/confirm", json=terms, headers=admin)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert first.json()["returned_fen"] == 100001


async def test_members_accounts_show_shares_and_volume_and_lists_answer(client, world):
    await hand_checked_season(world)
    admin, h1 = world.headers(Role.ADMIN), world.households["H1"]
    share = {"household_id": h1, "season": 2026, "kind": "capital", "amount_fen": 100000}
    created = await client.post("/api/v1/members/shares", json=share, headers=admin)
    assert created.status_code == 201, created.text
    wrong = await client.post(
        "/api/v1/members/shares", json={**share, "kind": "gift"}, headers=admin
    )
    assert wrong.status_code in (400, 422)
    accounts = (await client.get("/api/v1/members/accounts?season=2026", headers=admin)).json()
    assert [(a["household_code"], a["capital_fen"], a["volume_fen"]) for a in accounts][0] == (
        "H1",
        100000,
        80000,
    )
    shares = await client.get("/api/v1/members/shares", headers=world.headers(Role.MEMBER))
    assert [s["amount_fen"] for s in shares.json()] == [100000]
    balances = (await client.get("/api/v1/balances", headers=admin)).json()
    assert {b["household_code"]: b["balance_fen"] for b in balances} == {
        "H1": 80000,
        "H2": 0,
        "P1": 0,
    }
    assert (await client.get("/api/v1/payouts", headers=admin)).json() == []
    missing = await client.get("/api/v1/surplus-returns/2026", headers=admin)
    assert missing.status_code == 404
