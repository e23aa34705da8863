"""The public pages a buyer reaches by scanning a label, and the cooperative's own page.

No sign-in, no JavaScript, zh_CN by default. Lot pages are the hottest path: rendered pages are
cached per worker and dropped whenever the database's content version moves, so a hold shows on
the very next request on every worker; scans are counted in memory and flushed in batches.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import date
from functools import lru_cache, partial

import msgspec
from litestar import Litestar, Request, Response, get
from litestar.datastructures import Cookie
from litestar.response.base import ASGIResponse
from piccolo.engine.base import Engine

from coop.domain.errors import DomainError, NotFound
from coop.domain.lots import normalise_lot_code
from coop.domain.money import format_yuan
from coop.domain.public_urls import cooperative_url
from coop.domain.weight import format_kg
from coop.i18n import LOCALES, RTL_LOCALES, translate
from coop.i18n.negotiation import LOCALE_COOKIE, negotiate
from coop.services.content_version import VersionWatch
from coop.services.public import (
    CooperativeLink,
    public_cooperative,
    public_cooperatives,
    public_lot,
)
from coop.services.scans import ScanCounter

SERIAL = re.compile(r"[0-9A-Za-z]{1,20}")
GTIN = re.compile(r"[0-9]{14}")
MAX_CACHED = 20_000
HEADERS = {"cache-control": "no-cache", "vary": "accept-language, cookie"}

Page = bytes | None
normalised = lru_cache(maxsize=4096)(normalise_lot_code)  # the same few codes, scanned again


class PageCache:
    """Rendered pages of one worker, valid for one content version of the database."""

    def __init__(self, watch: VersionWatch) -> None:
        self.watch = watch
        self.version: int | None = None
        self.pages: dict[tuple[str, ...], bytes] = {}

    async def get(
        self, key: tuple[str, ...], build: Callable[[], Awaitable[Page]]
    ) -> tuple[Page, bool]:
        """The page and whether it came from the cache; None pages (not found) are not kept."""
        version = await self.watch.current()
        if version != self.version:
            self.pages.clear()
            self.version = version
        page = self.pages.get(key)
        if page is not None:
            return page, True
        page = await build()
        if page is not None and self.version == version:  # not stale by the time it was built
            if len(self.pages) >= MAX_CACHED:
                self.pages.clear()
            self.pages[key] = page
        return page, False


class PublicSite:
    """A worker's cache and scan counter for the public pages (one per app)."""

    def __init__(self, engine: Engine | None = None, flush_every_s: float = 5.0) -> None:
        self.cache = PageCache(VersionWatch(engine))
        self.scans = ScanCounter()
        self.flush_every_s = flush_every_s

    @asynccontextmanager
    async def lifespan(self, app: Litestar) -> AsyncIterator[None]:
        async with self.scans.flushing(self.flush_every_s):
            yield


def site_of(request: Request) -> PublicSite:
    return request.app.state["public"]


def chosen_locale(request: Request) -> tuple[str, bool]:
    """?lang= (remembered in a cookie), else the cookie, else Accept-Language, else Chinese."""
    headers = request.headers
    remembered = request.cookies.get(LOCALE_COOKIE) if "cookie" in headers else None
    asked = request.query_params.get("lang") if request.scope["query_string"] else None
    if asked in LOCALES:
        return asked, asked != remembered  # type: ignore[return-value]
    return negotiate(headers.get("accept-language"), remembered), False


def _bdi_date(day: date | None) -> str:
    return day.isoformat() if day else ""


def net_weight(grams: int | None) -> str:
    if not grams:
        return ""
    return f"{grams} g" if grams < 1000 else f"{format_kg(grams)} kg"


def render(request: Request, template: str, locale: str, **context: object) -> bytes:
    jinja = request.app.template_engine.get_template(template)  # type: ignore[union-attr]
    html = jinja.render(
        locale=locale,
        lang=locale.replace("_", "-"),
        rtl=locale in RTL_LOCALES,
        locales=LOCALES,
        _=partial(translate, locale=locale),
        yuan=format_yuan,
        net_weight=net_weight,
        day=_bdi_date,
        **context,
    )
    return html.encode()


def html_response(
    page: bytes, new_locale: str | None, status_code: int = 200, cached: bool = False
) -> ASGIResponse:
    """An HTML page; a newly chosen language is remembered for a year."""
    cookies = [Cookie(LOCALE_COOKIE, value=new_locale, max_age=365 * 86400)] if new_locale else []
    return ASGIResponse(
        body=page,
        status_code=status_code,
        media_type="text/html; charset=utf-8",
        headers={**HEADERS, "x-coop-cache": "hit" if cached else "miss"},
        cookies=cookies,
    )


async def not_found(request: Request, locale: str, changed: bool, code: str = "") -> ASGIResponse:
    """A page that offers a way on: type the code again, scan again, or a cooperative's page."""

    async def build() -> Page:
        return msgspec.json.encode(await public_cooperatives())

    listed, _ = await site_of(request).cache.get(("cooperatives",), build)
    cooperatives = msgspec.json.decode(listed or b"[]", type=list[CooperativeLink])
    links = [(c.name, cooperative_url("", c.slug)) for c in cooperatives]
    page = render(request, "public/not_found.html", locale, code=code, cooperatives=links)
    return html_response(page, locale if changed else None, status_code=404)


@get("/l", include_in_schema=False)
async def typed_code(request: Request, code: str = "") -> ASGIResponse:
    """The not-found page's form: a code typed by hand opens its lot's page, or says it again."""
    try:
        found = normalised(code[:40])
    except DomainError:
        return await not_found(request, *chosen_locale(request), code[:40].strip())
    return ASGIResponse(status_code=303, headers={**HEADERS, "location": f"/l/{found}"})


async def lot_response(
    request: Request, lot: str, serial: str = "", gtin: str = ""
) -> ASGIResponse:
    """Every label URL form lands here: typed or misread codes are normalised first."""
    locale, changed = chosen_locale(request)
    try:
        code = normalised(lot)
    except DomainError:
        return await not_found(request, locale, changed, lot[:40])
    if (serial and not SERIAL.fullmatch(serial)) or (gtin and not GTIN.fullmatch(gtin)):
        return await not_found(request, locale, changed, code)
    site = site_of(request)

    async def build() -> Page:
        try:
            view = await public_lot(code)
        except NotFound:
            return None
        if gtin and view.gtin != gtin:  # a Digital Link names the lot's own product, or nothing
            return None
        about = cooperative_url("", view.cooperative_slug)  # relative: right behind any proxy
        return render(request, "public/lot.html", locale, lot=view, about=about)

    page, cached = await site.cache.get(("lot", code, locale, gtin), build)
    if page is None:
        return await not_found(request, locale, changed, code)
    site.scans.count(code, serial)
    return html_response(page, locale if changed else None, cached=cached)


@get("/l/{lot:str}", include_in_schema=False)
async def label(request: Request, lot: str) -> ASGIResponse:
    return await lot_response(request, lot)


@get("/l/{lot:str}/{serial:str}", include_in_schema=False)
async def label_serial(request: Request, lot: str, serial: str) -> ASGIResponse:
    return await lot_response(request, lot, serial)


@get("/01/{gtin:str}/10/{lot:str}", include_in_schema=False)
async def gs1_label(request: Request, gtin: str, lot: str) -> ASGIResponse:
    """GS1 Digital Link: /01/{GTIN-14}/10/{batch or lot}."""
    return await lot_response(request, lot, gtin=gtin)


@get("/01/{gtin:str}/10/{lot:str}/21/{serial:str}", include_in_schema=False)
async def gs1_label_serial(request: Request, gtin: str, lot: str, serial: str) -> ASGIResponse:
    """GS1 Digital Link with a serial number: /01/{GTIN-14}/10/{lot}/21/{serial}."""
    return await lot_response(request, lot, serial, gtin)


@get("/c/{slug:str}", include_in_schema=False)
async def cooperative_page(request: Request, slug: str) -> ASGIResponse:
    locale, changed = chosen_locale(request)

    async def build() -> Page:
        try:
            view = await public_cooperative(slug)
        except NotFound:
            return None
        return render(request, "public/cooperative.html", locale, cooperative=view)

    page, cached = await site_of(request).cache.get(("cooperative", slug, locale), build)
    if page is None:
        return await not_found(request, locale, changed)
    return html_response(page, locale if changed else None, cached=cached)


ROUTES = [typed_code, label, label_serial, gs1_label, gs1_label_serial, cooperative_page]


@get("/bench/bare.html", include_in_schema=False)
async def bare_html(size: int) -> Response:
    """The framework alone serving HTML of a given size, for scripts/bench/scan."""
    body = b"<!doctype html><p>" + b"x" * max(0, size - 18)
    return Response(body, media_type="text/html; charset=utf-8")


BENCH_ROUTES = [bare_html]
