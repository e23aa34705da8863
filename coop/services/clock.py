"""Time for the ledger: stored in UTC, seasons and 'today' in China Standard Time."""

from __future__ import annotations

from datetime import UTC, date, datetime

from coop.domain.china_time import CHINA, china_day

LOCAL = CHINA  # the name the services know it by


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return china_day(now())
