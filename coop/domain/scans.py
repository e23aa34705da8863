"""Copied labels: a serial is one jar, so many scans of it, or scans long after, suggest a copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class CopySignal(StrEnum):
    MANY_DAYS = "many_days"  # one jar is not scanned on many different days
    MANY_SCANS = "many_scans"  # ... nor hundreds of times
    LONG_AFTER = "long_after"  # ... nor long after the lot sold out or passed its best-before


@dataclass(frozen=True)
class CopyLimits:
    """How much scanning one jar plausibly sees; beyond any of these its label may be copied."""

    max_days: int = 5
    max_scans: int = 30
    grace_days: int = 90


def copy_signals(
    days: list[date],
    scans: int,
    ended_on: date | None,
    limits: CopyLimits = CopyLimits(),
) -> list[CopySignal]:
    """Why one serial's scans (the days it was scanned, how often) look like a copied label."""
    signals = []
    if len(set(days)) > limits.max_days:
        signals.append(CopySignal.MANY_DAYS)
    if scans > limits.max_scans:
        signals.append(CopySignal.MANY_SCANS)
    if ended_on is not None and days and (max(days) - ended_on).days > limits.grace_days:
        signals.append(CopySignal.LONG_AFTER)
    return signals
