"""Income charts the work team would rather look at than read: pure functions, data in, SVG out.

Labels come from the catalogs (Chinese by default); amounts are whole fen, drawn in whole pixels.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from coop.charts.svg import (
    LINE,
    WIDTH,
    circle,
    line,
    polyline,
    rect,
    scale,
    svg,
    text,
    text_lines,
    text_width,
    wrap,
)
from coop.domain.income_review import weekly_totals
from coop.domain.money import format_yuan
from coop.i18n import translate

LEFT, RIGHT, TOP, BOTTOM = 48, 10, 28, 30
PLOT_HEIGHT = 160
LINE_COLOUR, LAST_YEAR_COLOUR = "#2563eb", "#dc2626"
GAIN_COLOUR, LOSS_COLOUR, BAR_COLOUR = "#16a34a", "#dc2626", "#7c3aed"
AXIS = {"stroke": "#9ca3af", "stroke_width": 1}


def _day(day: date, locale: str) -> str:
    return translate("{month}/{day}", locale, month=day.month, day=day.day)


def _yuan(fen: int, locale: str) -> str:
    return translate("¥{amount}", locale, amount=format_yuan(fen))


def _whole_yuan(fen: int) -> str:
    return f"¥{fen // 100}"


def _headroom(*values: int) -> int:
    """The top of the value axis: a tenth above the largest value, at least one yuan."""
    return max((100, *values)) * 11 // 10


def _left(top: int) -> int:
    """Where the plot starts: right of the widest amount on the value axis."""
    return max(LEFT, text_width(_whole_yuan(top)) + 8)


def _value_axis(top: int) -> list[str]:
    bottom_y, left = TOP + PLOT_HEIGHT, _left(top)
    parts = [
        line(left, TOP, left, bottom_y, **AXIS),
        line(left, bottom_y, WIDTH - RIGHT, bottom_y, **AXIS),
    ]
    for fen in (0, top // 2, top):
        y = bottom_y - scale(fen, top, PLOT_HEIGHT)
        parts.append(text(left - 4, y + 4, _whole_yuan(fen), "end", class_="tick"))
    return parts


def cumulative_chart(
    points: Sequence[tuple[date, int]], last_year_fen: int | None, title: str, locale: str = "zh_CN"
) -> str:
    """Running income through the season, a point per day with income, against last year's total."""
    height = TOP + PLOT_HEIGHT + BOTTOM
    top = _headroom(last_year_fen or 0, *(fen for _, fen in points))
    parts = _value_axis(top)
    bottom_y, left = TOP + PLOT_HEIGHT, _left(top)
    plot_width = WIDTH - left - RIGHT
    if last_year_fen:
        y = bottom_y - scale(last_year_fen, top, PLOT_HEIGHT)
        label = translate("Last year {amount}", locale, amount=_yuan(last_year_fen, locale))
        parts.append(
            line(
                left,
                y,
                WIDTH - RIGHT,
                y,
                stroke=LAST_YEAR_COLOUR,
                stroke_dasharray="4 3",
                class_="last-year",
            )
        )
        parts.append(text(WIDTH - RIGHT, y - 4, label, "end", fill=LAST_YEAR_COLOUR))
    if not points:
        parts.append(
            text(WIDTH // 2, TOP + PLOT_HEIGHT // 2, translate("No income yet", locale), "middle")
        )
        return svg(height, title, parts)
    first, last = points[0][0], points[-1][0]
    span = max((last - first).days, 1)
    xy = [
        (
            left + scale((day - first).days, span, plot_width),
            bottom_y - scale(fen, top, PLOT_HEIGHT),
        )
        for day, fen in points
    ]
    parts.append(polyline(xy, stroke=LINE_COLOUR, stroke_width=2))
    for (day, fen), (x, y) in zip(points, xy, strict=True):
        tip = translate(
            "{day}: {amount} so far", locale, day=_day(day, locale), amount=_yuan(fen, locale)
        )
        parts.append(circle(x, y, tip, fill=LINE_COLOUR, class_="point"))
    parts.append(text(left, bottom_y + 16, _day(first, locale), "start", class_="day"))
    if last != first:
        parts.append(text(WIDTH - RIGHT, bottom_y + 16, _day(last, locale), "end", class_="day"))
    return svg(height, title, parts)


ROW, BAR = 20, 14
MAX_LABEL_WIDTH = WIDTH * 9 // 20  # a longer household's name goes on a second line


def gains_chart(gains: Sequence[tuple[str, int]], title: str, locale: str = "zh_CN") -> str:
    """One horizontal bar per household: its gain in fen, green right of zero, red left of it.
    Each household's label is whole: the label column is as wide as the longest (up to
    MAX_LABEL_WIDTH; a longer one is wrapped at a space and its row grows)."""
    label_width = min(max((text_width(label) for label, _ in gains), default=0), MAX_LABEL_WIDTH)
    amounts = [_whole_yuan(fen) for _, fen in gains]
    label_column = label_width + 8
    plot_width = WIDTH - label_column - RIGHT - max(map(text_width, amounts), default=0) - 4
    most = max((fen for _, fen in gains), default=0)
    least = min((fen for _, fen in gains), default=0)
    spread = max(most, 0) - min(least, 0) or 1
    zero_x = label_column + scale(-min(least, 0), spread, plot_width)
    parts, y = [], TOP
    for (label, fen), amount in zip(gains, amounts, strict=True):
        lines = wrap(label, label_width)
        row = max(ROW, LINE * len(lines) + 4)
        bar_y = y + (row - ROW) // 2
        length = scale(abs(fen), spread, plot_width)
        x = zero_x if fen >= 0 else zero_x - length
        colour = GAIN_COLOUR if fen >= 0 else LOSS_COLOUR
        tip = f"{label}: {_yuan(fen, locale)}"
        parts.append(text_lines(label_width + 2, y + BAR - 2, lines, "end", class_="label"))
        parts.append(rect(x, bar_y, length, BAR, tip, fill=colour, class_="bar"))
        parts.append(text(max(x + length, zero_x) + 3, bar_y + BAR - 2, amount, class_="value"))
        y += row
    parts.insert(0, line(zero_x, TOP - 4, zero_x, max(y, TOP + ROW) + 4, **AXIS))
    return svg(max(y, TOP + ROW) + 8, title, parts)


def weekly_chart(daily: Sequence[tuple[date, int]], title: str, locale: str = "zh_CN") -> str:
    """Income by week (weeks named by their Monday): one vertical bar per week with income."""
    weeks = weekly_totals(daily)
    height = TOP + PLOT_HEIGHT + BOTTOM
    top = _headroom(*(fen for _, fen in weeks))
    parts = _value_axis(top)
    bottom_y, left = TOP + PLOT_HEIGHT, _left(top)
    slot = (WIDTH - left - RIGHT) // max(len(weeks), 1)
    every = -(-len(weeks) // 8)  # at most eight date labels fit on a phone
    for index, (monday, fen) in enumerate(weeks):
        bar_height = scale(max(fen, 0), top, PLOT_HEIGHT)
        x = left + index * slot + 1
        tip = translate(
            "Week of {day}: {amount}", locale, day=_day(monday, locale), amount=_yuan(fen, locale)
        )
        parts.append(
            rect(
                x,
                bottom_y - bar_height,
                max(slot - 2, 1),
                bar_height,
                tip,
                fill=BAR_COLOUR,
                class_="bar",
            )
        )
        if index % every == 0:
            parts.append(
                text(x + slot // 2, bottom_y + 16, _day(monday, locale), "middle", class_="day")
            )
    if not weeks:
        parts.append(
            text(WIDTH // 2, TOP + PLOT_HEIGHT // 2, translate("No income yet", locale), "middle")
        )
    return svg(height, title, parts)
