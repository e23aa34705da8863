"""Piccolo tables: columns only, no rules (the rules live in coop.domain and coop.services)."""

from __future__ import annotations

from piccolo.columns import (
    JSON,
    BigInt,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    Serial,
    Timestamptz,
    Varchar,
)
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
    created_at = Timestamptz(default=TimestamptzNow())


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


class User(Table, tablename="coop_user"):
    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    phone = Varchar(length=20, unique=True)
    name = Varchar(length=80)
    password_hash = Varchar(length=200)
    role = Varchar(length=20)  # admin, clerk, processor, work_team, member
    household = ForeignKey(Household, null=True, default=None)
    locale = Varchar(length=10, default="zh_CN")
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())


class Session(Table):
    """Signed-in sessions live in the database: they survive a restart and serve every worker."""

    id: Serial
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow())
    expires_at = Timestamptz()


class ApiToken(Table):
    id: Serial
    token_hash = Varchar(length=64, unique=True)
    user = ForeignKey(User, null=False)
    name = Varchar(length=80, default="")
    created_at = Timestamptz(default=TimestamptzNow())
    revoked_at = Timestamptz(null=True, default=None)


class SignInAttempt(Table):
    """Failed sign-ins per phone, counted in the database so every worker sees the same limit."""

    id: Serial
    phone = Varchar(length=20, index=True)
    at = Timestamptz(default=TimestamptzNow())


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
    status = Varchar(length=12, default="open")  # open, void (corrected away)
    grower_record = ForeignKey(GrowerRecord, null=True, default=None)
    replaces: ForeignKey = ForeignKey("self", null=True, default=None)
    weighed_by = ForeignKey(User, null=False)
    weighed_at = Timestamptz(default=TimestamptzNow())


class LedgerEntry(Table):
    """Append-only: never updated or deleted (database triggers refuse both)."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    household = ForeignKey(Household, null=False, index=True)
    season = Integer()
    kind = Varchar(length=20)
    amount_fen = BigInt()
    source_type = Varchar(length=20)
    source_id = Integer(index=True)
    reverses: ForeignKey = ForeignKey("self", null=True, default=None)
    reason = Varchar(length=200, default="")
    created_by = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow())


class Correction(Table):
    """A weigh-in corrected: the reversal of its entry and, when needed, the lot replacing it."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    original_lot = ForeignKey(HarvestLot, null=False, unique=True)
    new_lot = ForeignKey(HarvestLot, null=True, default=None)
    reason = Varchar(length=200)
    corrected_by = ForeignKey(User, null=False)
    corrected_at = Timestamptz(default=TimestamptzNow())


class IdempotencyKey(Table):
    """A retried request with the same key returns the first result (the village network drops)."""

    id: Serial
    # unique (user, scope, key): an index made in a raw migration, as SQLite cannot ADD CONSTRAINT

    user = ForeignKey(User, null=False)
    scope = Varchar(length=30)
    key = Varchar(length=100)
    fingerprint = Varchar(length=64)
    result_id = Integer()
    created_at = Timestamptz(default=TimestamptzNow())


class AuditEvent(Table):
    id: Serial
    cooperative = ForeignKey(Cooperative, null=True, default=None)
    user = ForeignKey(User, null=True, default=None)
    action = Varchar(length=40)
    subject_type = Varchar(length=30, default="")
    subject_id = Integer(null=True, default=None)
    detail = JSON(default="{}")
    at = Timestamptz(default=TimestamptzNow())


class MemberShare(Table):
    """Capital paid in and reserve-fund shares in members' accounts: rows added, never edited."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    household = ForeignKey(Household, null=False, index=True)
    season = Integer()
    kind = Varchar(length=10)  # capital, reserve
    amount_fen = BigInt()  # negative to record a withdrawal or a correction
    note = Varchar(length=200, default="")
    created_by = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow())


class SurplusReturn(Table):
    """A season's surplus return as the board confirmed it; unique per cooperative and season."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    season = Integer()
    surplus_fen = BigInt()
    reserve_percent = Integer()
    volume_share_percent = Integer()
    reserve_fen = BigInt()
    returned_fen = BigInt()
    status = Varchar(length=10, default="posted")  # previews write nothing: only "posted" is stored
    confirmed_by = ForeignKey(User, null=False)
    confirmed_at = Timestamptz(default=TimestamptzNow())


class Payout(Table):
    """The cooperative paid a household: recorded with a ledger debit of kind payout."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    household = ForeignKey(Household, null=False, index=True)
    amount_fen = BigInt()
    method = Varchar(length=10)  # cash, wechat, bank
    reference = Varchar(length=60, default="")
    created_by = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow())


class IncomeTotal(Table):
    """Ledger sums per household, season and kind (a reversal under the kind it reverses), and the
    fruit weighed in: kept by database triggers as entries and lots are added, never by code."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    household = ForeignKey(Household, null=False)  # unique (household, season, kind): raw migration
    season = Integer()
    kind = Varchar(length=20)
    amount_fen = BigInt()
    weight_g = BigInt(default=0)


class IncomeDay(Table):
    """Ledger sums per cooperative, season, day in China and kind: kept by a database trigger."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)  # unique (cooperative, season, day, kind)
    season = Integer()
    day = Date()
    kind = Varchar(length=20)
    amount_fen = BigInt()


ALL_TABLES: tuple[type[Table], ...] = (
    Cooperative,
    Household,
    Product,
    User,
    Session,
    ApiToken,
    SignInAttempt,
    GrowerRecord,
    HarvestLot,
    LedgerEntry,
    Correction,
    IdempotencyKey,
    AuditEvent,
    MemberShare,
    SurplusReturn,
    Payout,
    IncomeTotal,
    IncomeDay,
)
