"""Who signs in and what they did: users, sessions, API tokens, idempotency keys, the audit."""

from __future__ import annotations

from piccolo.columns import JSON, Boolean, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coop.tables.cooperative import Cooperative, Household


class User(Table, tablename="coop_user"):
    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    phone = Varchar(length=20, unique=True)
    name = Varchar(length=80)
    password_hash = Varchar(length=200)
    role = Varchar(length=20)  # admin, clerk, processor, work_team, member
    household = ForeignKey(Household, null=True, default=None)
    locale = Varchar(length=10, default="zh_CN")
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Session(Table):
    """Signed-in sessions live in the database: they survive a restart and serve every worker."""

    id: Serial
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()


class ApiToken(Table):
    id: Serial
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(User, null=False)
    name = Varchar(length=80, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(null=True, default=None)


class SignInAttempt(Table):
    """Failed sign-ins per phone, counted in the database so every worker sees the same limit."""

    id: Serial
    phone = Varchar(length=20, index=True)
    at = Timestamptz(default=TimestamptzNow())


class IdempotencyKey(Table):
    """A retried request with the same key returns the first result (the village network drops)."""

    id: Serial
    # unique (user, scope, key): an index made in a raw migration, as SQLite cannot ADD CONSTRAINT

    user = ForeignKey(User, null=False)
    scope = Varchar(length=30)
    key = Varchar(length=100)
    fingerprint = Varchar(length=64)
    result_id = Integer()
    created_at = Timestamptz(default=TimestamptzNow())


class AuditEvent(Table):
    id: Serial
    cooperative = ForeignKey(Cooperative, null=True, default=None)
    user = ForeignKey(User, null=True, default=None)
    action = Varchar(length=40)
    subject_type = Varchar(length=30, default="")
    subject_id = Integer(null=True, default=None)
    detail = JSON(default="{}")
    at = Timestamptz(default=TimestamptzNow())
