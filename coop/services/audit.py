"""The audit trail: who did what, to which record, written in the same transaction as the change."""

from __future__ import annotations

import msgspec

from coop.db import insert
from coop.domain.actors import Actor
from coop.services import clock
from coop.tables import AuditEvent


async def audit(
    actor: Actor, action: str, subject_type: str, subject_id: int, **detail: object
) -> int:
    """Records the event; its id lets a page show what was done."""
    return await insert(
        AuditEvent,
        cooperative=actor.cooperative_id,
        user=actor.user_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        detail=msgspec.json.encode(detail).decode(),
        at=clock.now(),
    )
