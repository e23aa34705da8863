"""What a label says: the data a service passes in, and the line of text for each layout field."""

from __future__ import annotations

from datetime import date

import msgspec

from coop.domain.label_runs import check_label_count
from coop.domain.money import format_yuan
from coop.domain.weight import format_kg
from coop.i18n import DEFAULT_LOCALE, translate
from coop.labels.urls import lot_url


class LabelData(msgspec.Struct, frozen=True, kw_only=True):
    """One label's content; empty fields are left off the label (a cooperative QR has no lot)."""

    url: str  # what the QR carries (coop.labels.urls)
    cooperative: str
    name_zh: str = ""
    name_ug: str = ""  # printed right to left when the cooperative chooses a Uyghur line
    net_weight_g: int | None = None
    lot: str = ""
    made_on: date | None = None
    best_before: date | None = None
    price_fen: int | None = None
    serial: str = ""  # per-jar serial, printed under the QR
    url_text: str = ""  # the address printed under the QR (posters), empty on jar labels
    lines: tuple[str, ...] = ()  # line_1…line_4: a certificate's facts, empty on jar labels

    def fixed_part(self) -> LabelData:
        """The same label without what changes from jar to jar: drawn once per run."""
        return msgspec.structs.replace(self, url="", serial="")


def format_net_weight(weight_g: int) -> str:
    """Net weight as on food labels (GB 7718): grams below a kilogram, else kilograms."""
    return f"{weight_g} g" if weight_g < 1000 else f"{format_kg(weight_g)} kg"


def field_text(data: LabelData, field: str, locale: str = DEFAULT_LOCALE) -> str:
    """The text a layout field shows for this label; empty when the label has nothing for it."""
    if field == "net_weight":
        if data.net_weight_g is None:
            return ""
        return translate(
            "Net weight: {weight}", locale, weight=format_net_weight(data.net_weight_g)
        )
    if field == "lot":
        return translate("Lot: {lot}", locale, lot=data.lot) if data.lot else ""
    if field == "made_on":
        return translate("Made on: {date}", locale, date=data.made_on) if data.made_on else ""
    if field == "best_before":
        if data.best_before is None:
            return ""
        return translate("Best before: {date}", locale, date=data.best_before)
    if field == "price":
        return "" if data.price_fen is None else f"¥{format_yuan(data.price_fen)}"
    if field == "serial":
        return translate("No. {serial}", locale, serial=data.serial) if data.serial else ""
    if field.startswith("line_"):
        index = int(field.removeprefix("line_")) - 1
        return data.lines[index] if index < len(data.lines) else ""
    value = getattr(data, field, "")
    return value if isinstance(value, str) else ""


def jar_labels(
    template: LabelData,
    base_url: str,
    count: int,
    *,
    first_serial: int | None = None,
    gtin: str | None = None,
) -> list[LabelData]:
    """A batch's run: `count` labels for the template's lot, each with its own serial when
    `first_serial` is given (zero-padded to one width so every code of a run has one size)."""
    check_label_count(count)
    if first_serial is None:
        same = msgspec.structs.replace(template, url=lot_url(base_url, template.lot, gtin=gtin))
        return [same] * count
    last = first_serial + count - 1
    width = max(5, len(str(last)))
    serials = [f"{n:0{width}d}" for n in range(first_serial, last + 1)]
    return [
        msgspec.structs.replace(
            template, url=lot_url(base_url, template.lot, serial=s, gtin=gtin), serial=s
        )
        for s in serials
    ]
