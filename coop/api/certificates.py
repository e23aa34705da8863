"""承诺达标合格证 for staff and inspectors: find, list, export, print, purge after the retention."""

from __future__ import annotations

from datetime import date

import msgspec
from litestar import Controller, Request, Response, get, post, put

from coop.api.deps import PathId
from coop.domain.actors import Actor
from coop.exports.certificates import certificates_sheet
from coop.exports.download import Format, download
from coop.i18n.negotiation import locale_for
from coop.services import certificate_labels, certificates
from coop.services.certificate_views import (
    CertificateView,
    ReceivedView,
    certificate,
    certificates_behind,
    certificates_of_order,
    issued_between,
    received_between,
)


class Period(msgspec.Struct, frozen=True):
    issued: list[CertificateView]
    received: list[ReceivedView]


class Requirement(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    required: bool


class Purge(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    before: date


class Purged(msgspec.Struct, frozen=True):
    purged: int


class CertificateController(Controller):
    path = "/certificates"
    tags = ["certificates"]

    @get("/")
    async def period(self, actor: Actor, since: date, until: date) -> Period:
        """Certificates issued on, and received with lots picked on, days since..until."""
        return Period(
            await issued_between(actor, since, until), await received_between(actor, since, until)
        )

    @get("/export")
    async def export(
        self, request: Request, actor: Actor, since: date, until: date, format: Format = "xlsx"
    ) -> Response[bytes]:
        """The period's certificates, issued and received, one row each, as XLSX or CSV."""
        issued = await issued_between(actor, since, until)
        received = await received_between(actor, since, until)
        locale = locale_for(request)
        sheet = certificates_sheet(issued, received, locale)
        return download(sheet, format, f"certificates-{since}-{until}", locale)

    @get("/behind/{code:str}")
    async def behind(self, actor: Actor, code: str) -> list[CertificateView]:
        """The certificates behind a harvest lot (newest first) or a jar's batch."""
        return await certificates_behind(actor, code)

    @get("/orders/{order_id:int}")
    async def of_order(self, actor: Actor, order_id: PathId) -> list[CertificateView]:
        """The certificates of an order's fresh-fruit lines."""
        return await certificates_of_order(actor, order_id)

    @get("/{number:str}")
    async def read(self, actor: Actor, number: str) -> CertificateView:
        """One certificate by its number, with its source lots."""
        return await certificate(actor, number)

    @get("/{number:str}/label", media_type="application/octet-stream")
    async def label(
        self, request: Request, actor: Actor, number: str, layout: str, format: str = "pdf"
    ) -> Response[bytes]:
        """The certificate printed in a label layout (A4 or the 62 mm roll), with its QR."""
        name, content, content_type = await certificate_labels.print_certificate(
            actor, number, layout, format, base_url=request.app.state.settings.base_url
        )
        return Response(
            content,
            media_type=content_type,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    @put("/requirement")
    async def requirement(self, actor: Actor, data: Requirement) -> Requirement:
        """Whether a weigh-in needs the seller's certificate (admin)."""
        return Requirement(await certificates.require_certificates(actor, data.required))

    @post("/purge", status_code=200)
    async def purge(self, actor: Actor, data: Purge) -> Purged:
        """Certificates issued before a day past the 6-month retention (admin)."""
        return Purged(await certificates.purge(actor, data.before))
