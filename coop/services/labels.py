"""Label runs from the database: a batch's jar labels, and the cooperative's own QR.

Only a finished batch gets labels: a held or recalled one is refused with the reason (the rule
lives here, on the batch's status), and so is one not finished yet. Serials continue across a
batch's runs; they are handed out inside the run's write transaction after claiming the batch
row, so two runs at once never share a serial (PostgreSQL row lock; SQLite IMMEDIATE).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import msgspec

from coop.db import write
from coop.domain.actors import Action, Actor, Role
from coop.domain.errors import Conflict, Forbidden, NotFound
from coop.domain.label_runs import check_label_count
from coop.domain.lots import normalise_lot_code
from coop.domain.processing import BatchStatus
from coop.labels.content import LabelData, jar_labels
from coop.labels.layout import Layout, load_layout
from coop.labels.output import label_file
from coop.labels.urls import cooperative_url, lot_url
from coop.services.label_options import format_extension
from coop.tables import Batch, Cooperative, LabelRun

COMMAND_LINE = 0  # the user id of whoever runs `coop labels` on the server: no signed-in user
REFUSED = {
    BatchStatus.HELD.value: (
        "Batch {batch} is on hold (sale paused): it gets no labels until the hold is lifted.",
        "batch_held",
    ),
    BatchStatus.RECALLED.value: (
        "Batch {batch} is recalled: its jars must not be labelled or sold.",
        "batch_recalled",
    ),
    BatchStatus.DRAFT.value: (
        "Batch {batch} is not finished yet: finish it before printing its labels.",
        "batch_not_finished",
    ),
    BatchStatus.CORRECTED.value: (
        "Batch {batch} was corrected: print the labels of the batch that replaced it.",
        "batch_corrected",
    ),
}


class LabelRunView(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    batch_id: int
    batch_code: str
    count: int
    layout: str
    format: str
    first_serial: int | None
    last_serial: int | None
    printed_by: int | None  # None: the server's command line
    printed_at: datetime


@dataclass(frozen=True)
class PlannedRun:
    """A recorded run, ready to draw: its labels, its layout and the file name it prints to."""

    run: LabelRunView
    layout: Layout
    labels: list[LabelData]
    filename: str


@dataclass(frozen=True)
class LabelFile:
    filename: str
    content: bytes
    content_type: str
    run: LabelRunView

    def download_headers(self) -> dict[str, str]:
        """Offered under its name; the run's id and serials ride along (API and pages alike)."""
        headers = {
            "Content-Disposition": f'attachment; filename="{self.filename}"',
            "X-Label-Run": str(self.run.id),
        }
        if self.run.first_serial is not None:
            headers["X-Label-Serials"] = f"{self.run.first_serial}-{self.run.last_serial}"
        return headers


def refusal(status: str, batch_code: str) -> Conflict | None:
    """Why a batch in this status gets no labels; None for a finished batch (it may print)."""
    if status == BatchStatus.FINISHED.value:
        return None
    message, code = REFUSED.get(status, REFUSED[BatchStatus.DRAFT.value])
    return Conflict(message, code=code, batch=batch_code)


async def record_label_run(
    actor: Actor,
    batch: int | str,
    layout_name: str,
    count: int,
    serials: bool,
    fmt: str,
    *,
    base_url: str,
    with_price: bool = False,
) -> PlannedRun:
    """Check everything, then record the run (allocating its serials) in one write transaction."""
    actor.require(Action.PRINT_LABELS)  # a processor: its own household's batches
    check_label_count(count)
    extension = format_extension(fmt)
    layout = load_layout(layout_name)
    row = await _batch(actor, batch)
    template = LabelData(
        url="",
        cooperative=row["cooperative_name"],
        name_zh=row["name_zh"],
        name_ug=row["name_ug"],
        net_weight_g=row["net_weight_g"],
        lot=row["code"],
        made_on=row["made_on"],
        best_before=row["best_before"],
        price_fen=row["price_fen"] if with_price else None,
    )
    gtin = row["gtin"] or None
    lot_url(base_url, row["code"], gtin=gtin)  # a bad GTIN or base URL is refused before writing
    async with write():
        first = await _claim(row, count if serials else 0)
        run = LabelRun(
            cooperative=actor.cooperative_id,
            batch=row["id"],
            label_count=count,
            layout=layout.name,
            format=extension.lstrip("."),
            first_serial=first,
            last_serial=None if first is None else first + count - 1,
            printed_by=actor.user_id or None,
        )
        await run.save()
    view = LabelRunView(
        id=run.id,
        batch_id=row["id"],
        batch_code=row["code"],
        count=count,
        layout=layout.name,
        format=run.format,
        first_serial=run.first_serial,
        last_serial=run.last_serial,
        printed_by=run.printed_by,
        printed_at=run.printed_at,
    )
    labels = jar_labels(template, base_url, count, first_serial=first, gtin=gtin)
    span = f"{labels[0].serial}-{labels[-1].serial}" if first is not None else f"x{count}"
    return PlannedRun(view, layout, labels, f"{row['code']}-{layout.name}-{span}{extension}")


async def print_batch_labels(
    actor: Actor,
    batch: int | str,
    layout_name: str,
    count: int,
    serials: bool,
    fmt: str,
    *,
    base_url: str,
    with_price: bool = False,
) -> LabelFile:
    """A batch's labels as one file to download, the run recorded (API and pages)."""
    planned = await record_label_run(
        actor, batch, layout_name, count, serials, fmt, base_url=base_url, with_price=with_price
    )
    # Drawing 10 000 labels takes a while: off the event loop, so other requests go on.
    name, content, content_type = await asyncio.to_thread(
        label_file, planned.filename, planned.layout, planned.labels
    )
    return LabelFile(name, content, content_type, planned.run)


async def lot_labels_from_command_line(
    lot: str, layout_name: str, count: int, serials: bool, fmt: str, *, base_url: str
) -> PlannedRun:
    """`coop labels LOT`: whoever runs it on the server acts for the batch's cooperative."""
    code = normalise_lot_code(lot)
    row = await Batch.select(Batch.cooperative).where(Batch.code == code).first()
    if row is None:
        raise _no_batch(code)
    actor = Actor(COMMAND_LINE, row["cooperative"], Role.ADMIN, "coop labels")
    return await record_label_run(actor, code, layout_name, count, serials, fmt, base_url=base_url)


async def label_runs(actor: Actor, batch: int | str) -> list[LabelRunView]:
    """A batch's label runs, newest first."""
    actor.require(Action.SEE_LABEL_RUNS)
    row = await _batch(actor, batch)
    rows = await (
        LabelRun.select(
            LabelRun.id,
            LabelRun.batch.as_alias("batch_id"),
            LabelRun.batch.code.as_alias("batch_code"),
            LabelRun.label_count.as_alias("count"),
            LabelRun.layout,
            LabelRun.format,
            LabelRun.first_serial,
            LabelRun.last_serial,
            LabelRun.printed_by,
            LabelRun.printed_at,
        )
        .where(LabelRun.batch == row["id"])
        .order_by(LabelRun.id, ascending=False)
    )
    return [msgspec.convert(run, LabelRunView, strict=False) for run in rows]


async def cooperative_label(slug: str, base_url: str) -> LabelData:
    """The label for a cooperative's own page `/c/{slug}`: QR and address, name, village."""
    row = await (
        Cooperative.select(Cooperative.name, Cooperative.village)
        .where(Cooperative.slug == slug)
        .first()
    )
    if row is None:
        raise NotFound("No cooperative {slug}.", code="cooperative_not_found", slug=slug)
    url = cooperative_url(base_url, slug)
    return LabelData(
        url=url,
        name_zh=row["name"],  # the heading
        cooperative=row["village"] or row["name"],  # the foot line
        url_text=url.split("://", 1)[1],
    )


# --- inside the cooperative -----------------------------------------------------------------------


async def _batch(actor: Actor, batch: int | str) -> dict[str, Any]:
    """The batch (by id or lot code) with what its label says; a processor may print its own."""
    query = Batch.select(
        Batch.id,
        Batch.code,
        Batch.household,
        Batch.net_weight_g,
        Batch.made_on,
        Batch.best_before,
        Batch.product.name_zh.as_alias("name_zh"),
        Batch.product.name_ug.as_alias("name_ug"),
        Batch.product.gtin.as_alias("gtin"),
        Batch.product.price_fen.as_alias("price_fen"),
        Batch.cooperative.name.as_alias("cooperative_name"),
    ).where(Batch.cooperative == actor.cooperative_id)
    if isinstance(batch, str):
        batch = normalise_lot_code(batch)
        row = await query.where(Batch.code == batch).first()
    else:
        row = await query.where(Batch.id == batch).first()
    if row is None:
        raise _no_batch(batch)
    if actor.role == Role.PROCESSOR and actor.household_id != row["household"]:
        raise Forbidden("This batch belongs to another processor household.", code="not_your_batch")
    return row


def _no_batch(batch: int | str) -> NotFound:
    return NotFound("No batch {batch} in this cooperative.", code="batch_not_found", batch=batch)


async def _claim(row: dict[str, Any], serials: int) -> int | None:
    """Claim a finished batch's row for this transaction (refusing any other status, with the
    reason), then the first of its next `serials` serials: one past the last run's last."""
    claimed = await (
        Batch.update({Batch.status: BatchStatus.FINISHED.value})
        .where((Batch.id == row["id"]) & (Batch.status == BatchStatus.FINISHED.value))
        .returning(Batch.id)
    )
    if not claimed:
        current = await Batch.select(Batch.status).where(Batch.id == row["id"]).first()
        status = current["status"] if current else BatchStatus.DRAFT.value
        raise refusal(status, row["code"]) or AssertionError(f"batch {row['code']} unclaimed")
    if not serials:
        return None
    last = await (
        LabelRun.select(LabelRun.last_serial)
        .where((LabelRun.batch == row["id"]) & LabelRun.last_serial.is_not_null())
        .order_by(LabelRun.last_serial, ascending=False)
        .first()
    )
    return (last["last_serial"] if last else 0) + 1
