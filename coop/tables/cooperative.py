"""A cooperative, its member households and the products it buys and sells."""

from __future__ import annotations

from piccolo.columns import BigInt, Boolean, ForeignKey, Integer, Serial, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Cooperative(Table):
    """One install may host several cooperatives (a county platform); every record names one."""

    id: Serial
    slug = Varchar(length=40, unique=True)
    name = Varchar(length=120)
    village = Varchar(length=120, default="")
    season_start_month = Integer(default=1)
    trust_grower_records = Boolean(default=False)
    require_certificate = Boolean(default=False)  # no weigh-in without the seller's certificate
    created_at = Timestamptz(default=TimestamptzNow())
    # shown on the public page /c/{slug}: the cooperative's own ways to order, never a household's
    story = Text(default="")
    shop_url = Varchar(length=300, default="")
    order_phone = Varchar(length=20, default="")
    wechat_id = Varchar(length=40, default="")
    certifications = Text(default="")


class Household(Table):
    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    code = Varchar(length=20)  # printed on the member card; unique per cooperative (raw migration)
    display_name = Varchar(length=80)
    is_member = Boolean(default=True)
    consent_public_name = Boolean(default=False)
    phone = Varchar(length=20, default="")
    village_group = Varchar(length=80, default="")
    baseline_income_fen = BigInt(null=True, default=None)
    baseline_year = Integer(null=True, default=None)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Product(Table):
    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    code = Varchar(length=40)  # unique per cooperative (raw migration)
    name_zh = Varchar(length=120)
    name_ug = Varchar(length=120, default="")
    name_en = Varchar(length=120, default="")
    unit = Varchar(length=10, default="kg")  # "kg" (fresh, by weight) or "jar"
    price_fen = BigInt(default=0)  # selling price: per kg, or per jar
    purchase_price_fen_per_kg = BigInt(default=0)  # posted price at the scale
    net_weight_g = Integer(null=True, default=None)
    gtin = Varchar(length=14, null=True, default=None)
    shelf_life_days = Integer(null=True, default=None)
    active = Boolean(default=True)
    # processing: what a processed product is made from, its fee and expected yield
    input_product: ForeignKey = ForeignKey("self", null=True, default=None)
    processing_fee_fen_per_kg = BigInt(null=True, default=None)
    yield_min_per_mille = Integer(null=True, default=None)
    yield_max_per_mille = Integer(null=True, default=None)
