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
    Text,
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
    # processing (issue 4): what a processed product is made from, its fee and expected yield
    input_product: ForeignKey = ForeignKey("self", null=True, default=None)
    processing_fee_fen_per_kg = BigInt(null=True, default=None)
    yield_min_per_mille = Integer(null=True, default=None)
    yield_max_per_mille = Integer(null=True, default=None)


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
    status = Varchar(length=12, default="open")  # open, held, recalled (recalls), void (corrected)
    grower_record = ForeignKey(GrowerRecord, null=True, default=None)
    replaces: ForeignKey = ForeignKey("self", null=True, default=None)
    weighed_by = ForeignKey(User, null=False)
    weighed_at = Timestamptz(default=TimestamptzNow())
    weight_source = Varchar(length=5, default="typed")  # typed (keys, keyboard-wedge) or scale
    scale_reading = Varchar(length=40, default="")  # the scale's raw frame (coop.domain.scale)
    scale_device = Varchar(length=60, default="")  # which scale sent it


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


class Order(Table, tablename="coop_order"):
    """A buyer's order from one channel; its number is unique per channel (raw migration)."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    channel = Varchar(length=20)  # coop.domain.orders.Channel
    channel_order_no = Varchar(length=60, default="")  # the channel's own number; may be empty
    buyer_name = Varchar(length=80, default="")
    buyer_phone = Varchar(length=20, default="")  # private: order desk only
    address = Varchar(length=300, default="")  # private: order desk only
    shipping_fen = BigInt(default=0)
    discount_fen = BigInt(default=0)
    total_fen = BigInt()
    status = Varchar(length=12, default="pending", index=True)  # coop.domain.orders.OrderStatus
    carrier = Varchar(length=40, default="")
    tracking = Varchar(length=60, default="")
    processing_batch = ForeignKey(Batch, null=True, default=None)  # custom processing
    created_by = ForeignKey(User, null=False)
    created_at = Timestamptz(default=TimestamptzNow(), index=True)


class OrderLine(Table):
    """Jars (quantity x unit price) or fresh fruit (grams x price per kg), or a processing fee."""

    id: Serial
    order = ForeignKey(Order, null=False, index=True)
    product = ForeignKey(Product, null=False)
    kind = Varchar(length=20, default="goods")  # coop.domain.orders.LineKind
    jars = Integer(null=True, default=None)
    weight_g = Integer(null=True, default=None)
    unit_price_fen = BigInt()  # per jar, or per kg
    line_total_fen = BigInt()


class OrderAllocation(Table):
    """Which batch's jars or lot's grams fill a line: the forward trace from lot to buyer."""

    id: Serial
    line = ForeignKey(OrderLine, null=False, index=True)
    batch = ForeignKey(Batch, null=True, default=None, index=True)
    harvest_lot = ForeignKey(HarvestLot, null=True, default=None, index=True)
    jars = Integer(null=True, default=None)
    weight_g = Integer(null=True, default=None)
    stock_taken = Boolean(default=True)  # false once returned (or when a batch took the fruit)


class OrderEvent(Table):
    """Every status change of an order: from, to, why, who and when."""

    id: Serial
    order = ForeignKey(Order, null=False, index=True)
    from_status = Varchar(length=12, default="")
    to_status = Varchar(length=12)
    reason = Varchar(length=200, default="")
    carrier = Varchar(length=40, default="")
    tracking = Varchar(length=60, default="")
    changed_by = ForeignKey(User, null=False)
    changed_at = Timestamptz(default=TimestamptzNow())


class ImportMapping(Table):
    """A channel's export columns named for our fields; one per cooperative and channel."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    channel = Varchar(length=20)
    mapping = JSON(default="{}")
    updated_by = ForeignKey(User, null=False)
    updated_at = Timestamptz(default=TimestamptzNow())


class AuditEvent(Table):
    id: Serial
    cooperative = ForeignKey(Cooperative, null=True, default=None)
    user = ForeignKey(User, null=True, default=None)
    action = Varchar(length=40)
    subject_type = Varchar(length=30, default="")
    subject_id = Integer(null=True, default=None)
    detail = JSON(default="{}")
    at = Timestamptz(default=TimestamptzNow())


class ContentVersion(Table):
    """One row whose version is bumped with every change a public page shows: caches compare it."""

    id: Serial
    version = BigInt(default=0)


class ScanCount(Table):
    """Label scans per lot, serial ("" for none) and day: a count, never who scanned."""

    id: Serial
    # unique (lot_code, serial, day): an index made in a raw migration, flushed by upsert
    lot_code = Varchar(length=20)
    serial = Varchar(length=20, default="")
    day = Date()
    scans = BigInt(default=0)


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


class Recall(Table):
    """A hold turned recall (or a drill) of a batch or a harvest lot, closed with a note."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False, index=True)
    batch = ForeignKey(Batch, null=True, default=None, index=True)
    harvest_lot = ForeignKey(HarvestLot, null=True, default=None, index=True)
    reason = Varchar(length=300)
    opened_by = ForeignKey(User, null=False)
    opened_at = Timestamptz(default=TimestamptzNow())
    closed_by = ForeignKey(User, null=True, default=None)
    closed_at = Timestamptz(null=True, default=None)
    closing_note = Varchar(length=1000, default="")
    drill = Boolean(default=False)  # an exercise: nothing is held, the clock runs
    drill_started_at = Timestamptz(null=True, default=None)
    drill_completed_at = Timestamptz(null=True, default=None)
    drill_duration_ms = BigInt(null=True, default=None)


class RecallContact(Table):
    """One attempt to reach a buyer of a recalled lot: how, and what came of it."""

    id: Serial
    recall = ForeignKey(Recall, null=False, index=True)
    order = ForeignKey(Order, null=False, index=True)
    contacted_at = Timestamptz(default=TimestamptzNow())
    contacted_by = ForeignKey(User, null=False)
    channel = Varchar(length=12)  # coop.domain.trace.ContactChannel
    outcome = Varchar(length=12)  # coop.domain.trace.ContactOutcome
    note = Varchar(length=500, default="")


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
    ProcessorCertification,
    Batch,
    BatchInput,
    Order,
    OrderLine,
    OrderAllocation,
    OrderEvent,
    ImportMapping,
    AuditEvent,
    ContentVersion,
    ScanCount,
    MemberShare,
    SurplusReturn,
    Payout,
    IncomeTotal,
    IncomeDay,
    LabelRun,
    Recall,
    RecallContact,
)
