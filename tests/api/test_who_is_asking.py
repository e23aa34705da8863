"""The Bearer token is looked up in the database on every request: sign-out and revocation count at
once, on every worker (sessions stored in the database), on SQLite and on PostgreSQL."""

from datetime import timedelta

from conftest import PASSWORD

from coop.domain.actors import Role
from coop.services import clock
from coop.tables import ApiToken, User
from coop.tables import Session as SessionRow


async def sign_in(client, world, role: Role) -> dict[str, str]:
    answer = await client.post(
        "/api/v1/auth/sign-in", json={"phone": world.phones[role], "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['token']}"}


async def test_a_session_names_its_user_and_is_refused_the_moment_it_signs_out(client, world):
    session = await sign_in(client, world, Role.CLERK)
    me = await client.get("/api/v1/auth/me", headers=session)
    assert me.status_code == 200
    assert (me.json()["role"], me.json()["cooperative_id"]) == ("clerk", world.cooperative_id)

    assert (await client.post("/api/v1/auth/sign-out", headers=session)).status_code == 204
    refused = await client.get("/api/v1/auth/me", headers=session)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthorized"


async def test_an_expired_session_is_refused(client, world):
    session = await sign_in(client, world, Role.MEMBER)
    await SessionRow.update({SessionRow.expires_at: clock.now() - timedelta(seconds=1)}).where(
        SessionRow.user == world.actors[Role.MEMBER].user_id
    )
    assert (await client.get("/api/v1/auth/me", headers=session)).status_code == 401


async def test_an_api_token_is_refused_the_moment_it_is_revoked(client, world):
    clerk = world.headers(Role.CLERK)
    me = await client.get("/api/v1/auth/me", headers=clerk)
    assert me.json()["user_id"] == world.actors[Role.CLERK].user_id

    await ApiToken.update({ApiToken.revoked_at: clock.now()}).where(
        ApiToken.user == world.actors[Role.CLERK].user_id
    )
    assert (await client.get("/api/v1/auth/me", headers=clerk)).status_code == 401


async def test_a_deactivated_users_token_and_session_are_refused(client, world):
    session = await sign_in(client, world, Role.ADMIN)
    await User.update({User.active: False}).where(User.id == world.actors[Role.ADMIN].user_id)
    for headers in (world.headers(Role.ADMIN), session):
        assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401


async def test_a_made_up_token_is_refused(client, world):
    for token in ("coop_not-a-token", "not-a-token", ""):
        answer = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401
