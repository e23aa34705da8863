"""Sign-in by phone and password, sessions and API tokens kept in the database, users."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import secrets
from datetime import timedelta

import msgspec
from piccolo.table import Table

from coop.db import is_unique_violation, serialize, sql, write
from coop.domain.actors import LINKED_TO_HOUSEHOLD, Actor, Role, TooManyAttempts
from coop.domain.errors import Conflict, InvalidInput, Unauthorized
from coop.services import clock
from coop.services.audit import audit
from coop.tables import ApiToken, Household, SignInAttempt, User
from coop.tables import Session as SessionRow

SESSION_DAYS = 30
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
API_TOKEN_PREFIX = "coop_"
SCRYPT = {"n": 2**14, "r": 8, "p": 1}  # OWASP's minimum for scrypt


class SignedIn(msgspec.Struct, frozen=True):
    token: str
    user_id: int
    name: str
    role: str
    household_id: int | None
    locale: str


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, dklen=32, **SCRYPT)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def password_matches(password: str, stored: str) -> bool:
    try:
        _, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), dklen=32, **SCRYPT)
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


_DUMMY_HASH = hash_password(secrets.token_hex(8))  # equal work for unknown phones


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def sign_in(phone: str, password: str) -> SignedIn:
    """Five wrong passwords for a phone within 15 minutes lock it for the rest of the window."""
    phone = phone.strip()
    attempt = await _claim_attempt(phone[:20])
    user = await User.select().where((User.phone == phone) & User.active.eq(True)).first()
    stored = user["password_hash"] if user else _DUMMY_HASH
    if not await asyncio.to_thread(password_matches, password, stored) or not user:
        raise Unauthorized("Wrong phone number or password.", code="wrong_password")
    token = secrets.token_urlsafe(32)
    async with write():
        await SignInAttempt.delete().where(SignInAttempt.id == attempt)  # a right one is no failure
        await SessionRow.insert(
            SessionRow(
                token_hash=_digest(token),
                user=user["id"],
                expires_at=clock.now() + timedelta(days=SESSION_DAYS),
            )
        )
    return SignedIn(
        token, user["id"], user["name"], user["role"], user["household"], user["locale"]
    )


async def _claim_attempt(phone: str) -> int:
    """Count this attempt as a failure before checking the password, one phone at a time.

    Guesses sent all at once would otherwise all be counted before any was recorded.
    """
    async with write():
        await serialize(f"sign-in {phone}")
        failures = await SignInAttempt.count().where(
            (SignInAttempt.phone == phone) & (SignInAttempt.at >= clock.now() - FAILURE_WINDOW)
        )
        if failures >= MAX_FAILURES:
            raise TooManyAttempts(minutes=int(FAILURE_WINDOW.total_seconds() // 60))
        attempt = SignInAttempt(phone=phone)
        await attempt.save()
    return int(attempt.id)


async def sign_out(token: str) -> None:
    async with write():
        await SessionRow.delete().where(SessionRow.token_hash == _digest(token))


def _actor_query(table: type[Table], check: str) -> str:
    """A token's user in one hand-written join: on every request, Piccolo's builder cost ~1 ms."""
    return (
        "SELECT u.id AS user_id, u.cooperative AS cooperative_id, u.role AS role,"
        " u.name AS name, u.household AS household_id, u.locale AS locale, u.active AS active,"
        f' t.{check} AS {check} FROM "{table._meta.tablename}" AS t'
        f' JOIN "{User._meta.tablename}" AS u ON u.id = t."user" WHERE t.token_hash = {{}}'
    )


_SESSION_ACTOR = _actor_query(SessionRow, "expires_at")
_TOKEN_ACTOR = _actor_query(ApiToken, "revoked_at")


async def actor_for_session(token: str) -> Actor | None:
    rows = await sql(_SESSION_ACTOR, _digest(token))
    if not rows or rows[0]["expires_at"] < clock.now() or not rows[0]["active"]:
        return None
    return _actor(rows[0])


async def actor_for_api_token(token: str) -> Actor | None:
    if not token.startswith(API_TOKEN_PREFIX):
        return None
    rows = await sql(_TOKEN_ACTOR, _digest(token))
    if not rows or rows[0]["revoked_at"] is not None or not rows[0]["active"]:
        return None
    return _actor(rows[0])


def _actor(row: dict) -> Actor:
    return Actor(
        user_id=row["user_id"],
        cooperative_id=row["cooperative_id"],
        role=Role(row["role"]),
        name=row["name"],
        household_id=row["household_id"],
        locale=row["locale"],
    )


async def create_api_token(actor: Actor, name: str = "") -> str:
    """A token for scripts, shown once; only its hash is kept."""
    token = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    async with write():
        row = ApiToken(token_hash=_digest(token), user=actor.user_id, name=name[:80])
        await row.save()
        await audit(actor, "create_api_token", "api_token", row.id)
    return token


async def create_user(
    cooperative_id: int,
    phone: str,
    name: str,
    password: str,
    role: Role,
    household_id: int | None = None,
    locale: str = "zh_CN",
) -> int:
    """Members and processors are linked to a household of the same cooperative."""
    phone = phone.strip()
    if not phone.isdigit() or not 5 <= len(phone) <= 20:
        raise InvalidInput("A phone number is 5 to 20 digits.", code="invalid_phone")
    if len(password) < 8:
        raise InvalidInput("A password has at least 8 characters.", code="weak_password")
    if (role in LINKED_TO_HOUSEHOLD) != (household_id is not None):
        raise InvalidInput(
            "Members and processors, and only they, are linked to a household.",
            code="household_link",
        )
    if household_id is not None:
        household = (
            await Household.select(Household.cooperative)
            .where(Household.id == household_id)
            .first()
        )
        if household is None or household["cooperative"] != cooperative_id:
            raise InvalidInput("That household is not in this cooperative.", code="household_link")
    try:
        async with write():
            user = User(
                cooperative=cooperative_id,
                phone=phone,
                name=name,
                password_hash=hash_password(password),
                role=role.value,
                household=household_id,
                locale=locale,
            )
            await user.save()
    except Exception as error:
        if is_unique_violation(error):
            raise Conflict(
                "Phone {phone} already has an account.", code="duplicate_phone", phone=phone
            ) from None
        raise
    return int(user.id)
