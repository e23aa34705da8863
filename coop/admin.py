"""The back office for reference data: piccolo_admin at /admin, in Chinese.

Only cooperatives, households, products and users; never ledger entries, lots, corrections,
sessions or tokens (the ledger is append-only and changes only through the services). Its own
sign-in uses Piccolo's BaseUser and session tables (created by `coop migrate`, users with
`piccolo user create`); its CSRF cookie is piccolo's `csrftoken`, the pages' is `coop_csrf`.
An edit here shows on the next request of a cached public page: database triggers move the
content version (coop.services.content_version), as they do for every service.
"""

from __future__ import annotations

from typing import Any

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import Secret
from piccolo.engine.base import Engine
from piccolo.table import Table
from piccolo_admin.endpoints import TableConfig, create_admin
from piccolo_api.crud.hooks import Hook, HookType
from piccolo_api.session_auth.tables import SessionsBase

from coop.services.auth import hash_password
from coop.tables import Cooperative, Household, Product, User

BACK_OFFICE_TABLES: tuple[type[Table], ...] = (BaseUser, SessionsBase)


class UserAccount(User, tablename="coop_user"):
    """coop_user as the back office sees it: the password hash is secret (never sent out)."""

    password_hash = Secret(length=200)


def _hashed(values: dict[str, Any]) -> dict[str, Any]:
    """A password typed in the back office is stored hashed, like every other password."""
    password = values.get("password_hash")
    if password and not str(password).startswith("scrypt$"):
        values["password_hash"] = hash_password(str(password))
    return values


async def _hash_on_save(row: UserAccount) -> UserAccount:
    row.password_hash = _hashed({"password_hash": row.password_hash})["password_hash"]
    return row


async def _hash_on_patch(row_id: int, values: dict[str, Any]) -> dict[str, Any]:
    return _hashed(values)


def back_office(engine: Engine, production: bool = True) -> Any:
    """The piccolo_admin ASGI app, its own tables on the app's engine."""
    tables: list[type[Table]] = [*BACK_OFFICE_TABLES, UserAccount]
    for table in tables:
        table._meta.db = engine
    return create_admin(
        tables=[
            TableConfig(Cooperative),
            TableConfig(Household),
            TableConfig(Product),
            TableConfig(
                UserAccount,
                exclude_visible_columns=[UserAccount.password_hash],
                hooks=[
                    Hook(HookType.pre_save, _hash_on_save),
                    Hook(HookType.pre_patch, _hash_on_patch),
                ],
            ),
        ],
        auth_table=BaseUser,
        session_table=SessionsBase,
        site_name="合作社后台",
        default_language_code="zh-CN",
        auto_include_related=False,
        production=production,
    )
