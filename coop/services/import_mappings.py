"""Each channel's column mapping: which column of a shop's export holds which of our fields."""

from __future__ import annotations

from typing import Any

import msgspec

from coop.db import is_unique_violation, write
from coop.domain.actors import Action, Actor
from coop.domain.import_headers import DEFAULT_MAPPING, check_mapping
from coop.domain.orders import channel_of
from coop.services import clock
from coop.services.audit import audit
from coop.tables import ImportMapping

ATTEMPTS = 3


class MappingView(msgspec.Struct, frozen=True):
    channel: str
    mapping: dict[str, str]
    saved: bool


async def mapping_for(actor: Actor, channel: str) -> MappingView:
    """The channel's saved mapping, or our own field names as the columns when none is saved."""
    actor.require(Action.TAKE_ORDERS)
    channel_of(channel)
    row = await _saved_mapping(actor, channel)
    if row is None:
        return MappingView(channel, dict(DEFAULT_MAPPING), saved=False)
    return MappingView(channel, dict(row["mapping"]), saved=True)


async def save_mapping(actor: Actor, channel: str, mapping: dict[str, str]) -> MappingView:
    actor.require(Action.TAKE_ORDERS)
    channel_of(channel)
    checked = check_mapping(mapping)
    for attempt in range(ATTEMPTS):
        try:
            async with write():
                updated = await (
                    ImportMapping.update(
                        {
                            ImportMapping.mapping: checked,
                            ImportMapping.updated_by: actor.user_id,
                            ImportMapping.updated_at: clock.now(),
                        }
                    )
                    .where(
                        (ImportMapping.cooperative == actor.cooperative_id)
                        & (ImportMapping.channel == channel)
                    )
                    .returning(ImportMapping.id)
                )
                if not updated:
                    await ImportMapping.insert(
                        ImportMapping(
                            cooperative=actor.cooperative_id,
                            channel=channel,
                            mapping=checked,
                            updated_by=actor.user_id,
                        )
                    )
                await audit(actor, "save_import_mapping", "import_mapping", 0, channel=channel)
            break
        except Exception as error:  # a concurrent first save: the retry updates it
            if attempt + 1 < ATTEMPTS and is_unique_violation(error):
                continue
            raise
    return MappingView(channel, checked, saved=True)


async def _saved_mapping(actor: Actor, channel: str) -> dict[str, Any] | None:
    return await (
        ImportMapping.select(ImportMapping.mapping)
        .where(
            (ImportMapping.cooperative == actor.cooperative_id) & (ImportMapping.channel == channel)
        )
        .output(load_json=True)
        .first()
    )
