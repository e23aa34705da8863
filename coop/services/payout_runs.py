"""Payout runs: a draft the board previews and adjusts, locked, then posted exactly once.

Only those who pay (Action.PAY, admins) run them. Confirming posts one payout per line through
services/payouts.py in ONE transaction; the run's own conditional UPDATE (locked → posted) lets
exactly one confirmation in, so a second one, or forty at once, posts nothing more. A line marked
failed has its payout reversed: the household is owed it again and a later run pays it.
"""

from __future__ import annotations

from datetime import date

import msgspec

from coop.db import lock_rows, sql, write
from coop.domain.actors import Action, Actor
from coop.domain.china_time import checked_day
from coop.domain.errors import Conflict, InvalidInput, NotFound
from coop.domain.payout_runs import (
    LineStatus,
    RunStatus,
    bill_number,
    check_change,
    check_period,
    check_run_method,
    check_status,
)
from coop.domain.statement import EntryKind
from coop.services import clock, idempotency, ledger
from coop.services.audit import audit
from coop.services.lookup import household_of
from coop.services.payout_run_views import RunView, draft_lines, run_row, run_view
from coop.services.payouts import balance_of, lock_household, post_payout
from coop.tables import Household, PayoutRun, PayoutRunChange, PayoutRunLine

RUN, LINE = PayoutRun._meta.tablename, PayoutRunLine._meta.tablename


async def create_run(
    actor: Actor, start: date, end: date, method: str, idempotency_key: str | None = None
) -> RunView:
    """A draft run for a period: nothing is frozen or paid until it is locked and confirmed."""
    actor.require(Action.PAY)
    check_period(checked_day(start), checked_day(end))
    paid_by = check_run_method(method)

    async def create() -> int:
        run = PayoutRun(
            cooperative=actor.cooperative_id,
            period_start=start,
            period_end=end,
            method=paid_by.value,
            status=RunStatus.DRAFT.value,
            created_by=actor.user_id,
            created_at=clock.now(),
        )
        await run.save()
        await audit(actor, "payout_run_created", "payout_run", run.id, start=str(start))
        return int(run.id)

    payload = [start.isoformat(), end.isoformat(), method]
    run_id = await idempotency.once(actor, "payout_run", idempotency_key, payload, create)
    return await run_view(actor, run_id)


async def runs(actor: Actor) -> list[RunView]:
    """Newest first, without their lines."""
    actor.require(Action.PAY)
    rows = await (
        PayoutRun.select(PayoutRun.id)
        .where(PayoutRun.cooperative == actor.cooperative_id)
        .order_by(PayoutRun.id, ascending=False)
        .limit(50)
    )
    return [msgspec.structs.replace(await run_view(actor, r["id"]), lines=[]) for r in rows]


async def run(actor: Actor, run_id: int) -> RunView:
    actor.require(Action.PAY)
    return await run_view(actor, run_id)


async def change(
    actor: Actor, run_id: int, household_id: int, excluded: bool, cap_fen: int | None, reason: str
) -> RunView:
    """Exclude or cap a household of a draft run, or take that back, with the reason recorded."""
    actor.require(Action.PAY)
    reason = check_change(excluded, cap_fen, reason)
    async with write():
        await lock_rows(PayoutRun.select(PayoutRun.id).where(PayoutRun.id == run_id))
        row = await run_row(actor, run_id)  # read after a concurrent lock has committed
        check_status(row["status"], RunStatus.DRAFT)
        await household_of(actor, household_id)
        change = PayoutRunChange(
            run=run_id,
            household=household_id,
            excluded=excluded,
            cap_fen=None if excluded else cap_fen,
            reason=reason,
            created_by=actor.user_id,
            created_at=clock.now(),
        )
        await change.save()
        detail = {"household": household_id, "excluded": excluded, "cap_fen": cap_fen}
        await audit(actor, "payout_run_change", "payout_run", run_id, reason=reason, **detail)
    return await run_view(actor, run_id)


async def lock(actor: Actor, run_id: int) -> RunView:
    """Freeze a draft's lines as they are now, each with its bill number; again, nothing more."""
    actor.require(Action.PAY)
    async with write():
        row = await run_row(actor, run_id)
        now = clock.now()
        taken = await sql(
            f"UPDATE {RUN} SET status = {{}}, locked_at = {{}}"
            f" WHERE id = {{}} AND status = {{}} RETURNING id",
            RunStatus.LOCKED.value,
            now,
            run_id,
            RunStatus.DRAFT.value,
        )
        if taken:
            for line in await draft_lines(actor.cooperative_id, row):
                await PayoutRunLine.insert(
                    PayoutRunLine(
                        run=run_id,
                        household=line.household_id,
                        earned_fen=line.earned_fen,
                        deducted_fen=line.deducted_fen,
                        owed_fen=line.owed_fen,
                        excluded=line.excluded,
                        cap_fen=line.cap_fen,
                        reason=line.reason,
                        pay_fen=line.pay_fen,
                        bill_no=bill_number(run_id, line.household_id),
                        status=LineStatus.PENDING.value,
                    )
                )
            await audit(actor, "payout_run_locked", "payout_run", run_id)
    return await run_view(actor, run_id)


async def confirm(actor: Actor, run_id: int) -> RunView:
    """Post one payout per line of a locked run, all in one transaction, exactly once.

    A line is paid what it says, or the balance owed now if that has since fallen (a payout made
    by hand in between): never more than is owed.
    """
    actor.require(Action.PAY)
    async with write():
        row = await run_row(actor, run_id)
        taken = await sql(
            f"UPDATE {RUN} SET status = {{}}, posted_at = {{}}"
            f" WHERE id = {{}} AND status = {{}} RETURNING id",
            RunStatus.POSTED.value,
            clock.now(),
            run_id,
            RunStatus.LOCKED.value,
        )
        if not taken:
            if row["status"] == RunStatus.DRAFT:
                check_status(row["status"], RunStatus.LOCKED)
        else:
            await _post_lines(actor, run_id, row["method"])
    return await run_view(actor, run_id)


async def _post_lines(actor: Actor, run_id: int, method: str) -> None:
    lines = (
        await PayoutRunLine.select()
        .where((PayoutRunLine.run == run_id) & (PayoutRunLine.pay_fen > 0))
        .order_by(PayoutRunLine.household)
    )
    for line in lines:
        await lock_household(line["household"])
        amount = min(line["pay_fen"], await balance_of(line["household"]))
        if amount <= 0:
            continue
        payout_id = await post_payout(actor, line["household"], amount, method, line["bill_no"])
        await PayoutRunLine.update(
            {PayoutRunLine.payout: payout_id, PayoutRunLine.paid_fen: amount}
        ).where(PayoutRunLine.id == line["id"])
    await audit(actor, "payout_run_posted", "payout_run", run_id, lines=len(lines))


async def mark(actor: Actor, run_id: int, household_id: int, status: str) -> RunView:
    """The bank or wallet reported a line paid or failed: recorded once, by whom and when. A
    failed line's payout is reversed, so the household is owed it again."""
    actor.require(Action.PAY)
    outcome = _outcome(status)
    async with write():
        await run_row(actor, run_id)
        found = await sql(
            f"UPDATE {LINE} SET status = {{}}, marked_by = {{}}, marked_at = {{}}"
            f" WHERE run = {{}} AND household = {{}} AND status = {{}} AND payout IS NOT NULL"
            " RETURNING id, payout, bill_no",
            outcome.value,
            actor.user_id,
            clock.now(),
            run_id,
            household_id,
            LineStatus.PENDING.value,
        )
        if not found:
            await _unmarkable(run_id, household_id, outcome)
        else:
            line = found[0]
            if outcome == LineStatus.FAILED:
                entry = await ledger.posted_for("payout", line["payout"], EntryKind.PAYOUT)
                await ledger.reverse(actor, entry, line["bill_no"])
            await audit(
                actor, f"payout_line_{outcome.value}", "payout_run_line", line["id"], run=run_id
            )
    return await run_view(actor, run_id)


def _outcome(status: str) -> LineStatus:
    if status not in (LineStatus.PAID, LineStatus.FAILED):
        raise InvalidInput(
            "A line is marked paid or failed, not {status}.",
            code="invalid_line_status",
            status=status,
        )
    return LineStatus(status)


async def _unmarkable(run_id: int, household_id: int, outcome: LineStatus) -> None:
    """Marking again as before does nothing; anything else says why it cannot be done."""
    rows = await PayoutRunLine.select(PayoutRunLine.status, PayoutRunLine.payout).where(
        (PayoutRunLine.run == run_id) & (PayoutRunLine.household == household_id)
    )
    if not rows or rows[0]["payout"] is None:
        raise NotFound(
            "Payout run {run_id} paid household {household_id} nothing.",
            code="payout_line_not_found",
            run_id=run_id,
            household_id=household_id,
        )
    if rows[0]["status"] != outcome:
        raise Conflict(
            "This line was already marked {status}.",
            code="payout_line_marked",
            status=LineStatus(rows[0]["status"]),
        )


async def payment_list(actor: Actor, run_id: int) -> tuple[RunView, dict[int, str]]:
    """A posted run and its households' phones, for the payment lists (only those who pay)."""
    actor.require(Action.PAY)
    view = await run_view(actor, run_id)
    if view.status != RunStatus.POSTED:
        raise NotFound(
            "Payout run {run_id} has no payment list until it is confirmed.",
            code="payment_list_not_ready",
            run_id=run_id,
        )
    rows = await Household.select(Household.id, Household.phone).where(
        Household.cooperative == actor.cooperative_id
    )
    return view, {row["id"]: row["phone"] for row in rows}
