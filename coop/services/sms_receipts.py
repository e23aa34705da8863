"""The daily receipt: one text per household that delivered, written at the cooperative's hour.

A day's receipt covers what was weighed since the last receipts were written (the previous day's
hour) up to this day's hour (in China). A weigh-in corrected after its receipt went out shows in
the next receipt: the correction takes its amount back and the corrected weigh-in is listed anew.
Writing all of a day's receipts is one transaction, once per cooperative and day.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from coop.db import write
from coop.domain.china_time import CHINA, china_day
from coop.domain.sms import Kind
from coop.services import message_texts as texts
from coop.services.notices import cooperative_name
from coop.services.outbox import Recipient, enqueue_each
from coop.tables import Cooperative, Correction, HarvestLot, LedgerEntry, MessageSettings

DEFAULT_HOUR = 20
CAUSE = "receipt"


def cutoff(day: date, hour: int) -> datetime:
    """The moment a day's receipts are due: that hour of that day in China."""
    return datetime.combine(day, time(hour), tzinfo=CHINA)


def due_day(now: datetime, hour: int) -> date:
    """The latest day whose hour has come."""
    today = china_day(now)
    return today if now >= cutoff(today, hour) else today - timedelta(days=1)


async def settings_of(cooperative_id: int) -> dict:
    found = (
        await MessageSettings.select().where(MessageSettings.cooperative == cooperative_id).first()
    )
    return found or {"receipt_hour": DEFAULT_HOUR, "last_receipt_day": None, "id": None}


async def set_hour(cooperative_id: int, hour: int) -> None:
    """Inside a write transaction: the hour (0-23, in China) receipts are written from now on."""
    if (await settings_of(cooperative_id))["id"] is None:
        await MessageSettings.insert(MessageSettings(cooperative=cooperative_id, receipt_hour=hour))
    else:
        await MessageSettings.update({MessageSettings.receipt_hour: hour}).where(
            MessageSettings.cooperative == cooperative_id
        )


async def compose_due(now: datetime) -> int:
    """Write the receipts of every cooperative whose hour has come; returns how many."""
    written = 0
    for row in await Cooperative.select(Cooperative.id):
        settings = await settings_of(row["id"])
        day = due_day(now, settings["receipt_hour"])
        last = settings["last_receipt_day"]
        if last is None or last < day:
            written += await compose(row["id"], day)
    return written


async def compose(cooperative_id: int, day: date) -> int:
    """One transaction: every receipt of this day, and the day marked done."""
    async with write():
        settings = await settings_of(cooperative_id)
        last = settings["last_receipt_day"]
        if last is not None and last >= day:
            return 0  # another worker wrote them
        hour = settings["receipt_hour"]
        start = cutoff(last if last is not None else day - timedelta(days=1), hour)
        end = cutoff(day, hour)
        written = await _receipts(cooperative_id, day, start, end)
        if settings["id"] is None:
            await MessageSettings.insert(
                MessageSettings(cooperative=cooperative_id, receipt_hour=hour, last_receipt_day=day)
            )
        else:
            await MessageSettings.update({MessageSettings.last_receipt_day: day}).where(
                MessageSettings.cooperative == cooperative_id
            )
    return written


async def _receipts(cooperative_id: int, day: date, start: datetime, end: datetime) -> int:
    lines: dict[int, list[tuple[dict, texts.ReceiptLine]]] = defaultdict(list)
    fixes: dict[int, list[texts.CorrectionLine]] = defaultdict(list)
    corrected_before_end = {
        row["original_lot"]
        for row in await Correction.select(Correction.original_lot).where(
            (Correction.cooperative == cooperative_id) & (Correction.corrected_at <= end)
        )
    }
    lots = (
        await HarvestLot.select(
            HarvestLot.id,
            HarvestLot.household,
            HarvestLot.weight_g,
            HarvestLot.price_fen_per_kg,
            HarvestLot.amount_fen,
            HarvestLot.product.name_zh,
            HarvestLot.product.name_ug,
        )
        .where(
            (HarvestLot.cooperative == cooperative_id)
            & (HarvestLot.weighed_at > start)
            & (HarvestLot.weighed_at <= end)
        )
        .order_by(HarvestLot.id)
    )
    for lot in lots:
        if lot["id"] in corrected_before_end:
            continue  # corrected before its receipt: only the corrected weigh-in is listed
        line = texts.ReceiptLine("", lot["weight_g"], lot["price_fen_per_kg"], lot["amount_fen"])
        lines[lot["household"]].append((lot, line))
    late = await Correction.select(
        Correction.original_lot.code.as_alias("code"),
        Correction.original_lot.household.as_alias("household"),
        Correction.original_lot.amount_fen.as_alias("amount_fen"),
    ).where(
        (Correction.cooperative == cooperative_id)
        & (Correction.corrected_at > start)
        & (Correction.corrected_at <= end)
        & (Correction.original_lot.weighed_at <= start)
    )
    for fix in late:
        fixes[fix["household"]].append(texts.CorrectionLine(fix["code"], -fix["amount_fen"]))
    households = set(lines) | set(fixes)
    if not households:
        return 0
    owed: dict[int, int] = defaultdict(int)
    for entry in await LedgerEntry.select(LedgerEntry.household, LedgerEntry.amount_fen).where(
        LedgerEntry.household.is_in(sorted(households)) & (LedgerEntry.created_at <= end)
    ):
        owed[entry["household"]] += entry["amount_fen"]
    name = await cooperative_name(cooperative_id)

    def text_for(recipient: Recipient) -> str:
        key = "product.name_ug" if recipient.locale == "ug" else "product.name_zh"
        own = [
            texts.ReceiptLine(
                lot[key] or lot["product.name_zh"],
                line.weight_g,
                line.price_fen_per_kg,
                line.amount_fen,
            )
            for lot, line in lines[recipient.household_id]
        ]
        return texts.receipt(
            recipient.locale,
            name,
            day,
            own,
            fixes[recipient.household_id],
            owed[recipient.household_id],
        )

    return await enqueue_each(households, Kind.RECEIPT, CAUSE, day.isoformat(), text_for)
