"""承诺达标合格证: certificates the cooperative issues, their source lots, and those it collects."""

from __future__ import annotations

from piccolo.columns import Boolean, Date, ForeignKey, Integer, Serial, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from coop.tables.accounts import User
from coop.tables.cooperative import Cooperative, Household, Product
from coop.tables.lots import HarvestLot
from coop.tables.orders import OrderLine


class Certificate(Table):
    """Issued for a harvest lot or a sale of fresh fruit; append-only, a correction replaces it."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    number = Varchar(length=20, unique=True)
    product = ForeignKey(Product, null=False)
    weight_g = Integer()
    origin = Varchar(length=120, default="")  # the village: never a household's address
    picked_on = Date()  # the earliest picking day of its fruit
    issued_on = Date()
    basis = Varchar(length=20)  # coop.domain.certificates.Basis
    issuer = Varchar(length=120)  # the cooperative
    contact = Varchar(length=40, default="")  # the cooperative's order line, never a household's
    harvest_lot = ForeignKey(HarvestLot, null=True, default=None, index=True)
    order_line = ForeignKey(OrderLine, null=True, default=None, index=True)
    replaces: ForeignKey = ForeignKey("self", null=True, default=None, on_delete=OnDelete.restrict)
    issued_by = ForeignKey(User, null=False)
    issued_at = Timestamptz(default=TimestamptzNow(), index=True)


class CertificateSource(Table):
    """A harvest lot whose fruit a certificate covers, and how much of it."""

    id: Serial
    certificate = ForeignKey(Certificate, null=False, index=True)
    harvest_lot = ForeignKey(HarvestLot, null=False, index=True)
    weight_g = Integer()


class ReceivedCertificate(Table):
    """A seller's certificate collected at the scale, or the cooperative issuing on its behalf."""

    id: Serial
    cooperative = ForeignKey(Cooperative, null=False)
    harvest_lot = ForeignKey(HarvestLot, null=False, unique=True)
    household = ForeignKey(Household, null=False)
    number = Varchar(length=40, default="")  # the household's own; empty when issued on behalf
    on_behalf = Boolean(default=False)
    received_by = ForeignKey(User, null=False)
    received_at = Timestamptz(default=TimestamptzNow(), index=True)
