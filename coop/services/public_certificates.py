"""What a buyer or an inspector may see of a certificate: the facts it states, nothing private.

A lot's own certificate states one household's delivery, so its quantity is left off public pages
(no per-household weight in public); a sale's certificate states what was sold. No household name,
phone or income ever: the issuer and contact are the cooperative's.
"""

from __future__ import annotations

from datetime import date

import msgspec

from coop.domain.certificates import TITLE, Basis, normalise_certificate_number
from coop.domain.errors import DomainError, NotFound
from coop.domain.lots import LotKind
from coop.i18n.names import name_in, name_of
from coop.tables import Batch, BatchInput, Certificate, CertificateSource, HarvestLot


class PublicCertificate(msgspec.Struct, frozen=True):
    number: str
    title: str
    product_zh: str
    product_ug: str
    product_en: str
    weight_g: int | None  # a sale's quantity; None for a lot's own certificate
    origin: str
    picked_on: date
    issued_on: date
    basis: str
    issuer: str
    contact: str
    source_lots: list[str]
    replaced_by: str = ""  # the number of a newer certificate that replaces this one

    def basis_name(self) -> str:
        """The msgid naming the commitment basis (translated on the page)."""
        return name_of(Basis(self.basis)) or self.basis

    def product(self, locale: str) -> str:
        return name_in(locale, self.product_zh, self.product_ug, self.product_en)


COLUMNS = (  # the facts a certificate states; staff views read these and more
    Certificate.id,
    Certificate.number,
    Certificate.weight_g,
    Certificate.origin,
    Certificate.picked_on,
    Certificate.issued_on,
    Certificate.basis,
    Certificate.issuer,
    Certificate.contact,
    Certificate.order_line,
    Certificate.product.name_zh.as_alias("product_zh"),
    Certificate.product.name_ug.as_alias("product_ug"),
    Certificate.product.name_en.as_alias("product_en"),
)


async def _public(rows: list[dict]) -> list[PublicCertificate]:
    ids = [row["id"] for row in rows] or [0]
    sources = await (
        CertificateSource.select(
            CertificateSource.certificate, CertificateSource.harvest_lot.code.as_alias("code")
        )
        .where(CertificateSource.certificate.is_in(ids))
        .order_by(CertificateSource.id)
    )
    newer = await Certificate.select(Certificate.replaces, Certificate.number).where(
        Certificate.replaces.is_in(ids)
    )
    replaced_by = {row["replaces"]: row["number"] for row in newer}
    return [
        PublicCertificate(
            number=row["number"],
            title=TITLE,
            product_zh=row["product_zh"],
            product_ug=row["product_ug"],
            product_en=row["product_en"],
            weight_g=row["weight_g"] if row["order_line"] is not None else None,
            origin=row["origin"],
            picked_on=row["picked_on"],
            issued_on=row["issued_on"],
            basis=row["basis"],
            issuer=row["issuer"],
            contact=row["contact"],
            source_lots=[s["code"] for s in sources if s["certificate"] == row["id"]],
            replaced_by=replaced_by.get(row["id"], ""),
        )
        for row in rows
    ]


async def public_certificate(number: str) -> PublicCertificate:
    """A certificate by the number on it or in its QR; NotFound when there is none."""
    try:
        canonical = normalise_certificate_number(number)
    except DomainError:
        canonical = ""
    rows = await Certificate.select(*COLUMNS).where(Certificate.number == canonical)
    if not rows:
        raise NotFound(
            "No certificate {number} here; check the number on the certificate.",
            code="certificate_not_found",
            number=number,
        )
    return (await _public(rows))[0]


async def lot_certificates(code: str) -> list[PublicCertificate]:
    """A harvest lot's certificate in force; for a jar, those of the fruit lots that went in."""
    if code.startswith(LotKind.BATCH.value):
        inputs = await BatchInput.select(BatchInput.harvest_lot).where(
            BatchInput.batch.is_in(Batch.select(Batch.id).where(Batch.code == code))
        )
        lot_ids = [row["harvest_lot"] for row in inputs]
    else:
        lot_ids = [
            r["id"] for r in await HarvestLot.select(HarvestLot.id).where(HarvestLot.code == code)
        ]
    if not lot_ids:
        return []
    rows = await (
        Certificate.select(*COLUMNS, Certificate.harvest_lot)
        .where(Certificate.harvest_lot.is_in(lot_ids))
        .order_by(Certificate.id, ascending=False)
    )
    newest: dict[int, dict] = {}
    for row in rows:
        newest.setdefault(row["harvest_lot"], row)
    return await _public(sorted(newest.values(), key=lambda row: row["id"]))
