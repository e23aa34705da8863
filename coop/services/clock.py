"""Time for the ledger: stored in UTC, seasons and 'today' in China Standard Time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Asia/Shanghai")  # China keeps one civil time zone


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now().astimezone(LOCAL).date()
