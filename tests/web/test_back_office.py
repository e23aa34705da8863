"""The back office (piccolo_admin at /admin): reference data only, never a password hash."""

from __future__ import annotations

import secrets

from piccolo.apps.user.tables import BaseUser

from coop.tables import User


async def signed_in_admin(client) -> None:
    username = f"board-{secrets.token_hex(4)}"
    await BaseUser.create_user(
        username=username,
        email=f"{username}@example.org",
        password="board-pass-2026",
        admin=True,
        active=True,
    )
    shell = await client.get("/admin/")
    assert shell.status_code == 200
    login = await client.post(
        "/admin/public/login/",
        json={"username": username, "password": "board-pass-2026"},
        headers={"X-CSRFToken": client.cookies["csrftoken"]},
    )
    assert login.status_code in (200, 303), login.text


async def test_the_back_office_lists_reference_tables_and_never_the_ledger(client, world):
    await signed_in_admin(client)
    tables = await client.get("/admin/api/tables/")
    assert tables.status_code == 200, tables.text
    assert sorted(tables.json()) == ["coop_user", "cooperative", "household", "product"]
    assert (await client.get("/admin/api/tables/ledger_entry/")).status_code == 404


async def test_the_back_office_never_sends_password_hashes(client, world):
    await signed_in_admin(client)
    users = await client.get("/admin/api/tables/coop_user/?__page_size=5")
    assert users.status_code == 200, users.text
    assert users.json()["rows"], users.text
    assert all(row.get("password_hash") is None for row in users.json()["rows"])
    assert "scrypt$" not in users.text


async def test_the_pages_csrf_cookie_is_not_named_like_piccolo_admins(visitor):
    page = await (await visitor()).get("/sign-in")
    names = [cookie.split("=")[0] for cookie in page.headers.get_list("set-cookie")]
    assert "coop_csrf" in names and "csrftoken" not in names


async def test_a_password_set_in_the_back_office_is_stored_hashed_and_signs_in(client, world):
    await signed_in_admin(client)
    phone = f"177{secrets.randbelow(10**8):08d}"
    created = await client.post(
        "/admin/api/tables/coop_user/",
        json={
            "cooperative": world.cooperative_id,
            "phone": phone,
            "name": "新过磅员",
            "password_hash": "scale-side-2026",
            "role": "clerk",
            "locale": "zh_CN",
            "active": True,
            "created_at": "2026-07-01T08:00:00+00:00",  # the form's default, as the UI sends it
        },
        headers={"X-CSRFToken": client.cookies["csrftoken"]},
    )
    assert created.status_code == 201, created.text
    row = await User.select(User.password_hash).where(User.phone == phone).first()
    assert row["password_hash"].startswith("scrypt$")
    signed = await client.post(
        "/api/v1/auth/sign-in", json={"phone": phone, "password": "scale-side-2026"}
    )
    assert signed.status_code == 200, signed.text
