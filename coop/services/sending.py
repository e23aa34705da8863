"""Sending the outbox through the gateway, outside the transactions that queued it.

Each pass: claim the due rows (a conditional UPDATE: one worker wins a row, and the claim lapses
after CLAIM so a crashed worker's rows are tried again), hand each to the gateway, record its
gateway id. The gateway finds a message it already holds by the row's id, so a crash between
handing over and recording sends nothing twice. Then the states the gateway reports (sent,
failed, delivery reports) are recorded and replies are stored (coop.services.replies).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import datetime, timedelta

from coop.db import sql
from coop.domain.sms import MAX_ATTEMPTS, State, backoff, is_dialable, national
from coop.services import clock, replies, sms_receipts
from coop.services.gateway import DELIVERED, FAILED, GammuFiles, Incoming
from coop.tables import OutMessage

log = logging.getLogger(__name__)
_OUT = OutMessage._meta.tablename
CLAIM = timedelta(minutes=5)
BATCH = 200


async def _claim(now: datetime) -> list[dict]:
    due = await sql(
        f"SELECT id FROM {_OUT} WHERE state = 'queued' AND gateway_id IS NULL "
        f"AND next_attempt_at <= {{}} ORDER BY id LIMIT {BATCH}",
        now,
    )
    claimed = []
    for row in due:
        won = await sql(
            f"UPDATE {_OUT} SET next_attempt_at = {{}}, attempts = attempts + 1 "
            f"WHERE id = {{}} AND state = 'queued' AND gateway_id IS NULL "
            f"AND next_attempt_at <= {{}} RETURNING id, phone, text, attempts, created_at",
            now + CLAIM,
            row["id"],
            now,
        )
        claimed.extend(won)
    return claimed


async def record_handed(message_id: int, gateway_id: str) -> None:
    await sql(
        f"UPDATE {_OUT} SET gateway_id = {{}}, error = '' WHERE id = {{}} AND gateway_id IS NULL",
        gateway_id,
        message_id,
    )


async def _refused(message_id: int, attempts: int, why: str, now: datetime) -> None:
    """The gateway could not take it: try again later, or give up after MAX_ATTEMPTS."""
    if attempts >= MAX_ATTEMPTS:
        await sql(
            f"UPDATE {_OUT} SET state = 'failed', settled_at = {{}}, error = {{}} WHERE id = {{}}",
            now,
            why[:200],
            message_id,
        )
    else:
        await sql(
            f"UPDATE {_OUT} SET next_attempt_at = {{}}, error = {{}} WHERE id = {{}}",
            now + backoff(attempts),
            why[:200],
            message_id,
        )


async def send_due(gateway: GammuFiles, now: datetime | None = None) -> int:
    """Hand every due message to the gateway; returns how many were handed over."""
    now = now or clock.now()
    handed = 0
    for row in await _claim(now):
        if not is_dialable(row["phone"]):
            await _refused(row["id"], MAX_ATTEMPTS, "the number cannot be dialled", now)
            continue
        try:
            gateway_id = await asyncio.to_thread(
                gateway.submit, row["id"], row["phone"], row["text"], row["created_at"]
            )
        except OSError as error:
            log.warning("SMS gateway refused message %s: %s", row["id"], error)
            await _refused(row["id"], row["attempts"], f"gateway: {error}", now)
            continue
        await record_handed(row["id"], gateway_id)
        handed += 1
    return handed


async def sync_states(gateway: GammuFiles, now: datetime | None = None) -> None:
    """Record what the gateway did with the messages it holds: sent, or failed to send."""
    now = now or clock.now()
    waiting = await sql(
        f"SELECT id, gateway_id FROM {_OUT} WHERE state = 'queued' AND gateway_id IS NOT NULL"
    )
    for row in waiting:
        state = await asyncio.to_thread(gateway.state, row["gateway_id"])
        if state == State.SENT:
            await sql(
                f"UPDATE {_OUT} SET state = 'sent', sent_at = {{}} "
                f"WHERE id = {{}} AND state = 'queued'",
                now,
                row["id"],
            )
        elif state == FAILED:
            await sql(
                f"UPDATE {_OUT} SET state = 'failed', settled_at = {{}}, "
                f"error = 'the modem could not send it' WHERE id = {{}} AND state = 'queued'",
                now,
                row["id"],
            )


async def _report(item: Incoming, now: datetime) -> None:
    """A delivery report settles the oldest sent message to that number."""
    if item.report not in (DELIVERED, FAILED):
        return
    oldest = await sql(
        f"SELECT id FROM {_OUT} WHERE state = 'sent' AND phone = {{}} ORDER BY sent_at, id LIMIT 1",
        national(item.number),
    )
    if oldest:
        await sql(
            f"UPDATE {_OUT} SET state = {{}}, settled_at = {{}}, error = {{}} "
            f"WHERE id = {{}} AND state = 'sent'",
            item.report,
            now,
            "" if item.report == DELIVERED else "the network could not deliver it",
            oldest[0]["id"],
        )


async def read_inbox(gateway: GammuFiles, now: datetime | None = None) -> int:
    """Store replies and settle delivery reports; returns how many files were read."""
    now = now or clock.now()
    items = await asyncio.to_thread(gateway.incoming)
    for item in items:
        if item.report is not None:
            await _report(item, now)
        else:
            await replies.store(item.name, item.number, item.text, item.at)
        await asyncio.to_thread(gateway.done, item.name)
    return len(items)


async def run_once(gateway: GammuFiles, now: datetime | None = None) -> None:
    """One pass: write the receipts now due, hand the outbox over, read what came back."""
    now = now or clock.now()
    await sms_receipts.compose_due(now)
    await send_due(gateway, now)
    await sync_states(gateway, now)
    await read_inbox(gateway, now)


@asynccontextmanager
async def running(gateway: GammuFiles | None, every_s: float) -> AsyncIterator[None]:
    """For the app's lifespan: a pass every `every_s` seconds while the app serves."""
    if gateway is None:
        yield
        return

    async def loop() -> None:
        while True:
            try:
                await run_once(gateway)
            except Exception:  # a bad pass must not stop the next one
                log.exception("SMS pass failed")
            await asyncio.sleep(every_s)

    task = asyncio.create_task(loop())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
