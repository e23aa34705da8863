"""The advances and payout-run pages through httpx, both databases: forms save once, refusals say
why, and a household's statement shows its deductions."""

from __future__ import annotations

import csv
import io
import re

from support_ledger import weigh_in

from coop.domain.actors import Role
from coop.services.clock import today
from coop.tables import Advance, Payout
from web.conftest import csrf_of, post_form


async def test_the_accountant_records_inputs_on_credit_once_and_the_statement_shows_them(
    visitor, world
):
    await weigh_in(world, "H1", 12_500, 1000, today())
    admin = await visitor(Role.ADMIN)
    form = await admin.get("/advances")
    assert form.status_code == 200 and "登记预支款或赊销农资" in form.text
    typed = {
        "_csrf_token": csrf_of(form),
        "key": "advance-form-1",
        "household_id": str(world.households["H1"]),
        "kind": "input_credit",
        "item": "化肥",
        "quantity": "2.5",
        "unit_price": "12",
    }
    first = await admin.post("/advances", data=typed)
    second = await admin.post("/advances", data=typed)  # a double tap
    assert first.status_code == second.status_code == 303
    assert await Advance.count().where(Advance.cooperative == world.cooperative_id) == 1
    listed = await admin.get(first.headers["location"])
    assert "已登记。" in listed.text and "已还清" in listed.text

    member = await visitor(Role.MEMBER)
    statement = await member.get(f"/households/{world.households['H1']}/statement")
    deduction = statement.text.split('data-testid="deduction"')[1].split("</div>")[0]
    assert "从应付款中扣除" in deduction and "化肥" in deduction and "2.5" in deduction
    balance = statement.text.split('data-testid="balance"')[1].split("</div>")[0]
    assert "95.00" in balance  # 125.00 of fruit less 2.5 bags at 12.00
    income = statement.text.split('data-testid="income"')[1].split("</div>")[0]
    assert "125.00" in income


async def test_a_bad_quantity_is_refused_next_to_its_field_and_nothing_is_written(visitor, world):
    admin = await visitor(Role.ADMIN)
    refused = await post_form(
        admin,
        "/advances",
        "/advances",
        {
            "household_id": str(world.households["H1"]),
            "kind": "input_credit",
            "item": "树莓苗",
            "quantity": "2.5袋",
            "unit_price": "3",
        },
    )
    assert refused.status_code == 422
    assert "不是数量" in refused.text
    assert await Advance.count().where(Advance.cooperative == world.cooperative_id) == 0


async def test_only_the_accountant_opens_the_money_out_pages(visitor, world):
    team = await visitor(Role.WORK_TEAM)
    assert (await team.get("/advances")).status_code == 403
    assert (await team.get("/payout-runs")).status_code == 403


async def test_a_run_is_previewed_capped_locked_confirmed_twice_and_exported(visitor, world):
    await weigh_in(world, "H1", 12_500, 1000, today())
    await weigh_in(world, "H2", 4000, 1000, today())
    admin = await visitor(Role.ADMIN)
    created = await post_form(
        admin,
        "/payout-runs",
        "/payout-runs",
        {
            "key": "run-1",
            "start": today().isoformat(),
            "end": today().isoformat(),
            "method": "bank",
        },
    )
    assert created.status_code == 303
    run_path = created.headers["location"]
    preview = await admin.get(run_path)
    assert "这是预览" in preview.text and "165.00" in preview.text

    no_reason = await post_form(
        admin,
        run_path,
        f"{run_path}/changes",
        {"household_id": str(world.households["H2"]), "excluded": "on"},
    )
    assert no_reason.status_code == 422 and "请说明为何排除此户" in no_reason.text
    capped = await post_form(
        admin,
        run_path,
        f"{run_path}/changes",
        {"household_id": str(world.households["H1"]), "cap": "100", "reason": "核对中"},
    )
    assert capped.status_code == 303
    for step in ("lock", "confirm", "confirm"):
        answer = await post_form(admin, run_path, f"{run_path}/{step}", {})
        assert answer.status_code == 303, step
    posted = await admin.get(run_path)
    assert "已入账" in posted.text and "140.00" in posted.text
    paid = await Payout.select(Payout.amount_fen, Payout.reference).where(
        Payout.cooperative == world.cooperative_id
    )
    assert sorted(p["amount_fen"] for p in paid) == [4000, 10000]

    lists = [await admin.get(f"{run_path}/bank.csv") for _ in range(2)]
    assert lists[0].content == lists[1].content
    rows = list(csv.reader(io.StringIO(lists[0].content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["单号", "收款人姓名"]
    assert sorted(row[0] for row in rows[1:]) == sorted(p["reference"] for p in paid)
    assert all(re.fullmatch(r"CP\d{6}H\d{8}", row[0]) for row in rows[1:])
    wallet = await admin.get(f"{run_path}/wallet.xlsx")
    assert wallet.status_code == 200 and wallet.content[:2] == b"PK"

    marked = await post_form(
        admin, run_path, f"{run_path}/lines/{world.households['H2']}", {"status": "paid"}
    )
    assert marked.status_code == 303
    line = (await admin.get(run_path)).text.split('data-household="H2"')[1].split("</li>")[0]
    assert "已付款" in line


async def test_the_money_out_pages_read_right_to_left_in_uyghur(visitor, world):
    await weigh_in(world, "H1", 12_500, 1000, today())
    admin = await visitor(Role.ADMIN)
    chosen = await post_form(admin, "/advances", "/language", {"locale": "ug", "next": "/"})
    assert chosen.status_code == 303
    created = await post_form(
        admin,
        "/payout-runs",
        "/payout-runs",
        {"start": today().isoformat(), "end": today().isoformat(), "method": "wechat"},
    )
    for path in ("/advances", "/payout-runs", created.headers["location"]):
        page = await admin.get(path)
        assert page.status_code == 200 and 'dir="rtl"' in page.text, path
    run = await admin.get(created.headers["location"])
    assert "تۈركۈم پۇل تۆلەش" in run.text and "<bdi>" in run.text
