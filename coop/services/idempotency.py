"""Idempotency-Key: a request retried after a dropped connection returns its first result."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable

import msgspec

from coop.db import insert, is_unique_violation, sql, write
from coop.domain.actors import Actor
from coop.domain.errors import Conflict, DomainError, InvalidInput
from coop.services import clock
from coop.tables import IdempotencyKey

ATTEMPTS = 3
MAX_KEY_LENGTH = 100


def fingerprint(payload: object) -> str:
    return hashlib.sha256(msgspec.json.encode(payload)).hexdigest()


async def once(
    actor: Actor,
    scope: str,
    key: str | None,
    payload: object,
    create: Callable[[], Awaitable[int]],
) -> int:
    """Run create() in one write transaction, at most once per (user, scope, key); return its id.

    A unique clash (the key already stored by this request's first sending or a concurrent twin,
    or a rare lot-code collision) rolls the transaction back and tries again, which then finds
    the first result. The first attempt does not look the key up (a round trip on every keyed
    write, for the rare retry): a retry clashes on the key's unique index or, if create() now
    refuses (the first sending changed what it checks), fails, and the next attempt finds it.
    """
    if key is not None and not 0 < len(key) <= MAX_KEY_LENGTH:
        raise InvalidInput(
            "Idempotency-Key must be 1 to 100 characters.", code="bad_idempotency_key"
        )
    digest = fingerprint(payload)
    for attempt in range(ATTEMPTS):
        try:
            async with write():
                if key is not None and attempt > 0:
                    prior = await _prior(actor, scope, key)
                    if prior is not None:
                        if prior["fingerprint"] != digest:
                            raise Conflict(
                                "This Idempotency-Key was already used for a different request.",
                                code="idempotency_key_reused",
                            )
                        return int(prior["result_id"])
                result_id = await create()
                if key is not None:
                    await insert(
                        IdempotencyKey,
                        user=actor.user_id,
                        scope=scope,
                        key=key,
                        fingerprint=digest,
                        result_id=result_id,
                        created_at=clock.now(),
                    )
                return result_id
        except Exception as error:
            refused_first = attempt == 0 and key is not None and isinstance(error, DomainError)
            if attempt + 1 < ATTEMPTS and (is_unique_violation(error) or refused_first):
                continue
            raise
    raise AssertionError("unreachable")


async def _prior(actor: Actor, scope: str, key: str) -> dict | None:
    rows = await sql(_PRIOR, actor.user_id, scope, key)
    return rows[0] if rows else None


_PRIOR = (  # hand-written: it runs inside keyed writes, Piccolo's builder costs ~0.5 ms
    f'SELECT fingerprint, result_id FROM "{IdempotencyKey._meta.tablename}"'
    ' WHERE "user" = {} AND scope = {} AND key = {}'
)
