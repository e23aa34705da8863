"""What each text message says, in the household's language (Chinese or Uyghur).

Every message starts with the cooperative's name in 【】, as Chinese networks expect of a sender.
Figures are plain digits (yuan with two decimals, kilograms), the same in every language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coop.domain.money import format_yuan
from coop.domain.payouts import PayoutMethod
from coop.domain.weight import format_kg
from coop.i18n import translate

SMS_LOCALES = ("zh_CN", "ug")


def sms_locale(locale: str | None) -> str:
    """A household's language for messages: Uyghur when chosen, else Chinese."""
    return locale if locale in SMS_LOCALES else "zh_CN"


@dataclass(frozen=True)
class ReceiptLine:
    product: str
    weight_g: int
    price_fen_per_kg: int
    amount_fen: int


@dataclass(frozen=True)
class CorrectionLine:
    lot_code: str
    amount_fen: int  # what the correction changed, negative when it took back


def signed(cooperative: str, body: str) -> str:
    return f"【{cooperative}】{body}"


def receipt(
    locale: str,
    cooperative: str,
    day: date,
    lines: list[ReceiptLine],
    corrections: list[CorrectionLine],
    balance_fen: int,
) -> str:
    """One day's deliveries: weight × price = amount each, the day's total and the balance owed."""
    parts = [translate("Deliveries on {day}:", locale, day=day.isoformat())]
    for line in lines:
        parts.append(
            translate(
                "{product} {kg} kg × {price} yuan = {amount} yuan",
                locale,
                product=line.product,
                kg=format_kg(line.weight_g),
                price=format_yuan(line.price_fen_per_kg),
                amount=format_yuan(line.amount_fen),
            )
        )
    for fix in corrections:
        parts.append(
            translate(
                "Correction {lot}: {amount} yuan",
                locale,
                lot=fix.lot_code,
                amount=format_yuan(fix.amount_fen),
            )
        )
    total = sum(line.amount_fen for line in lines) + sum(fix.amount_fen for fix in corrections)
    parts.append(
        translate(
            "Total {total} yuan. The cooperative owes you {balance} yuan.",
            locale,
            total=format_yuan(total),
            balance=format_yuan(balance_fen),
        )
    )
    return signed(cooperative, "\n".join(parts))


def payout(locale: str, cooperative: str, amount_fen: int, method: str, balance_fen: int) -> str:
    return signed(
        cooperative,
        translate(
            "Paid to you: {amount} yuan ({method}). The cooperative still owes you {balance} yuan.",
            locale,
            amount=format_yuan(amount_fen),
            method=PayoutMethod(method),
            balance=format_yuan(balance_fen),
        ),
    )


def hold(locale: str, cooperative: str, batch_code: str, reason: str) -> str:
    return signed(
        cooperative,
        translate(
            "Batch {batch} is on hold: {reason}. Do not sell, pack or label its jars until the "
            "work team says so.",
            locale,
            batch=batch_code,
            reason=reason or "-",
        ),
    )


def recall(locale: str, cooperative: str, batch_code: str, reason: str) -> str:
    return signed(
        cooperative,
        translate(
            "Batch {batch} is recalled: {reason}. Keep its jars apart; the work team will call.",
            locale,
            batch=batch_code,
            reason=reason or "-",
        ),
    )


def notice(cooperative: str, text: str) -> str:
    return signed(cooperative, text.strip())
