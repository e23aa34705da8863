"""Text messages through a real gammu-smsd (dummy phone): receipts, notices, replies, reports."""

from __future__ import annotations

import os
import shutil
from datetime import date, timedelta

import pytest
from conftest import missing
from support_gammu import running_smsd, wait_for
from support_ledger import weigh_in
from support_postgres import scratch_postgres

from coop import db
from coop.domain.actors import Role
from coop.services import notices, payouts, replies, sending, sms_receipts
from coop.services.holds import Hold, hold
from coop.services.notices import Draft
from coop.tables import Household, HouseholdMessaging, OutMessage, Product

DAY = date(2026, 7, 15)
_serial = iter(range(10**6))


@pytest.fixture(scope="module")
async def own_url(database_url, tmp_path_factory):
    """These tests get a database of their own: the daily receipts and the sender work on every
    cooperative, and other tests' weigh-ins and payouts would queue hundreds of messages."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path_factory.mktemp('messages')}/coop.sqlite3"
        return
    async with scratch_postgres(database_url, "_messages") as url:
        yield url


@pytest.fixture(scope="module")
async def engine(own_url):
    """Overrides the shared engine for this module (the `database` fixture binds this one)."""
    engine = db.engine_for(own_url)
    await engine.start_connection_pool()
    await db.migrate(engine)
    yield engine
    await engine.close_connection_pool()


@pytest.fixture
def smsd(tmp_path):
    if shutil.which("gammu-smsd") is None:
        missing("gammu-smsd (Debian package gammu-smsd)")
    with running_smsd(tmp_path / "gammu") as daemon:
        yield daemon


async def give_phones(world) -> dict[str, str]:
    """Numbers of this test only (other tests share the database); H2 reads Uyghur, P1 opted out."""
    base = f"13{os.getpid() % 100:02d}{next(_serial) % 10**5:05d}"
    phones = {code: f"{base}{i + 1:02d}" for i, code in enumerate(("H1", "H2", "P1"))}
    for code, phone in phones.items():
        await Household.update({Household.phone: phone}).where(
            Household.id == world.households[code]
        )
    await HouseholdMessaging.insert(
        HouseholdMessaging(household=world.households["H2"], locale="ug"),
        HouseholdMessaging(household=world.households["P1"], opted_out=True),
    )
    await Product.update({Product.name_ug: "مالىنا"}).where(Product.id == world.fruit_id)
    return phones


async def messages_of(world, kind: str) -> list[dict]:
    return await (
        OutMessage.select()
        .where((OutMessage.cooperative == world.cooperative_id) & (OutMessage.kind == kind))
        .order_by(OutMessage.id)
    )


async def send_and_wait(smsd, world, count: int) -> list[dict]:
    """Hand the outbox over until this world's `count` messages are recorded as sent."""

    async def all_sent():
        await sending.send_due(smsd.gateway)
        await sending.sync_states(smsd.gateway)
        rows = await OutMessage.select().where(OutMessage.cooperative == world.cooperative_id)
        sent = [row for row in rows if row["state"] == "sent"]
        return sent if len(sent) >= count else None

    sent = await wait_for(all_sent)
    assert sent, smsd.log()
    return sent


async def test_a_days_weighins_become_one_receipt_per_household_at_the_hour(world, smsd):
    phones = await give_phones(world)
    await sms_receipts.set_hour(world.cooperative_id, 20)
    await weigh_in(world, "H1", 12_500, 1000, DAY)  # 125.00
    await weigh_in(world, "H1", 3_000, 1200, DAY)  # 36.00
    await weigh_in(world, "H2", 8_000, 1000, DAY)  # 80.00
    await weigh_in(world, "P1", 5_000, 1000, DAY)  # opted out
    hour = sms_receipts.cutoff(DAY, 20)

    await sms_receipts.compose_due(hour - timedelta(minutes=1))
    assert [r for r in await messages_of(world, "receipt") if r["cause_key"] == "2026-07-15"] == []

    await sms_receipts.compose_due(hour + timedelta(minutes=1))
    await sms_receipts.compose_due(hour + timedelta(minutes=2))  # a second pass writes nothing
    receipts = await messages_of(world, "receipt")
    assert [r["household"] for r in receipts] == [world.households["H1"], world.households["H2"]]

    await send_and_wait(smsd, world, 2)
    (h1,) = smsd.sent_texts(phones["H1"])
    assert "鲜树莓 12.5公斤×10.00元=125.00元" in h1
    assert "鲜树莓 3公斤×12.00元=36.00元" in h1
    assert "合计161.00元，合作社应付您161.00元。" in h1
    assert h1.startswith("【合作社")
    (h2,) = smsd.sent_texts(phones["H2"])
    assert "مالىنا 8 كىلو × 10.00 يۈەن = 80.00 يۈەن" in h2
    assert "جەمئىي 80.00 يۈەن" in h2
    assert smsd.sent_texts(phones["P1"]) == []  # opted out: nothing at all
    assert receipts[1]["segments"] == 2  # Uyghur is UCS-2: more than 70 characters, two parts


async def test_a_correction_after_the_hour_is_in_the_next_days_receipt(world, smsd):
    from coop.services.weighin_corrections import correct_weighin

    phones = await give_phones(world)
    lot_id = await weigh_in(world, "H1", 10_000, 1000, DAY)
    await sms_receipts.compose_due(sms_receipts.cutoff(DAY, 20) + timedelta(minutes=1))
    lot = await weigh_lot_code(lot_id)
    await correct_weighin(world.actors[Role.CLERK], lot_id, 9_000, "scale was wrong")
    next_day = date.today() + timedelta(days=1)  # the correction is dated now
    await sms_receipts.compose_due(sms_receipts.cutoff(next_day, 20) + timedelta(minutes=1))
    await send_and_wait(smsd, world, 2)
    first, second = smsd.sent_texts(phones["H1"])
    assert "10公斤×10.00元=100.00元" in first
    assert f"更正{lot}：-100.00元" in second
    assert "9公斤×10.00元=90.00元" in second
    assert "合计-10.00元，合作社应付您90.00元。" in second


async def weigh_lot_code(lot_id: int) -> str:
    from coop.tables import HarvestLot

    row = await HarvestLot.select(HarvestLot.code).where(HarvestLot.id == lot_id).first()
    return row["code"]


async def test_a_crash_between_handing_over_and_recording_sends_it_once(world, smsd, monkeypatch):
    phones = await give_phones(world)
    await notices.send(world.actors[Role.WORK_TEAM], Draft(text_zh="明天8点开始采摘。"))
    (queued,) = [r for r in await messages_of(world, "notice") if r["phone"] == phones["H1"]]

    async def crash(message_id: int, gateway_id: str) -> None:
        raise RuntimeError("power cut after the file was written")

    monkeypatch.setattr(sending, "record_handed", crash)
    with pytest.raises(RuntimeError):
        await sending.send_due(smsd.gateway)
    monkeypatch.undo()
    assert smsd.gateway.find(queued["id"]) is not None  # the gateway has it; coop never recorded

    await sending.send_due(smsd.gateway)  # the claim has not lapsed: nothing is tried again
    later = sending.clock.now() + sending.CLAIM + timedelta(seconds=1)
    await sending.send_due(smsd.gateway, later)  # tried again: found, recorded, not resent
    await send_and_wait(smsd, world, 2)
    assert len(smsd.sent_texts(phones["H1"])) == 1
    assert smsd.log().count(f"_coop{queued['id']}.txtd (total:") == 1
    row = (await messages_of(world, "notice"))[0]
    assert row["gateway_id"].endswith(f"_coop{queued['id']}.txtd")


async def test_a_payout_and_a_hold_tell_the_household_and_the_processor(world, smsd):
    from support_trace_chain import cook, weigh

    phones = await give_phones(world)
    await HouseholdMessaging.update({HouseholdMessaging.opted_out: False}).where(
        HouseholdMessaging.household == world.households["P1"]
    )
    await weigh_in(world, "H1", 20_000, 1000, DAY)  # 200.00 owed
    await payouts.record_payout(world.actors[Role.ADMIN], world.households["H1"], 15_000, "cash")
    lot = await weigh(world, "H1", 10_000)
    batch = await cook(world, [(lot.lot_code, 10_000)], jars=20)
    await hold(world.actors[Role.WORK_TEAM], Hold(batch.code, "a buyer fell ill"))
    assert len(await messages_of(world, "payout")) == 1
    assert [r["household"] for r in await messages_of(world, "hold")] == [world.households["P1"]]
    await send_and_wait(smsd, world, 2)
    (paid,) = smsd.sent_texts(phones["H1"])
    assert "已付给您150.00元（现金）" in paid
    assert "尚欠您50.00元" in paid  # 200.00 owed - 150.00 paid
    (held,) = smsd.sent_texts(phones["P1"])
    assert f"批次{batch.code}已暂停：a buyer fell ill" in held


async def test_replies_and_delivery_reports_come_back_through_the_modem(world, smsd):
    phones = await give_phones(world)
    await notices.send(world.actors[Role.WORK_TEAM], Draft(text_zh="明天培训。"))
    await send_and_wait(smsd, world, 2)
    smsd.receive(f"+86{phones['H1']}", "农药什么时候发？")
    smsd.receive("+8613999999999", "你好")
    smsd.report(f"+86{phones['H1']}", "Delivered")
    smsd.report(f"+86{phones['H2']}", "Failed")

    async def both_settled():
        await sending.read_inbox(smsd.gateway)
        states = {r["phone"]: r["state"] for r in await messages_of(world, "notice")}
        return states if set(states.values()) == {"delivered", "failed"} else None

    assert await wait_for(both_settled) == {phones["H1"]: "delivered", phones["H2"]: "failed"}
    work_team = world.actors[Role.WORK_TEAM]
    mine = await replies.replies(work_team)
    assert [(r.household_code, r.text, r.answered_at) for r in mine] == [
        ("H1", "农药什么时候发？", None)
    ]
    strangers = await replies.replies(work_team, known=False)
    assert "你好" in [r.text for r in strangers if r.phone == "13999999999"]
    await replies.mark_answered(work_team, mine[0].id)
    assert (await replies.replies(work_team))[0].answered_at is not None


async def test_the_app_hands_messages_over_while_it_serves(world, smsd, engine):
    from coop.app import create_app
    from coop.settings import Settings

    phones = await give_phones(world)
    settings = Settings(
        database_url="unused://", secret_key="test", smsd_config=smsd.config, sms_every_seconds=0.2
    )
    app = create_app(settings, engine=engine)
    async with app.lifespan():  # as uvicorn runs it: startup, serving, shutdown
        await notices.send(world.actors[Role.WORK_TEAM], Draft(text_zh="今天收购价每公斤10元。"))
        assert await wait_for(lambda: smsd.sent_texts(phones["H1"])), smsd.log()

        async def recorded():
            rows = await messages_of(world, "notice")
            return all(row["state"] == "sent" for row in rows)

        assert await wait_for(recorded)
    assert smsd.sent_texts(phones["H1"]) == [
        "【" + (await notices.cooperative_name(world.cooperative_id)) + "】今天收购价每公斤10元。"
    ]


async def test_the_messages_command_runs_one_pass(world, smsd, own_url):
    from support_cli import coop_in

    phones = await give_phones(world)
    await notices.send(world.actors[Role.WORK_TEAM], Draft(text_zh="明天停电，暂停收购。"))
    done = await coop_in(own_url, "messages", "--smsdrc", str(smsd.config))
    assert done.returncode == 0, done.stderr
    (row,) = [r for r in await messages_of(world, "notice") if r["phone"] == phones["H1"]]
    assert row["gateway_id"] and smsd.gateway.find(row["id"]) is not None
    assert await wait_for(lambda: smsd.sent_texts(phones["H1"]))


async def test_three_households_deliver_and_the_daily_run_sends_exactly_three_and_then_nothing(
    world, smsd
):
    phones = await give_phones(world)
    await HouseholdMessaging.update({HouseholdMessaging.opted_out: False}).where(
        HouseholdMessaging.household == world.households["P1"]
    )
    await sms_receipts.set_hour(world.cooperative_id, 20)
    await weigh_in(world, "H1", 12_500, 1000, DAY)  # 125.00
    await weigh_in(world, "H2", 8_000, 1000, DAY)  # 80.00, in Uyghur
    await weigh_in(world, "P1", 2_000, 1500, DAY)  # 30.00
    after_hour = sms_receipts.cutoff(DAY, 20) + timedelta(minutes=1)
    await sms_receipts.compose_due(after_hour)
    await send_and_wait(smsd, world, 3)
    assert "合计125.00元" in smsd.sent_texts(phones["H1"])[0]
    assert "جەمئىي 80.00 يۈەن" in smsd.sent_texts(phones["H2"])[0]
    assert "合计30.00元" in smsd.sent_texts(phones["P1"])[0]

    await sms_receipts.compose_due(after_hour + timedelta(hours=1))  # the daily job, run again
    await sending.send_due(smsd.gateway)
    assert len(await messages_of(world, "receipt")) == 3
    assert [len(smsd.sent_texts(phones[code])) for code in ("H1", "H2", "P1")] == [1, 1, 1]


async def test_a_notice_to_a_village_group_previews_its_count_and_parts_and_sends_once(world, smsd):
    phones = await give_phones(world)
    await HouseholdMessaging.update({HouseholdMessaging.opted_out: False}).where(
        HouseholdMessaging.household == world.households["P1"]
    )
    for code, group in (("H1", "一组"), ("H2", "一组"), ("P1", "二组")):
        await Household.update({Household.village_group: group}).where(
            Household.id == world.households[code]
        )
    team = world.actors[Role.WORK_TEAM]
    draft = Draft("明天上午一组采摘", "ئەتە چۈشتىن بۇرۇن بىرىنچى گۇرۇپپا", "一组", "notice-form-1")
    shown = await notices.preview(team, draft)
    assert (shown.recipients, shown.chinese, shown.uyghur) == (2, 1, 1)
    assert shown.total_segments == shown.segments_zh + shown.segments_ug
    assert await notices.send(team, draft) is not None
    assert await notices.send(team, draft) is None  # the same form again: sent once
    await send_and_wait(smsd, world, 2)
    assert len(smsd.sent_texts(phones["H1"])) == 1
    assert len(smsd.sent_texts(phones["H2"])) == 1
    assert smsd.sent_texts(phones["P1"]) == []  # another group
