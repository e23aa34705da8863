"""Reading what staff type into the trace search, ordering events, recall records (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coop.domain.errors import InvalidInput
from coop.domain.lots import LotKind, new_lot_code
from coop.domain.trace import (
    EventKind,
    TraceEvent,
    check_closing_note,
    duration_ms,
    format_duration,
    in_order,
    parse_trace_key,
)

BATCH = new_lot_code(LotKind.BATCH, 2026)
LOT = new_lot_code(LotKind.HARVEST, 2026)


@pytest.mark.parametrize(
    "typed",
    [
        f"{BATCH}/00042",
        f"http://127.0.0.1:8000/l/{BATCH}/00042",
        f"https://coop.example/01/06901234567892/10/{BATCH}/21/00042",
        f"  {BATCH.lower()}/00042 ",
    ],
    ids=["code", "url", "digital-link", "typed-lowercase"],  # the codes are new each run
)
def test_a_jars_label_in_any_printed_form_reads_as_its_batch_and_serial(typed):
    key = parse_trace_key(typed)
    assert (key.code, key.serial, key.is_batch) == (BATCH, "00042", True)


def test_a_harvest_lot_code_reads_without_a_serial():
    key = parse_trace_key(LOT)
    assert (key.code, key.serial, key.is_batch) == (LOT, None, False)


def test_a_mistyped_code_is_refused_with_the_check_symbol():
    wrong = LOT[:-1] + ("0" if LOT[-1] != "0" else "1")
    with pytest.raises(InvalidInput):
        parse_trace_key(wrong)


def event(kind: EventKind, minutes: int) -> TraceEvent:
    at = datetime(2026, 8, 1, 8, tzinfo=UTC) + timedelta(minutes=minutes)
    return TraceEvent(kind, at, "X", "jam", 1, "jar", "village", "order", "1")


def test_events_run_by_date_and_on_the_same_instant_harvest_comes_first():
    shipped, made, picked = (
        event(EventKind.SHIPPING, 0),
        event(EventKind.TRANSFORMATION, 0),
        event(EventKind.HARVEST, 5),
    )
    assert in_order([picked, shipped, made]) == [made, shipped, picked]


def test_a_recall_cannot_close_without_saying_what_was_done():
    with pytest.raises(InvalidInput):
        check_closing_note("   ")
    assert check_closing_note(" all jars back ") == "all jars back"


def test_a_drill_lasting_three_minutes_seven_reads_3_07():
    start = datetime(2026, 8, 1, 8, tzinfo=UTC)
    took = duration_ms(start, start + timedelta(minutes=3, seconds=7, milliseconds=250))
    assert took == 187_250
    assert format_duration(took) == "3:07"
