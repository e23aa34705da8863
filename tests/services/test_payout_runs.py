"""Advances netted in the balance and a payout run that pays it once, on both databases."""

import asyncio
import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from support_ledger import weigh_in

from coop.domain.actors import Role
from coop.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from coop.exports.payout_lists import payment_list
from coop.exports.sheets import to_csv, to_xlsx
from coop.services import advances, income, payout_runs, payouts, statements
from coop.services.clock import today
from coop.tables import LedgerEntry, Payout


async def fruit_and_advance(world, fruit_g=12_500, advance_fen=3000):
    """H1 sold 125.00 yuan of fruit (12.5 kg at 10.00) and took a 30.00 yuan advance."""
    await weigh_in(world, "H1", fruit_g, 1000, today())
    admin = world.actors[Role.ADMIN]
    return await advances.record_advance(
        admin, world.households["H1"], "advance", "买农药", amount_fen=advance_fen
    )


async def new_run(world):
    admin = world.actors[Role.ADMIN]
    return await payout_runs.create_run(admin, today() - timedelta(days=14), today(), "bank")


def line_of(run, code):
    return next(line for line in run.lines if line.household_code == code)


async def payouts_to(world, code):
    return await Payout.select(Payout.amount_fen).where(Payout.household == world.households[code])


async def test_125_yuan_of_fruit_and_a_30_yuan_advance_leave_95_owed_and_income_unchanged(world):
    advance = await fruit_and_advance(world)
    h1, member = world.households["H1"], world.actors[Role.MEMBER]
    assert (advance.amount_fen, advance.settled_fen, advance.outstanding_fen) == (3000, 3000, 0)
    assert (await payouts.balance(member, h1)).balance_fen == 9500
    statement = await statements.statement(member, h1)
    assert (statement.income_fen, statement.balance_fen) == (12500, 9500)
    deduction = next(e for e in statement.entries if e.kind == "advance")
    assert (deduction.amount_fen, deduction.item) == (-3000, "买农药")
    review = await income.household_review(member, h1, statement.season)
    assert (review.this_season.income_fen, review.balance_fen) == (12500, 9500)
    village = await income.village_review(world.actors[Role.WORK_TEAM], statement.season)
    assert village.this_season.income_fen == 12500  # a deduction, not lower earnings
    assert sum(day.income_fen for day in village.days) == 12500


async def test_a_run_pays_95_leaves_nothing_owed_and_the_advance_settled_and_posts_once(world):
    await fruit_and_advance(world)
    admin, h1 = world.actors[Role.ADMIN], world.households["H1"]
    draft = await new_run(world)
    line = line_of(draft, "H1")
    assert (line.earned_fen, line.deducted_fen, line.owed_fen, line.pay_fen) == (
        12500,
        3000,
        9500,
        9500,
    )
    assert await payouts_to(world, "H1") == []  # a preview writes nothing
    locked = await payout_runs.lock(admin, draft.id)
    assert line_of(locked, "H1").bill_no == f"CP{draft.id:06d}H{h1:08d}"
    posted = await payout_runs.confirm(admin, draft.id)
    again = await payout_runs.confirm(admin, draft.id)
    assert posted == again and posted.status == "posted"
    assert line_of(posted, "H1").paid_fen == 9500
    assert await payouts_to(world, "H1") == [{"amount_fen": 9500}]
    assert (await payouts.balance(admin, h1)).balance_fen == 0
    [advance] = await advances.advances(admin, h1)
    assert (advance.settled_fen, advance.outstanding_fen) == (3000, 0)


async def test_forty_concurrent_confirmations_pay_once(world):
    await fruit_and_advance(world)
    await weigh_in(world, "H2", 4000, 1000, today())
    admin = world.actors[Role.ADMIN]
    run = await new_run(world)
    await payout_runs.lock(admin, run.id)
    results = await asyncio.gather(*(payout_runs.confirm(admin, run.id) for _ in range(40)))
    assert all(result == results[0] for result in results)
    assert await payouts_to(world, "H1") == [{"amount_fen": 9500}]
    assert await payouts_to(world, "H2") == [{"amount_fen": 4000}]
    debits = await LedgerEntry.count().where(
        (LedgerEntry.cooperative == world.cooperative_id) & (LedgerEntry.kind == "payout")
    )
    assert debits == 2


async def test_an_advance_above_the_fruit_money_is_carried_and_the_run_pays_nothing(world):
    await fruit_and_advance(world, fruit_g=2000, advance_fen=3000)  # 20.00 against 30.00
    admin = world.actors[Role.ADMIN]
    [advance] = await advances.advances(admin, world.households["H1"])
    assert (advance.settled_fen, advance.outstanding_fen) == (2000, 1000)
    run = await new_run(world)
    assert (line_of(run, "H1").owed_fen, line_of(run, "H1").pay_fen) == (0, 0)
    await payout_runs.lock(admin, run.id)
    await payout_runs.confirm(admin, run.id)
    assert await payouts_to(world, "H1") == []


async def test_the_board_excludes_or_caps_with_a_reason_and_the_lock_freezes_it(world):
    await fruit_and_advance(world)
    await weigh_in(world, "H2", 4000, 1000, today())
    admin, h1, h2 = world.actors[Role.ADMIN], world.households["H1"], world.households["H2"]
    run = await new_run(world)
    with pytest.raises(InvalidInput):
        await payout_runs.change(admin, run.id, h1, False, 5000, "")
    await payout_runs.change(admin, run.id, h1, False, 5000, "余款待核对")
    await payout_runs.change(admin, run.id, h2, True, None, "账户有误")
    locked = await payout_runs.lock(admin, run.id)
    assert (line_of(locked, "H1").pay_fen, line_of(locked, "H1").reason) == (5000, "余款待核对")
    assert (line_of(locked, "H2").pay_fen, line_of(locked, "H2").excluded) == (0, True)
    with pytest.raises(Conflict):
        await payout_runs.change(admin, run.id, h2, False, None, "")
    posted = await payout_runs.confirm(admin, run.id)
    assert posted.paid_fen == 5000
    assert (await payouts.balance(admin, h1)).balance_fen == 4500


async def test_the_payment_lists_open_and_carry_the_same_unique_bill_numbers_each_time(world):
    await fruit_and_advance(world)
    await weigh_in(world, "H2", 4000, 1000, today())
    admin = world.actors[Role.ADMIN]
    run = await new_run(world)
    await payout_runs.lock(admin, run.id)
    with pytest.raises(NotFound):
        await payout_runs.payment_list(admin, run.id)  # nothing is paid before it is posted
    await payout_runs.confirm(admin, run.id)

    async def bank_numbers() -> list[str]:
        sheet = payment_list("bank", *await payout_runs.payment_list(admin, run.id), "zh_CN")
        book = openpyxl.load_workbook(io.BytesIO(to_xlsx([sheet], "zh_CN")))
        rows = list(book.active.iter_rows(values_only=True))
        assert rows[0][0] == "单号"
        return [row[0] for row in rows[1:]]

    first = await bank_numbers()
    assert len(first) == len(set(first)) == 2
    assert first == await bank_numbers()
    wallet = payment_list("wallet", *await payout_runs.payment_list(admin, run.id), "zh_CN")
    rows = list(csv.reader(io.StringIO(to_csv(wallet, "zh_CN").decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == first
    assert [row[3] for row in rows[1:]] == ["95.00", "40.00"]


async def test_a_failed_transfer_is_owed_again_and_a_line_is_marked_once(world):
    await fruit_and_advance(world)
    admin, h1 = world.actors[Role.ADMIN], world.households["H1"]
    run = await new_run(world)
    await payout_runs.lock(admin, run.id)
    await payout_runs.confirm(admin, run.id)
    marked = await payout_runs.mark(admin, run.id, h1, "failed")
    assert line_of(marked, "H1").status == "failed" and line_of(marked, "H1").marked_at
    assert (await payouts.balance(admin, h1)).balance_fen == 9500
    assert await payout_runs.mark(admin, run.id, h1, "failed") == marked  # a double click
    with pytest.raises(Conflict):
        await payout_runs.mark(admin, run.id, h1, "paid")
    again = await new_run(world)
    assert line_of(again, "H1").pay_fen == 9500


async def test_inputs_on_credit_are_quantity_times_unit_price_and_only_admins_record_them(world):
    h1 = world.households["H1"]
    for role in (Role.WORK_TEAM, Role.CLERK, Role.MEMBER):
        with pytest.raises(Forbidden):
            await advances.record_advance(world.actors[role], h1, "advance", amount_fen=100)
    given = await advances.record_advance(
        world.actors[Role.ADMIN],
        h1,
        "input_credit",
        "树莓苗",
        quantity_milli=2500,
        unit_price_fen=3333,
    )
    assert (given.amount_fen, given.outstanding_fen) == (8333, 8333)
    assert (await payouts.balance(world.actors[Role.MEMBER], h1)).balance_fen == -8333
    with pytest.raises(InvalidInput):
        await advances.record_advance(world.actors[Role.ADMIN], h1, "input_credit", "", 100)
    with pytest.raises(Forbidden):
        await payout_runs.create_run(world.actors[Role.WORK_TEAM], today(), today(), "bank")
