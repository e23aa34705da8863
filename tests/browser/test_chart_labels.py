"""The income charts drawn by Chromium on a right-to-left Uyghur page and a Chinese one: every
text lies inside the drawing, and each household's name in the gains chart is there whole."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from coop.charts.income import cumulative_chart, gains_chart, weekly_chart
from coop.i18n import translate

pytestmark = pytest.mark.browser

HOUSEHOLDS = [  # long names in both scripts, and a loss
    ("GZ001 阿依古丽·买买提", 144_100),
    ("GZ008 买买提江·吾斯曼", 36_980),
    ("GZ012 ئابدۇرەھىم مۇھەممەت", 12_000),
    ("GZ005 马红梅", -22_580),
]
DAYS = [(date(2026, 6, 20) + timedelta(days=3 * i), 1_000_000 + 95_000 * i) for i in range(20)]


def page_of(locale: str, charts: list[str]) -> str:
    rtl = locale == "ug"
    figures = "".join(f'<figure style="width:340px;margin:0">{c}</figure>' for c in charts)
    return (
        f'<!doctype html><html lang="{locale.replace("_", "-")}" dir="{"rtl" if rtl else "ltr"}">'
        f"<body>{figures}</body></html>"
    )


def charts_in(locale: str) -> list[str]:
    return [
        cumulative_chart(
            DAYS,
            1_348_470,
            translate(
                "{name}: income through season {season}", locale, name="热依汗·吐尔逊", season=2026
            ),
            locale,
        ),
        gains_chart(HOUSEHOLDS, translate("Gain over last year by household", locale), locale),
        weekly_chart(DAYS, translate("Village income by week", locale), locale),
    ]


# Each text's drawn box in the units of its chart's viewBox, and the viewBox itself.
OUTSIDE = """() => [...document.querySelectorAll('svg')].flatMap(svg => {
  const box = svg.viewBox.baseVal;
  return [...svg.querySelectorAll('text')].map(t => {
    const b = t.getBBox(), m = t.getCTM();  // the title moves the drawing down by a transform
    return {text: t.textContent, left: b.x + m.e, right: b.x + b.width + m.e,
            top: b.y + m.f, bottom: b.y + b.height + m.f, width: box.width, height: box.height};
  });
}).filter(t => t.left < -0.5 || t.top < -0.5
              || t.right > t.width + 0.5 || t.bottom > t.height + 0.5)"""


@pytest.mark.parametrize("locale", ["ug", "zh_CN", "en"])
async def test_no_chart_text_is_clipped(browser, locale):
    page = await browser.new_page(viewport={"width": 360, "height": 740})
    await page.set_content(page_of(locale, charts_in(locale)))
    assert await page.evaluate(OUTSIDE) == []
    await page.screenshot(path=f"/tmp/coop-charts-{locale}.png", full_page=True)
    await page.close()


async def test_the_gains_chart_names_every_household_whole_and_apart_from_its_bar(browser):
    page = await browser.new_page(viewport={"width": 360, "height": 740})
    await page.set_content(page_of("ug", [charts_in("ug")[1]]))
    labels = await page.evaluate(
        """() => [...document.querySelectorAll('text.label')].map(t => {
             const b = t.getBBox(); return {text: t.textContent, right: b.x + b.width}; })"""
    )
    bars = await page.evaluate(
        "Math.min(...[...document.querySelectorAll('rect.bar')].map(r => r.getBBox().x))"
    )
    whole = ["".join(name.split()) for name, _ in HOUSEHOLDS]
    assert ["".join(label["text"].split()) for label in labels] == whole
    assert all(label["right"] <= bars for label in labels)  # no name runs under a bar
    await page.close()
