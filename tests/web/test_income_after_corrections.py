"""A weight mistyped one day and corrected the next leaves no caught-up date on any income page."""

from __future__ import annotations

import re
from datetime import date

from support_ledger import on, weigh_in

from coop.domain.actors import Role
from coop.exports.report import income_report
from coop.services import clock
from coop.services.weighin_corrections import correct_weighin
from coop.tables import Cooperative

CAUGHT_UP = re.compile(r"追平去年日期</span>\s*<span[^>]*>(.*?)</span>", re.S)


async def test_no_page_or_report_shows_a_date_only_a_mistyped_weight_reached(
    visitor, world, monkeypatch
):
    await weigh_in(world, "H1", 100_000, 1000, date(2025, 7, 1))  # last season: 1000.00
    mistyped = await weigh_in(world, "H1", 1_500_000, 1000, date(2026, 7, 1))  # 1500 kg, not 15
    next_day = on(date(2026, 7, 2))
    monkeypatch.setattr(clock, "now", lambda: next_day)
    await correct_weighin(world.actors[Role.CLERK], mistyped, 15_000, "多打了两个零")
    team = await visitor(Role.WORK_TEAM)

    village = await team.get("/income?season=2026")
    household = await team.get(f"/income/households/{world.households['H1']}?season=2026")
    summary = await team.get("/income/summary?season=2026")
    for page in (village, household):
        assert page.status_code == 200
        assert [shown.strip() for shown in CAUGHT_UP.findall(page.text)] == ["尚未追平"]
    assert "<dt>追平去年日期</dt><dd>尚未追平</dd>" in summary.text
    assert "150.00" in village.text and "15,000.00" not in village.text

    slug = (
        await Cooperative.select(Cooperative.slug).where(Cooperative.id == world.cooperative_id)
    )[0]["slug"]
    report = (await income_report(2026, slug, None, "zh_CN")).decode()
    assert "全村收入于" not in report and "150.00" in report
