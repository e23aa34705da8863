"""The work team's message pages: a notice previewed then sent through a real gammu-smsd, the
day's counts and failed numbers, replies marked answered; nobody else sees phones."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime

import pytest
from conftest import missing
from support_gammu import running_smsd, wait_for

from coop.domain.actors import Role
from coop.services import replies, sending
from coop.tables import Cooperative, Household, HouseholdMessaging, OutMessage
from web.conftest import csrf_of, post_form

PHONES = {"H1": "13912340001", "H2": "13912340002", "P1": "13912340003"}


async def numbered(world, prefix: str) -> dict[str, str]:
    """This test's own numbers (the database is shared with other tests); H2 reads Uyghur."""
    phones = {code: f"1{prefix}{world.cooperative_id:07d}{i}" for i, code in enumerate(PHONES)}
    for code, phone in phones.items():
        await Household.update({Household.phone: phone, Household.village_group: "一组"}).where(
            Household.id == world.households[code]
        )
    await HouseholdMessaging.insert(
        HouseholdMessaging(household=world.households["H2"], locale="ug"),
        HouseholdMessaging(household=world.households["P1"], opted_out=True),
    )
    return phones


def number_in(page, testid: str) -> int:
    match = re.search(rf'data-testid="{testid}"[^>]*>\s*<bdi class="num">(\d+)</bdi>', page.text)
    assert match, f"{testid} not on the page"
    return int(match.group(1))


async def test_a_notice_preview_shows_how_many_households_and_sms_parts(visitor, world):
    await numbered(world, "71")
    client = await visitor(Role.WORK_TEAM)
    name = (
        await Cooperative.select(Cooperative.name)
        .where(Cooperative.id == world.cooperative_id)
        .first()
    )["name"]
    signature = len(f"【{name}】")
    chinese = "价" * (70 - signature)  # one SMS with the signature
    uyghur = "ئا" * 40  # 80 characters and the signature: two parts of 67
    preview = await post_form(
        client,
        "/messages/notices",
        "/messages/notices/preview",
        {"text_zh": chinese, "text_ug": uyghur, "village_group": ""},
    )
    assert preview.status_code == 200, preview.text
    assert number_in(preview, "recipients") == 2  # P1 opted out
    assert number_in(preview, "segments-zh") == 1
    assert number_in(preview, "segments-ug") == 2
    assert number_in(preview, "total-segments") == 3
    assert await OutMessage.count().where(OutMessage.cooperative == world.cooperative_id) == 0
    longer = await post_form(
        client, "/messages/notices", "/messages/notices/preview", {"text_zh": chinese + "价"}
    )
    assert number_in(longer, "segments-zh") == 2


async def test_a_sent_notice_shows_on_the_day_page_delivered_failed_and_failed_numbers(
    visitor, world, tmp_path
):
    if shutil.which("gammu-smsd") is None:
        missing("gammu-smsd (Debian package gammu-smsd)")
    phones = await numbered(world, "72")
    # Other tests' payouts and holds queued messages in this shared database; this gateway is
    # only for this test's own.
    await OutMessage.update({OutMessage.state: "failed", OutMessage.error: "another test"}).where(
        (OutMessage.state == "queued") & (OutMessage.cooperative != world.cooperative_id)
    )
    client = await visitor(Role.WORK_TEAM)
    preview = await post_form(
        client, "/messages/notices", "/messages/notices/preview", {"text_zh": "明天上午十点培训。"}
    )
    sent = await client.post(
        "/messages/notices",
        data={
            "text_zh": "明天上午十点培训。",
            "village_group": "",
            "_csrf_token": csrf_of(preview),
        },
    )
    assert sent.status_code == 303
    with running_smsd(tmp_path / "gammu") as smsd:

        async def both_sent():
            await sending.send_due(smsd.gateway)
            await sending.sync_states(smsd.gateway)
            rows = await OutMessage.select(OutMessage.state).where(
                OutMessage.cooperative == world.cooperative_id
            )
            return [r["state"] for r in rows] == ["sent", "sent"]

        assert await wait_for(both_sent), smsd.log()
        day = await client.get("/messages")
        assert number_in(day, "sent") == 2
        smsd.report(f"+86{phones['H1']}", "Delivered")
        smsd.report(f"+86{phones['H2']}", "Failed")

        async def settled():
            await sending.read_inbox(smsd.gateway)
            rows = await OutMessage.select(OutMessage.state).where(
                OutMessage.cooperative == world.cooperative_id
            )
            return {r["state"] for r in rows} == {"delivered", "failed"}

        assert await wait_for(settled), smsd.log()
    day = await client.get("/messages")
    assert (number_in(day, "sent"), number_in(day, "delivered"), number_in(day, "failed")) == (
        0,
        1,
        1,
    )
    failed = day.text.split('data-testid="failed-numbers"')[1]
    assert phones["H2"] in failed and "阿依古丽" in failed and phones["H1"] not in failed


async def test_replies_are_listed_apart_from_unknown_numbers_and_marked_answered(visitor, world):
    phones = await numbered(world, "73")
    now = datetime.now(UTC)
    await replies.store(
        f"IN-{world.cooperative_id}-1", f"+86{phones['H1']}", "化肥什么时候到？", now
    )
    await replies.store(f"IN-{world.cooperative_id}-2", "+8617700000000", "陌生号码", now)
    client = await visitor(Role.WORK_TEAM)
    page = await client.get("/messages/replies")
    known = page.text.split('data-testid="known-replies"')[1].split("</ul>")[0]
    assert "化肥什么时候到？" in known and "王建国" in known and "陌生号码" not in known
    assert "陌生号码" in page.text.split('data-testid="unknown-replies"')[1]
    (mine,) = await replies.replies(world.actors[Role.WORK_TEAM])
    answered = await client.post(
        f"/messages/replies/{mine.id}/answered", data={"_csrf_token": csrf_of(page)}
    )
    assert answered.status_code == 303
    assert (await replies.replies(world.actors[Role.WORK_TEAM]))[0].answered_at is not None


@pytest.mark.parametrize("role", [Role.MEMBER, Role.CLERK, Role.PROCESSOR])
async def test_only_the_work_team_and_admins_see_messages_and_phones(visitor, world, role):
    phones = await numbered(world, "74")
    client = await visitor(role)
    for path in ("/messages", "/messages/replies", "/messages/households", "/messages/notices"):
        answer = await client.get(path)
        assert answer.status_code == 403, path
        assert phones["H1"] not in answer.text
    slug = (
        await Cooperative.select(Cooperative.slug)
        .where(Cooperative.id == world.cooperative_id)
        .first()
    )["slug"]
    public = await (await visitor()).get(f"/c/{slug}")
    assert public.status_code == 200 and phones["H1"] not in public.text


async def test_the_work_team_sets_a_households_language_and_opt_out(visitor, world):
    await numbered(world, "75")
    client = await visitor(Role.WORK_TEAM)
    page = await client.get("/messages/households")
    assert page.status_code == 200
    saved = await client.post(
        f"/messages/households/{world.households['H1']}",
        data={"locale": "ug", "opted_out": "on", "_csrf_token": csrf_of(page)},
    )
    assert saved.status_code == 303
    row = (
        await HouseholdMessaging.select()
        .where(HouseholdMessaging.household == world.households["H1"])
        .first()
    )
    assert (row["locale"], row["opted_out"]) == ("ug", True)
    refused = await client.post(
        f"/messages/households/{world.households['H1']}",
        data={"locale": "fr", "_csrf_token": csrf_of(page)},
    )
    assert refused.status_code == 422
