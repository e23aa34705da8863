"""Certificates issued and received in a period, one row each, for an inspector (XLSX or CSV)."""

from __future__ import annotations

from coop.domain.certificates import Basis
from coop.exports.sheets import Column, Kind, Sheet
from coop.i18n import gettext
from coop.i18n.names import NAMES
from coop.services.certificate_views import CertificateView, ReceivedView

COLUMNS = (
    Column("Issued or received"),
    Column("Certificate No."),
    Column("Product"),
    Column("Quantity (kg)", Kind.KG),
    Column("Origin"),
    Column("Picked on", Kind.DATE),
    Column("Issued on", Kind.DATE),
    Column("Issued by"),
    Column("Contact"),
    Column("Commitment basis"),
    Column("Source lots"),
    Column("Lot, order or household"),
    Column("Replaces"),
)


def certificates_sheet(
    issued: list[CertificateView], received: list[ReceivedView], locale: str
) -> Sheet:
    """Issued ones first (oldest first), then sellers' ones collected at the scale."""
    rows: list[tuple[object, ...]] = [
        (
            gettext("Issued", locale),
            c.number,
            c.product_zh,
            c.weight_g,
            c.origin,
            c.picked_on,
            c.issued_on,
            c.issuer,
            c.contact,
            gettext(NAMES[Basis][Basis(c.basis)], locale),
            ", ".join(s.lot_code for s in c.sources),
            c.lot_code or (f"#{c.order_id}" if c.order_id else ""),
            c.replaces or "",
        )
        for c in issued
    ]
    rows += [
        (
            gettext("Received", locale),
            r.number or gettext("Issued by the cooperative on the household's behalf", locale),
            "",
            r.weight_g,
            "",
            r.picked_on,
            r.picked_on,
            r.household_name,
            "",
            "",
            r.lot_code,
            r.household_code,
            "",
        )
        for r in received
    ]
    return Sheet("Certificates", COLUMNS, rows)
