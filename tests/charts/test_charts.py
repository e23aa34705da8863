"""Charts are SVG that parses, with one bar or point per figure and Chinese labels."""

import xml.etree.ElementTree as ET
from datetime import date

from coop.charts.income import cumulative_chart, gains_chart, weekly_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 360 " + root.get("viewBox", "").split()[-1]
    assert root.get("width") == "100%"
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iterfind(".//svg:text", NS)]


def of_class(root: ET.Element, tag: str, name: str) -> list[ET.Element]:
    return [e for e in root.iterfind(f".//svg:{tag}", NS) if e.get("class") == name]


def test_the_cumulative_chart_draws_a_point_per_day_and_last_years_total():
    points = [(date(2026, 7, 1), 30000), (date(2026, 7, 4), 50000), (date(2026, 7, 8), 80000)]
    root = parse(cumulative_chart(points, 50000, "本季累计收入"))
    assert len(of_class(root, "circle", "point")) == 3
    assert len(of_class(root, "line", "last-year")) == 1
    labels = texts(root)
    assert "本季累计收入" in labels
    assert "去年 ¥500.00" in labels
    assert {"7月1日", "7月8日"} <= set(labels)
    tips = ["".join(c.itertext()) for c in of_class(root, "circle", "point")]
    assert tips[-1] == "7月8日：累计 ¥800.00"


def test_the_last_point_of_a_rising_line_is_the_highest():
    points = [(date(2026, 7, 1), 100), (date(2026, 7, 2), 900)]
    circles = of_class(parse(cumulative_chart(points, None, "x")), "circle", "point")
    assert int(circles[1].get("cy")) < int(circles[0].get("cy"))  # SVG's y grows downwards


def test_the_gains_chart_has_a_bar_per_household_and_losses_go_left():
    root = parse(gains_chart([("H1 王建国", 30000), ("H2 阿依古丽", -5000)], "各户增收"))
    bars = of_class(root, "rect", "bar")
    assert len(bars) == 2
    assert int(bars[1].get("x")) < int(bars[0].get("x"))
    assert "H1 王建国" in texts(root)


def test_the_weekly_chart_has_a_bar_per_week_with_income():
    days = [(date(2026, 7, 1), 30000), (date(2026, 7, 4), 20000), (date(2026, 7, 8), 30000)]
    root = parse(weekly_chart(days, "每周收入"))
    bars = of_class(root, "rect", "bar")
    assert len(bars) == 2  # the weeks of Monday 29 June and Monday 6 July
    assert "".join(bars[0].itertext()) == "6月29日那周：¥500.00"


def test_charts_without_data_say_so():
    assert "还没有收入" in texts(parse(weekly_chart([], "每周收入")))
    assert "还没有收入" in texts(parse(cumulative_chart([], None, "累计")))
