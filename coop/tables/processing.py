"""Processing: certified processors, batches, the lots they take and the labels printed."""

from __future__ import annotations

from piccolo.columns import BigInt, Boolean, Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coop.tables.accounts import User
from coop.tables.cooperative import Cooperative, Household, Product
from coop.tables.lots import HarvestLot


class ProcessorCertification(Table):
    """A household certified to process (craft, kitchen hygiene); at most one not lapsed."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    household = ForeignKey(Household, null=False, index=True)
    certified_on = Date()
    certified_by = ForeignKey(User, null=False)
    notes = Varchar(length=400, default="")
    lapsed_on = Date(null=True, default=None)
    lapsed_by = ForeignKey(User, null=True, default=None)
    lapse_reason = Varchar(length=200, default="")
    created_at = Timestamptz(default=TimestamptzNow())


class Batch(Table):
    """A processing batch: fruit from harvest lots in, jars out, under a batch lot code."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    code = Varchar(length=20, unique=True)
    product = ForeignKey(Product, null=False)
    household = ForeignKey(Household, null=False, index=True)  # the processor household
    season = Integer()
    status = Varchar(length=12, default="draft", index=True)  # coop.domain.processing.BatchStatus
    started_by = ForeignKey(User, null=False)
    started_at = Timestamptz(default=TimestamptzNow())
    finished_by = ForeignKey(User, null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    fruit_g = Integer(default=0)  # the inputs' sum, fixed when finished
    sugar_g = Integer(default=0)
    jars_filled = Integer(null=True, default=None)
    net_weight_g = Integer()  # per jar
    jars_in_stock = Integer(default=0)  # lowered by sales with a conditional UPDATE, never below 0
    fee_rate_fen_per_kg = BigInt()
    fee_fen = BigInt(null=True, default=None)
    made_on = Date(null=True, default=None)
    best_before = Date(null=True, default=None)
    yield_per_mille = Integer(null=True, default=None)
    yield_flagged = Boolean(default=False)
    buyer_name = Varchar(length=80, default="")  # custom processing for a buyer
    buyer_phone = Varchar(length=20, default="")
    order_ref = Varchar(length=40, default="")
    buyer_charge_fen = BigInt(null=True, default=None)  # the fee charged to that buyer
    replaces: ForeignKey = ForeignKey("self", null=True, default=None)
    correction_reason = Varchar(length=200, default="")
    corrected_by = ForeignKey(User, null=True, default=None)
    corrected_at = Timestamptz(null=True, default=None)


class BatchInput(Table):
    """Fruit taken from one harvest lot into a batch; unique per (batch, lot) (raw migration)."""

    id: Serial
    batch = ForeignKey(Batch, null=False, index=True)
    harvest_lot = ForeignKey(HarvestLot, null=False, index=True)
    weight_g = Integer()


class LabelRun(Table):
    """Labels printed for a batch: how many, on which layout, which serials, who and when."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    batch = ForeignKey(Batch, null=False, index=True)
    label_count = Integer()
    layout = Varchar(length=40)
    format = Varchar(length=10)  # pdf, png, svg, zpl, brother
    first_serial = Integer(null=True, default=None)  # null: a run without per-jar serials
    last_serial = Integer(null=True, default=None)
    printed_by = ForeignKey(User, null=True, default=None)  # null: the server's command line
    printed_at = Timestamptz(default=TimestamptzNow())
