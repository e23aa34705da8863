"""A household's own pages: its weigh-ins by season on /me, its statement by season, each weigh-in
linked to its receipt, and nobody else's receipt opened."""

from __future__ import annotations

import re
from datetime import date

from support_ledger import on, weigh_in

from coop.domain.actors import Role
from coop.services import clock
from coop.services.weighin_corrections import correct_weighin
from coop.tables import HarvestLot

RECEIPT = re.compile(r'href="/receipts/(\d+)"')


def section(page: str, testid: str) -> str:
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</section>", start)]


async def deliveries(world) -> dict[str, set[int]]:
    """H1: 3 weigh-ins in 2025, 22 in 2026 (one of them corrected); H2: one in 2026."""
    lots: dict[str, set[int]] = {"2025": set(), "2026": set()}
    for day in (3, 4, 5):
        lots["2025"].add(await weigh_in(world, "H1", 10_000, 1000, date(2025, 7, day)))
    for n in range(22):
        lots["2026"].add(await weigh_in(world, "H1", 10_000, 1000, date(2026, 6, 1 + n)))
    mistyped = max(lots["2026"])
    correction = await correct_weighin(world.actors[Role.CLERK], mistyped, 12_000, "秤没归零")
    assert correction.replacement is not None
    lots["2026"].add(correction.replacement.id)
    lots["H2"] = {await weigh_in(world, "H2", 5_000, 1000, date(2026, 7, 1))}
    return lots


async def test_me_lists_the_households_weigh_ins_of_the_chosen_season_with_their_receipts(
    visitor, world, monkeypatch
):
    summer = on(date(2026, 8, 1))
    monkeypatch.setattr(clock, "now", lambda: summer)
    lots = await deliveries(world)
    grower = await visitor(Role.MEMBER)  # H1

    mine = await grower.get("/me")  # this season: 2026
    assert mine.status_code == 200
    listed = section(mine.text, "deliveries")
    assert {int(i) for i in RECEIPT.findall(listed)} == lots["2026"]  # the corrected one too
    assert '<a href="/me?season=2026" aria-current="page">' in listed
    assert listed.count('class="item void"') == 1 and "已更正" in listed
    total = section(mine.text, "deliveries").split('data-testid="season-total"')[1]
    assert "过磅 22 次" in total and ">222<" in total and ">2220.00<" in total  # 21 x 10 kg + 12

    codes = re.findall(r'data-lot="([^"]+)"', listed)
    newest_first = (
        await HarvestLot.select(HarvestLot.code)
        .where(HarvestLot.id.is_in(list(lots["2026"])))
        .order_by(HarvestLot.picked_on, HarvestLot.id, ascending=False)
    )
    assert codes == [row["code"] for row in newest_first]  # a correction beside what it corrects
    assert ">2026-06-22<" in listed.split('class="item void"')[0]  # the new lot: the delivery's day

    last_season = section((await grower.get("/me?season=2025")).text, "deliveries")
    assert {int(i) for i in RECEIPT.findall(last_season)} == lots["2025"]
    assert "过磅 3 次" in last_season


async def test_the_statement_shows_only_the_chosen_season_each_lot_linked_to_its_receipt(
    visitor, world, monkeypatch
):
    summer = on(date(2026, 8, 1))
    monkeypatch.setattr(clock, "now", lambda: summer)
    lots = await deliveries(world)
    household = world.households["H1"]
    for role in (Role.MEMBER, Role.CLERK):
        client = await visitor(role)
        for season, kinds in (
            ("2025", ["fruit_purchase"] * 3),
            ("2026", ["fruit_purchase"] * 22 + ["reversal", "fruit_purchase"]),
        ):
            page = (await client.get(f"/households/{household}/statement?season={season}")).text
            assert re.findall(r'data-kind="(\w+)"', page) == kinds, (role, season)
            linked = [int(i) for i in RECEIPT.findall(page.split('data-testid="entries"')[1])]
            assert len(linked) == len(kinds)  # every entry, the reversal to the corrected lot
            assert set(linked) == lots[season]
            assert f'aria-current="page"><bdi class="num">{season}</bdi>' in page
        default = (await client.get(f"/households/{household}/statement")).text
        assert re.findall(r'data-kind="(\w+)"', default) == kinds  # this season: 2026


async def test_a_grower_opens_its_own_receipts_and_no_other_households(visitor, world):
    own = await weigh_in(world, "H1", 12_500, 1000, date(2026, 7, 1))
    other = await weigh_in(world, "H2", 30_000, 1000, date(2026, 7, 1))
    grower = await visitor(Role.MEMBER)  # H1
    assert (await grower.get(f"/receipts/{own}")).status_code == 200
    refused = await grower.get(f"/receipts/{other}")
    assert refused.status_code == 403
    assert "您只能查看自己家的记录" in refused.text
    assert "阿依古丽" not in refused.text and "300.00" not in refused.text
    processor = await visitor(Role.PROCESSOR)  # P1
    assert (await processor.get(f"/receipts/{own}")).status_code == 403
    assert (await (await visitor(Role.CLERK)).get(f"/receipts/{other}")).status_code == 200
