"""Traceability: what a trace is asked for, the tracking events it finds, and recall records.

The export follows two rules. FSMA 204 (21 CFR Part 1, Subpart S, §1.1325-§1.1350) asks, for each
Critical Tracking Event — harvesting/receiving, transformation, shipping — its Key Data Elements:
traceability lot code, quantity and unit of measure, product description, location, date, and the
reference document's type and number. Regulation (EC) No 178/2002, art. 18, asks each business to
name the supplier one step back and the customer one step forward of every lot. One row per event
holds both: the lot, where it came from (input lot) and where it went (buyer or batch).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from coop.domain.errors import InvalidInput
from coop.domain.lots import normalise_lot_code

MAX_NOTE = 1000
# A label's URL (`…/l/LOT/SERIAL`, GS1 `…/10/LOT/21/SERIAL`) or its short form `LOT/SERIAL`.
_SERIAL_URL = re.compile(
    r"(?:.*/(?:l|10)/)?(?P<lot>[0-9A-Za-z][0-9A-Za-z\- ]{6,20}?)"
    r"(?:/(?:21/)?(?P<serial>[0-9A-Za-z]{1,20}))?/?"
)


class EventKind(StrEnum):
    """FSMA 204 Critical Tracking Events, as they happen in the cooperative."""

    HARVEST = "harvest"  # the weigh-in: harvesting and receiving at once
    TRANSFORMATION = "transformation"  # fruit into a jam batch
    SHIPPING = "shipping"  # jars or fruit to a buyer


class ContactChannel(StrEnum):
    PHONE = "phone"
    WECHAT = "wechat"
    VISIT = "visit"


class ContactOutcome(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    RETURNED = "returned"
    REFUNDED = "refunded"


@dataclass(frozen=True)
class TraceKey:
    """What a person typed, read: a lot code and, from a jar's label, its serial."""

    code: str
    serial: str | None = None

    @property
    def is_batch(self) -> bool:
        return self.code.startswith("B")


def parse_trace_key(text: str) -> TraceKey:
    """Read a lot code, `LOT/00042`, or a label's whole URL; a mistyped code is refused."""
    typed = unicodedata.normalize("NFKC", text).strip()
    match = _SERIAL_URL.fullmatch(typed)
    lot = match.group("lot") if match else typed
    serial = match.group("serial") if match else None
    return TraceKey(normalise_lot_code(lot), serial.upper() if serial else None)


@dataclass(frozen=True)
class TraceEvent:
    """One Critical Tracking Event with its Key Data Elements (one spreadsheet row)."""

    kind: EventKind
    at: datetime
    lot_code: str
    product: str
    quantity: int
    unit: str  # "g" or "jar"
    location: str
    reference_type: str
    reference_no: str
    source: str = ""  # one step back: the input lot or the grower household
    destination: str = ""  # one step forward: the batch or the buyer


def in_order(events: Iterable[TraceEvent]) -> list[TraceEvent]:
    """Events by date, then harvest before transformation before shipping on the same instant."""
    rank = {kind: n for n, kind in enumerate(EventKind)}
    return sorted(events, key=lambda e: (e.at, rank[e.kind], e.lot_code, e.reference_no))


# Column headers: Chinese for the reader, the FSMA 204 Key Data Element name in the second row.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("事件", "Critical tracking event"),
    ("日期时间", "Date"),
    ("批号", "Traceability lot code"),
    ("产品", "Product description"),
    ("数量", "Quantity"),
    ("单位", "Unit of measure"),
    ("地点", "Location description"),
    ("单据类型", "Reference document type"),
    ("单据号", "Reference document number"),
    ("上一环节", "Immediate previous source (one step back)"),
    ("下一环节", "Immediate subsequent recipient (one step forward)"),
)
EVENT_NAMES = {
    EventKind.HARVEST: "收获/收购",
    EventKind.TRANSFORMATION: "加工",
    EventKind.SHIPPING: "发货",
}


def event_row(event: TraceEvent, when: str) -> list[str | int]:
    """One event as a spreadsheet row; `when` is its local date and time, sortable as text."""
    return [
        EVENT_NAMES[event.kind],
        when,
        event.lot_code,
        event.product,
        event.quantity,
        event.unit,
        event.location,
        event.reference_type,
        event.reference_no,
        event.source,
        event.destination,
    ]


def channel_of(text: str) -> ContactChannel:
    if text not in set(ContactChannel):
        raise InvalidInput(
            "Choose how the buyer was contacted: phone, WeChat or a visit.",
            code="invalid_contact_channel",
        )
    return ContactChannel(text)


def outcome_of(text: str) -> ContactOutcome:
    if text not in set(ContactOutcome):
        raise InvalidInput(
            "Choose the outcome: reached, no answer, returned or refunded.",
            code="invalid_contact_outcome",
        )
    return ContactOutcome(text)


def check_reason(text: str) -> str:
    """A hold or recall says why; the regulator and the buyers will ask."""
    reason = text.strip()
    if not reason or len(reason) > 300:
        raise InvalidInput(
            "Say why this lot is doubtful (up to 300 characters).", code="reason_required"
        )
    return reason


def check_closing_note(text: str) -> str:
    """A recall is closed with a note saying what was done: the record ends with its outcome."""
    note = text.strip()
    if not note or len(note) > MAX_NOTE:
        raise InvalidInput(
            "Write a closing note saying what was done (up to {most} characters).",
            code="closing_note_required",
            most=MAX_NOTE,
        )
    return note


def check_contact_note(text: str) -> str:
    note = text.strip()
    if len(note) > 500:
        raise InvalidInput("A contact note is at most 500 characters.", code="note_too_long")
    return note


def duration_ms(started: datetime, completed: datetime) -> int:
    """A drill's duration in whole milliseconds (never negative)."""
    delta = completed - started
    return max(0, delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000)


def format_duration(ms: int) -> str:
    """Minutes and seconds, as a drill's stopwatch shows them: 3:07."""
    seconds = ms // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"
