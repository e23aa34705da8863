"""A demo cooperative: fictional households in a raspberry village, two seasons of weigh-ins,
and jam batches cooked by certified processors from the 2026 harvest."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from coop.db import write
from coop.domain.actors import Actor, Role
from coop.domain.money import amount_fen
from coop.services.auth import create_user
from coop.services.batch_finishing import finish_batch
from coop.services.batch_views import Finish, NewBatch
from coop.services.batches import start_batch, use_suggestion
from coop.services.certifications import certify
from coop.services.clock import LOCAL
from coop.services.members import record_share
from coop.services.order_creation import create_in_transaction, create_order
from coop.services.order_transitions import transition
from coop.services.order_views import NewLine, NewOrder, Transition
from coop.services.weighins import create_lot
from coop.tables import Cooperative, Household, Product

DEMO_PASSWORD = "coop-demo-2026"

HOUSEHOLDS = [  # code, name, member, consents to show name, baseline income in yuan
    ("GZ001", "阿依古丽·买买提", True, True, 6200),
    ("GZ002", "王建国", True, False, 8400),
    ("GZ003", "热依汗·吐尔逊", True, True, 5100),
    ("GZ004", "李秀英", True, False, 7300),
    ("GZ005", "马红梅", True, True, 4800),
    ("GZ006", "古丽娜尔·艾力", True, False, 5600),
    ("GZ007", "张伟", False, False, 9100),
    ("GZ008", "买买提江·吾斯曼", True, True, 3900),
]

USERS = [  # role, phone, name, household code
    (Role.ADMIN, "13900000001", "合作社管理员", None),
    (Role.CLERK, "13900000002", "过磅员 小刘", None),
    (Role.PROCESSOR, "13900000003", "阿依古丽·买买提", "GZ001"),
    (Role.WORK_TEAM, "13900000004", "驻村工作队 赵队长", None),
    (Role.MEMBER, "13900000005", "热依汗·吐尔逊", "GZ003"),
]


async def load_demo(if_empty: bool = False, seed: int = 2026) -> list[tuple[str, str, str]] | None:
    """Returns the demo sign-ins (role, phone, name), or None when skipped because not empty."""
    if if_empty and await Cooperative.count() > 0:
        return None
    rng = random.Random(seed)
    async with write():
        cooperative = Cooperative(
            slug="guozigou",
            name="果子沟树莓专业合作社",
            village="伊犁 · 果子沟村",
            story=(
                "果子沟村的农户种了多年树莓。驻村工作队帮我们建起了采摘园，开了网店。\n"
                "四户手艺好、厨房干净的农户现场熬制树莓酱，鲜果当天采摘、当天熬制。"
            ),
            shop_url="https://shop.example.cn/guozigou",
            order_phone="0999-8000000",
            wechat_id="guozigou-shumei",
            certifications="食品生产许可（小作坊登记）",
        )
        await cooperative.save()
        household_ids = {}
        for code, name, member, consent, baseline in HOUSEHOLDS:
            household = Household(
                cooperative=cooperative.id,
                code=code,
                display_name=name,
                is_member=member,
                consent_public_name=consent,
                phone=f"1380000{code[-3:]}0",
                village_group=f"{int(code[-1]) % 3 + 1} 组",
                baseline_income_fen=baseline * 100,
                baseline_year=2024,
            )
            await household.save()
            household_ids[code] = household.id
        fresh = Product(
            cooperative=cooperative.id,
            code="raspberry",
            name_zh="鲜树莓",
            name_ug="يېڭى بۆلجۈرگەن",
            name_en="Fresh raspberries",
            unit="kg",
            price_fen=2000,
            purchase_price_fen_per_kg=1000,
            shelf_life_days=3,
        )
        await fresh.save()
        jam = Product(
            cooperative=cooperative.id,
            code="jam-250",
            name_zh="树莓酱 250克",
            name_ug="بۆلجۈرگەن مۇرابباسى 250 گرام",
            name_en="Raspberry jam 250 g",
            unit="jar",
            price_fen=3500,
            net_weight_g=250,
            shelf_life_days=365,
            input_product=fresh.id,
            processing_fee_fen_per_kg=500,  # 5.00 yuan per kg of fruit
            yield_min_per_mille=700,
            yield_max_per_mille=950,
        )
        await jam.save()
    sign_ins = []
    user_ids = {}
    for role, phone, name, linked in USERS:
        user_ids[role] = await create_user(
            cooperative.id, phone, name, DEMO_PASSWORD, role, household_ids.get(linked or "")
        )
        sign_ins.append((role.value, phone, name))
    clerk = Actor(user_ids[Role.CLERK], cooperative.id, Role.CLERK, "过磅员 小刘")
    for season, days, price in ((2025, 40, 900), (2026, 60, 1000)):
        start = datetime(season, 6, 20, 8, tzinfo=LOCAL)
        async with write():
            for day in range(0, days, 3):
                for household_id in household_ids.values():
                    if rng.random() < 0.35:
                        continue
                    at = start + timedelta(days=day, minutes=rng.randrange(600))
                    weight_g = rng.randrange(4_000, 30_000, 100)
                    await create_lot(clerk, household_id, fresh.id, weight_g, price, "A", at=at)
                    last_weighed = at
    admin = Actor(user_ids[Role.ADMIN], cooperative.id, Role.ADMIN, "合作社管理员")
    processor = Actor(
        user_ids[Role.PROCESSOR],
        cooperative.id,
        Role.PROCESSOR,
        "阿依古丽·买买提",
        household_ids["GZ001"],
    )
    await make_demo_batches(admin, processor, household_ids, int(jam.id))
    await make_demo_orders(clerk, int(jam.id), int(fresh.id), last_weighed + timedelta(hours=2))
    await make_demo_shares(admin, household_ids)
    return sign_ins


async def make_demo_shares(admin: Actor, household_ids: dict[str, int]) -> None:
    """Each member paid in capital when the cooperative began; last year's reserve was quantified
    to members by their share of the volume (成员账户)."""
    for code, _, member, _, baseline in HOUSEHOLDS:
        if member:
            household = household_ids[code]
            await record_share(
                admin, household, 2025, "capital", 100_000 if baseline < 6000 else 200_000
            )
            await record_share(admin, household, 2025, "reserve", baseline * 3, "2025 年公积金量化")


# code of the processor household, start day, fruit g, sugar g, jars, buyer (custom processing)
BATCHES = [
    ("GZ001", date(2026, 6, 25), 10_000, 4000, 44, ""),
    ("GZ004", date(2026, 7, 2), 8000, 3000, 34, "游客 陈女士"),
    ("GZ001", date(2026, 7, 10), 6000, 2000, 18, ""),  # a low yield, flagged for review
]


async def make_demo_batches(
    admin: Actor, processor: Actor, household_ids: dict[str, int], jam_id: int
) -> None:
    """Two certified processor households cook jam from the 2026 harvest, oldest lots first."""
    for code in ("GZ001", "GZ004"):
        await certify(admin, household_ids[code], "厨房卫生、手艺合格", date(2026, 6, 15))
    for code, day, fruit_g, sugar_g, jars, buyer in BATCHES:
        maker = processor if processor.household_id == household_ids[code] else admin
        at = datetime.combine(day, time(9), tzinfo=LOCAL)
        fields = NewBatch(
            product_id=jam_id,
            household_id=household_ids[code],
            buyer_name=buyer,
            buyer_phone="13600000000" if buyer else "",
        )
        batch = await start_batch(maker, fields, at=at)
        await use_suggestion(maker, batch.id, fruit_g)
        await finish_batch(maker, batch.id, Finish(jars, sugar_g), at=at + timedelta(hours=6))


# channel, its order number, buyer, jars of jam, grams of fresh fruit, shipping fen, steps taken
ORDERS = [
    ("shop", "TB20260801001", "陈女士", 2, 0, 800, ("paid", "packed", "shipped", "delivered")),
    ("wechat", "WX-0815", "古丽米拉", 6, 0, 1200, ("paid", "packed")),
    ("phone", "", "马先生", 1, 0, 800, ("paid",)),
    ("on_site", "", "游客", 0, 2500, 0, ("paid", "packed", "shipped", "delivered")),
    ("shop", "TB20260801002", "刘先生", 3, 0, 800, ()),
]


async def make_demo_orders(
    clerk: Actor, jam_id: int, fresh_id: int, picking_garden_at: datetime
) -> None:
    """A few orders at different steps, so the order desk is not empty on first sight; fresh
    fruit is sold at the picking garden while it is fresh (the last harvest day)."""
    for channel, number, buyer, jars, grams, shipping, steps in ORDERS:
        line = NewLine(jam_id, jars=jars) if jars else NewLine(fresh_id, weight_g=grams)
        price = 3500 * jars if jars else amount_fen(grams, 2000)
        fields = NewOrder(
            channel=channel,
            channel_order_no=number,
            buyer_name=buyer,
            buyer_phone="13600000000" if channel != "on_site" else "",
            address="伊宁市解放路 8 号" if channel != "on_site" else "",
            lines=[line],
            shipping_fen=shipping,
            total_fen=price + shipping,
        )
        if grams:
            async with write():
                order_id = await create_in_transaction(clerk, fields, at=picking_garden_at)
        else:
            order_id = (await create_order(clerk, fields)).id
        for step in steps:
            shipped = step == "shipped"
            carrier, tracking = ("顺丰速运", "SF1029384756") if shipped else ("", "")
            await transition(clerk, order_id, Transition(step, carrier=carrier, tracking=tracking))
