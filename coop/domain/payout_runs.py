"""Payout runs: the board pays every household what it is owed for a period, in one go.

A run is a draft while the board looks at its preview and excludes or caps households (with a
reason); locking freezes its lines and gives each a bill number; confirming posts one payout per
line, once. Each line is then marked paid or failed as the bank or the wallet reports.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from coop.domain.errors import Conflict, InvalidInput
from coop.domain.payouts import PayoutMethod

MAX_PERIOD_DAYS = 400
BILL_PREFIX = "CP"


class RunStatus(StrEnum):
    DRAFT = "draft"
    LOCKED = "locked"
    POSTED = "posted"


class LineStatus(StrEnum):
    PENDING = "pending"  # not yet reported by the bank or the wallet
    PAID = "paid"
    FAILED = "failed"  # the payout is reversed: the household is owed it again


RUN_METHODS = (PayoutMethod.BANK, PayoutMethod.WECHAT)


def check_period(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(
            "The period ends on {end}, before it starts on {start}.",
            code="period_reversed",
            start=start.isoformat(),
            end=end.isoformat(),
        )
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise InvalidInput(
            "A payout run covers at most {days} days.", code="period_too_long", days=MAX_PERIOD_DAYS
        )


def check_run_method(method: str) -> PayoutMethod:
    if method not in RUN_METHODS:
        raise InvalidInput(
            "A payout run pays by bank transfer or by wallet: use one of {choices}.",
            code="invalid_method",
            choices=RUN_METHODS,
        )
    return PayoutMethod(method)


def check_status(status: str, wanted: RunStatus) -> None:
    """A run moves draft → locked → posted; each step only from the one before it."""
    if status != wanted:
        raise Conflict(
            "This payout run is {status}; this step needs it {wanted}.",
            code="payout_run_status",
            status=RunStatus(status),
            wanted=wanted,
        )


def owed(balance_at_end_fen: int, balance_now_fen: int) -> int:
    """What a run pays: the balance at the period's end, never more than is owed now, never < 0."""
    return max(0, min(balance_at_end_fen, balance_now_fen))


def pay(owed_fen: int, excluded: bool, cap_fen: int | None) -> int:
    """An excluded household gets nothing; a capped one at most its cap."""
    if excluded:
        return 0
    return owed_fen if cap_fen is None else min(owed_fen, cap_fen)


def check_change(excluded: bool, cap_fen: int | None, reason: str) -> str:
    """Excluding or capping a household needs a reason the board can read later."""
    reason = reason.strip()
    if (excluded or cap_fen is not None) and not reason:
        raise InvalidInput("Say why this household is excluded or capped.", code="reason_required")
    if cap_fen is not None and cap_fen < 0:
        raise InvalidInput("A cap cannot be below 0 yuan.", code="invalid_cap")
    return reason


def bill_number(run_id: int, household_id: int) -> str:
    """The line's bill number: the same on every export, unique across runs and households.

    Letters and digits only, 17 characters: within WeChat Pay's out_detail_no (32) and Alipay's
    out_biz_no (64), so the wallet refuses a second transfer with the same number.
    """
    return f"{BILL_PREFIX}{run_id:06d}H{household_id:08d}"
