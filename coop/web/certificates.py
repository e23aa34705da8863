"""Certificates on staff pages: QR codes printed on packing slips, and the inspection page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from litestar import Request, Response, get
from litestar.response import Template

from coop.domain.actors import Action, Actor
from coop.domain.certificates import is_certificate_number
from coop.domain.errors import DomainError
from coop.domain.public_urls import certificate_url
from coop.exports.certificates import certificates_sheet
from coop.exports.download import Format, download
from coop.i18n import translate
from coop.labels import qr
from coop.services import clock
from coop.services.certificate_views import (
    certificate,
    certificates_behind,
    certificates_of_order,
    issued_between,
    received_between,
)
from coop.web.shell import locale_for, page

QR_MM = 18  # on a slip: scans from a phone held over the box


def certificate_qrs(slip: Any, base_url: str) -> dict[str, str]:
    """Each fresh-fruit line's certificate as an inline SVG QR to its public page."""
    numbers: Iterable[str] = {line.certificate for line in slip.lines if line.certificate}
    return {n: qr.svg(qr.encode(certificate_url(base_url, n)), size_mm=QR_MM) for n in numbers}


def _period(since: str, until: str) -> tuple[date, date]:
    """The days asked for, by default the last 30 (China's days)."""
    today = clock.today()
    try:
        first = date.fromisoformat(since) if since else today - timedelta(days=30)
        last = date.fromisoformat(until) if until else today
    except ValueError:
        first, last = today - timedelta(days=30), today
    return first, last


@get("/certificates")
async def inspection(
    request: Request, actor: Actor, since: str = "", until: str = "", find: str = ""
) -> Template:
    """Certificates issued and received in a period, and the ones behind a lot, order or jar."""
    actor.require(Action.INSPECT_CERTIFICATES)
    first, last = _period(since, until)
    found, problem = None, ""
    if find.strip():
        try:
            found = await behind(actor, find.strip())
        except DomainError as error:
            problem = translate(error.message, locale_for(request, actor), **error.params)
    return page(
        request,
        "certificates.html",
        actor,
        since=first,
        until=last,
        find=find,
        found=found,
        problem=problem,
        issued=await issued_between(actor, first, last),
        received=await received_between(actor, first, last),
    )


async def behind(actor: Actor, text: str) -> list[Any]:
    """An order number (#12 or 12) or a lot or jar code."""
    number = text.lstrip("#")
    if number.isdigit():
        return await certificates_of_order(actor, int(number))
    if is_certificate_number(text):
        return [await certificate(actor, text)]
    return await certificates_behind(actor, text)


@get("/certificates/export.{format:str}")
async def export(
    request: Request, actor: Actor, format: str, since: str = "", until: str = ""
) -> Response[bytes]:
    first, last = _period(since, until)
    issued = await issued_between(actor, first, last)
    received = await received_between(actor, first, last)
    locale = locale_for(request, actor)
    sheet = certificates_sheet(issued, received, locale)
    chosen: Format = "csv" if format == "csv" else "xlsx"
    return download(sheet, chosen, f"certificates-{first}-{last}", locale)


ROUTES = [inspection, export]
