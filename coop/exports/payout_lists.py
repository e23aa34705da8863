"""A posted payout run as payment lists: one for a bank's bulk transfer, one for WeChat Pay or
Alipay transfers. Each line carries the run line's bill number, stored when the run was locked, so
every export of a run shows the same numbers and a bank or wallet refuses a second transfer."""

from __future__ import annotations

from collections.abc import Mapping

from coop.exports.sheets import Column, Kind, Sheet
from coop.i18n import translate
from coop.services.payout_run_views import RunView

BANK_COLUMNS = (
    Column("Bill number"),
    Column("Payee name"),
    Column("Household code"),
    Column("Phone number"),
    Column("Amount (yuan)", Kind.YUAN),
    Column("Remark"),
)
WALLET_COLUMNS = (
    Column("Bill number"),
    Column("Payee's real name"),
    Column("Phone number"),
    Column("Amount (yuan)", Kind.YUAN),
    Column("Transfer remark"),
)
LISTS = ("bank", "wallet")


def payment_list(which: str, run: RunView, phones: Mapping[int, str], locale: str) -> Sheet:
    """Only lines that a payout was posted for and that have not failed, in household order."""
    remark = translate(
        "Payout run {run}, {start} to {end}",
        locale,
        run=run.id,
        start=run.period_start.isoformat(),
        end=run.period_end.isoformat(),
    )
    lines = [line for line in run.lines if line.paid_fen > 0 and line.status != "failed"]
    rows: list[tuple[object, ...]]
    if which == "bank":
        rows = [
            (
                line.bill_no,
                line.household_name,
                line.household_code,
                phones.get(line.household_id, ""),
                line.paid_fen,
                remark,
            )
            for line in lines
        ]
        return Sheet("Bank transfer list", BANK_COLUMNS, rows)
    rows = [
        (
            line.bill_no,
            line.household_name,
            phones.get(line.household_id, ""),
            line.paid_fen,
            remark,
        )
        for line in lines
    ]
    return Sheet("WeChat Pay or Alipay transfer list", WALLET_COLUMNS, rows)
