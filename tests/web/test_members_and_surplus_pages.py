"""Members' accounts, the surplus return and the work-ledger pages through httpx, both databases."""

from __future__ import annotations

from datetime import date

from support_ledger import weigh_in

from coop.domain.actors import Role
from coop.services import members
from coop.tables import Household, LedgerEntry, MemberShare
from web.conftest import csrf_of, post_form
from web.test_income_pages import hand_checked_season


async def surplus_posted(world) -> list[int]:
    rows = await LedgerEntry.select(LedgerEntry.amount_fen).where(
        (LedgerEntry.cooperative == world.cooperative_id) & (LedgerEntry.kind == "surplus_return")
    )
    return sorted(row["amount_fen"] for row in rows)


async def test_the_board_records_capital_once_and_members_and_non_members_show_apart(
    visitor, world
):
    await Household.update({Household.is_member: False}).where(
        Household.id == world.households["P1"]
    )
    admin = await visitor(Role.ADMIN)
    form = await admin.get("/members?season=2026")
    assert form.status_code == 200 and 'action="/members/shares"' in form.text
    typed = {
        "_csrf_token": csrf_of(form),
        "key": "share-form-1",
        "household_id": str(world.households["H1"]),
        "kind": "capital",
        "direction": "in",
        "amount": "300元",
        "season": "2026",
        "note": "入股",
    }
    first = await admin.post("/members/shares", data=typed)
    second = await admin.post("/members/shares", data=typed)  # a double tap
    assert first.status_code == second.status_code == 303
    assert await MemberShare.count().where(MemberShare.cooperative == world.cooperative_id) == 1

    page = await admin.get(first.headers["location"])
    assert "已登记。" in page.text
    members_table = page.text.split('data-testid="members"')[1].split("</table>")[0]
    others_table = page.text.split('data-testid="non-members"')[1].split("</table>")[0]
    assert 'data-household="H1"' in members_table and "300.00" in members_table
    assert 'data-household="P1"' not in members_table and 'data-household="P1"' in others_table

    withdrawn = await post_form(
        admin,
        "/members",
        "/members/shares",
        {**typed, "key": "share-form-2", "direction": "out", "amount": "300.01"},
    )
    assert withdrawn.status_code == 409
    assert "H1 户已出资 300.00 元，不能退出 300.01 元。" in withdrawn.text
    assert (await members.accounts(world.actors[Role.ADMIN], 2026))[0].capital_fen == 30000


async def test_the_work_team_cannot_record_shares(visitor, world):
    team = await visitor(Role.WORK_TEAM)
    page = await team.get("/members?season=2026")
    assert page.status_code == 200 and 'action="/members/shares"' not in page.text
    forced = await team.post(
        "/members/shares",
        data={"_csrf_token": csrf_of(page), "household_id": "1", "amount": "1", "season": "2026"},
    )
    assert forced.status_code == 403


async def test_a_surplus_return_is_previewed_by_the_team_and_posted_once_by_the_board(
    visitor, world
):
    for code in ("H1", "H2", "P1"):  # three members with equal volumes
        await weigh_in(world, code, 10_000, 1000, date(2026, 7, 1))
    terms = {"season": "2026", "surplus": "1000.01", "reserve_percent": "0"}
    team = await visitor(Role.WORK_TEAM)
    refused = await post_form(
        team, "/surplus?season=2026", "/surplus/preview", {**terms, "volume_share_percent": "59"}
    )
    assert refused.status_code == 422
    assert "不得低于可分配盈余的60%（《农民专业合作社法》第四十四条）；59%太少。" in refused.text
    preview = await post_form(
        team, "/surplus?season=2026", "/surplus/preview", {**terms, "volume_share_percent": "100"}
    )
    assert preview.status_code == 200
    returns = preview.text.split('data-testid="returns"')[1].split("</table>")[0]
    assert returns.count("333.34") == 2 * 2 and returns.count("333.33") == 2  # part and total
    assert "1000.01" in preview.text.split('data-testid="returned"')[1][:200]
    assert 'action="/surplus/confirm"' not in preview.text
    forced = await team.post(
        "/surplus/confirm",
        data={**terms, "volume_share_percent": "100", "_csrf_token": csrf_of(preview)},
    )
    assert forced.status_code == 403
    assert await surplus_posted(world) == []

    admin = await visitor(Role.ADMIN)
    checked = await post_form(
        admin, "/surplus?season=2026", "/surplus/preview", {**terms, "volume_share_percent": "100"}
    )
    assert 'action="/surplus/confirm"' in checked.text
    confirm = {**terms, "volume_share_percent": "100", "_csrf_token": csrf_of(checked)}
    first = await admin.post("/surplus/confirm", data=confirm)
    second = await admin.post("/surplus/confirm", data=confirm)  # a second click
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == "/surplus?season=2026"
    assert await surplus_posted(world) == [33333, 33334, 33334]
    posted = await admin.get("/surplus?season=2026")
    assert 'data-testid="posted"' in posted.text and 'action="/surplus/preview"' not in posted.text
    assert "1000.01" in posted.text


async def test_the_work_ledger_page_prints_the_village_season_on_a4(visitor, world):
    await hand_checked_season(world)
    team = await visitor(Role.WORK_TEAM)
    page = await team.get("/income/summary?season=2026")
    assert page.status_code == 200
    assert "size: A4" in page.text and "工作台账" in page.text and "合作社" in page.text
    assert "800.00" in page.text.split('data-testid="summary-income"')[1][:200]
    rows = page.text.split('data-testid="summary-households"')[1].split("</table>")[0]
    assert [code for code in ("H1", "H2", "P1") if f'data-household="{code}"' in rows] == [
        "H1",
        "H2",
        "P1",
    ]
    assert "+300.00" in rows and "+60.0%" in rows
    assert "填表人" in page.text and "审核人" in page.text
    assert (await (await visitor(Role.MEMBER)).get("/income/summary")).status_code == 403


async def test_a_households_page_lists_its_entries_and_its_ledger_downloads_only_its_own(
    visitor, world
):
    await hand_checked_season(world)
    await weigh_in(world, "H2", 5_000, 1000, date(2026, 7, 2))
    member = await visitor(Role.MEMBER)  # linked to H1
    own = await member.get(f"/income/households/{world.households['H1']}?season=2026")
    entries = own.text.split('data-testid="entries"')[1].split("</table>")[0]
    assert entries.count("<tr>") == 1 + 3  # the head and three entries
    assert "300.00" in entries and "200.00" in entries and "收购" in entries
    csv = await member.get(f"/income/ledger.csv?season=2026&household_id={world.households['H2']}")
    assert csv.status_code == 200
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 3 and all(",H1," in line for line in lines[1:])
