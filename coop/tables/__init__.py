"""Piccolo tables: columns only, no rules (the rules live in coop.domain and coop.services).

One module per area; every table is importable from here, and ALL_TABLES lists them for Piccolo's
app (coop.piccolo_app) and coop.db.bind. Rules Piccolo can express (unique, null, index, default)
are columns' options here; unique rules over several columns are unique indexes made in raw
migrations, as SQLite cannot add a constraint to an existing table and two of them are partial.
"""

from __future__ import annotations

from piccolo.table import Table

from coop.tables.accounts import ApiToken, AuditEvent, IdempotencyKey, Session, SignInAttempt, User
from coop.tables.certificates import Certificate, CertificateSource, ReceivedCertificate
from coop.tables.cooperative import Cooperative, Household, Product
from coop.tables.grades import GradePrice, ProductGrade
from coop.tables.ledger import (
    IncomeDay,
    IncomeTotal,
    LedgerEntry,
    MemberShare,
    Payout,
    SurplusReturn,
)
from coop.tables.lots import Correction, GrowerRecord, HarvestLot
from coop.tables.messages import (
    HouseholdMessaging,
    MessageSettings,
    Notice,
    OutMessage,
    Reply,
)
from coop.tables.orders import ImportMapping, Order, OrderAllocation, OrderEvent, OrderLine
from coop.tables.payout_runs import Advance, PayoutRun, PayoutRunChange, PayoutRunLine
from coop.tables.processing import Batch, BatchInput, LabelRun, ProcessorCertification
from coop.tables.public import ContentVersion, ScanCount
from coop.tables.recalls import Recall, RecallContact

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
    MessageSettings,
    HouseholdMessaging,
    OutMessage,
    Notice,
    Reply,
    Certificate,
    CertificateSource,
    ReceivedCertificate,
    Advance,
    PayoutRun,
    PayoutRunChange,
    PayoutRunLine,
    ProductGrade,
    GradePrice,
)

__all__ = [
    "ALL_TABLES",
    "Advance",
    "ApiToken",
    "AuditEvent",
    "Batch",
    "BatchInput",
    "Certificate",
    "CertificateSource",
    "ContentVersion",
    "Cooperative",
    "Correction",
    "GradePrice",
    "GrowerRecord",
    "HarvestLot",
    "Household",
    "HouseholdMessaging",
    "IdempotencyKey",
    "ImportMapping",
    "IncomeDay",
    "IncomeTotal",
    "LabelRun",
    "LedgerEntry",
    "MessageSettings",
    "MemberShare",
    "Notice",
    "Order",
    "OrderAllocation",
    "OrderEvent",
    "OrderLine",
    "OutMessage",
    "Payout",
    "PayoutRun",
    "PayoutRunChange",
    "PayoutRunLine",
    "ProcessorCertification",
    "Product",
    "ProductGrade",
    "Recall",
    "RecallContact",
    "Reply",
    "ReceivedCertificate",
    "ScanCount",
    "Session",
    "SignInAttempt",
    "SurplusReturn",
    "User",
]
