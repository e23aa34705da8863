"""The public page a certificate's QR opens: 承诺达标合格证 and the facts it states."""

from __future__ import annotations

from litestar import Request, get
from litestar.response.base import ASGIResponse

from coop.domain.errors import NotFound
from coop.services.public_certificates import public_certificate
from coop.web.public import Page, chosen_locale, html_response, not_found, render, site_of


@get("/cert/{number:str}", include_in_schema=False)
async def certificate_page(request: Request, number: str) -> ASGIResponse:
    locale, changed = chosen_locale(request)

    async def build() -> Page:
        try:
            view = await public_certificate(number)
        except NotFound:
            return None
        return render(request, "public/certificate.html", locale, certificate=view)

    page, cached = await site_of(request).cache.get(("certificate", number, locale), build)
    if page is None:
        return await not_found(request, locale, changed, number[:40])
    return html_response(page, locale if changed else None, cached=cached)


ROUTES = [certificate_page]
