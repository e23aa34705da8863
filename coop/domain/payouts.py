"""Payouts: the cooperative pays a household what it is owed, never more."""

from __future__ import annotations

from enum import StrEnum

from coop.domain.errors import Conflict, InvalidInput
from coop.domain.money import MAX_FEN, format_yuan

MAX_REFERENCE = 60


class PayoutMethod(StrEnum):
    CASH = "cash"
    WECHAT = "wechat"
    BANK = "bank"


class AboveBalance(Conflict):
    """Paying more than the balance owed would leave the household owing the cooperative."""

    code = "payout_above_balance"
    message = "The payout of {amount} yuan is more than the balance owed, {balance} yuan."


def check_payout(amount_fen: int, balance_fen: int, method: str, reference: str) -> PayoutMethod:
    """A payout is a positive amount, by a known method, and no more than the balance owed."""
    if type(amount_fen) is not int or not 0 < amount_fen <= MAX_FEN:
        raise InvalidInput("A payout must be more than 0 yuan.", code="invalid_amount")
    if method not in PayoutMethod.__members__.values():
        raise InvalidInput(
            "There is no payout method {method}; use one of: {choices}.",
            code="invalid_method",
            method=method,
            choices=tuple(PayoutMethod),
        )
    if len(reference) > MAX_REFERENCE:
        raise InvalidInput(
            "A payment reference is at most {limit} characters.",
            code="reference_too_long",
            limit=MAX_REFERENCE,
        )
    if method != PayoutMethod.CASH and not reference.strip():
        raise InvalidInput(
            "A WeChat or bank payment needs its transaction reference.", code="reference_required"
        )
    if amount_fen > balance_fen:
        raise AboveBalance(amount=format_yuan(amount_fen), balance=format_yuan(balance_fen))
    return PayoutMethod(method)
