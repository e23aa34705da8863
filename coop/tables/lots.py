"""Fruit weighed in: growers' records, harvest lots and their corrections."""

from __future__ import annotations

from piccolo.columns import BigInt, Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coop.tables.accounts import User
from coop.tables.cooperative import Cooperative, Household, Product


class GrowerRecord(Table):
    """A harvest weight a grower recorded; it waits for the scale unless the cooperative trusts."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    household = ForeignKey(Household, null=False)
    product = ForeignKey(Product, null=False)
    weight_g = Integer()
    note = Varchar(length=200, default="")
    recorded_by = ForeignKey(User, null=False)
    recorded_at = Timestamptz(default=TimestamptzNow())
    status = Varchar(length=12, default="pending")  # pending, confirmed, rejected
    confirmed_weight_g = Integer(null=True, default=None)
    confirm_reason = Varchar(length=200, default="")
    confirmed_by = ForeignKey(User, null=True, default=None)
    confirmed_at = Timestamptz(null=True, default=None)


class HarvestLot(Table):
    """One per weigh-in: what a household delivered, at what price, under which lot code."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    code = Varchar(length=20, unique=True)
    household = ForeignKey(Household, null=False, index=True)
    product = ForeignKey(Product, null=False)
    season = Integer()
    weight_g = Integer()
    remaining_g = Integer()
    grade = Varchar(length=20, default="")
    price_fen_per_kg = BigInt()
    amount_fen = BigInt()
    status = Varchar(length=12, default="open")  # open, held, recalled (recalls), void (corrected)
    grower_record = ForeignKey(GrowerRecord, null=True, default=None)
    replaces: ForeignKey = ForeignKey("self", null=True, default=None)
    weighed_by = ForeignKey(User, null=False)
    weighed_at = Timestamptz(default=TimestamptzNow())
    weight_source = Varchar(length=5, default="typed")  # typed (keys, keyboard-wedge) or scale
    scale_reading = Varchar(length=40, default="")  # the scale's raw frame (coop.domain.scale)
    scale_device = Varchar(length=60, default="")  # which scale sent it
    picked_on = Date(null=True, default=None)  # the delivery's day; a correction keeps it


class Correction(Table):
    """A weigh-in corrected: the reversal of its entry and, when needed, the lot replacing it."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    original_lot = ForeignKey(HarvestLot, null=False, unique=True)
    new_lot = ForeignKey(HarvestLot, null=True, default=None)
    reason = Varchar(length=200)
    corrected_by = ForeignKey(User, null=False)
    corrected_at = Timestamptz(default=TimestamptzNow())
