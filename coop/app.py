"""create_app(settings): routes, plugins, middleware, lifespan and error mapping, top to bottom."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from litestar import Litestar, Router, asgi, post
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.logging import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.static_files import create_static_files_router
from litestar.types import Receive, Scope, Send
from piccolo.engine.base import Engine

from coop import db, errors
from coop.admin import back_office
from coop.api.auth import AuthController
from coop.api.certificates import CertificateController
from coop.api.deps import current_actor, signed_in
from coop.api.grades import GradeController
from coop.api.health import healthz
from coop.api.households import HouseholdController, ProductController
from coop.api.income import (
    BalanceController,
    IncomeController,
    MemberController,
    PayoutController,
    SurplusController,
)
from coop.api.labels import LabelController
from coop.api.lots import ScanController
from coop.api.money_out import AdvanceController, PayoutRunController
from coop.api.orders import BatchOrderController, OrderController, OrderImportController
from coop.api.processing import BatchController, CertificationController, StockController
from coop.api.trace import HoldController, RecallController, TraceController
from coop.api.weighins import GrowerRecordController, WeighInController
from coop.services import sending
from coop.services.gateway import GammuFiles
from coop.settings import Settings
from coop.web import offline, pages, public, public_certificates
from coop.web.error_pages import page_answer
from coop.web.shell import template_config

STATIC = Path(__file__).resolve().parent.parent / "static"
SWAGGER = "/static/vendor/swagger-ui-5.35.0"
# Litestar's default icon is fetched from a CDN; the village may be offline.
NO_FAVICON = "<link rel='icon' href='data:,'>"


@post("/bare", include_in_schema=False, status_code=200, opt={"public": True})
async def bare(data: dict) -> dict:
    """The framework alone, for scripts/bench: same server, no database, no auth."""
    return data


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> Litestar:
    """The app on the configured database; pass an engine to share one you open and close."""
    settings = settings or Settings.from_env()
    owned = engine is None
    engine = db.bind(engine or db.engine_for(settings.database_url))

    @asynccontextmanager
    async def database(app: Litestar) -> AsyncIterator[None]:
        if owned:
            await engine.start_connection_pool()  # PostgreSQL fails loudly here when unreachable
        try:
            yield
        finally:
            if owned:
                await engine.close_connection_pool()

    office = back_office(engine, production=settings.base_url.startswith("https:"))

    @asgi("/admin", is_mount=True, copy_scope=True, include_in_schema=False)
    async def admin(scope: Scope, receive: Receive, send: Send) -> None:
        """piccolo_admin for reference data only (coop.admin); it has its own sign-in and CSRF."""
        await office(scope, receive, send)

    api = Router(
        path="/api/v1",
        route_handlers=[
            AuthController,
            HouseholdController,
            ProductController,
            GradeController,
            WeighInController,
            GrowerRecordController,
            CertificationController,
            BatchController,
            StockController,
            OrderController,
            BatchOrderController,
            OrderImportController,
            ScanController,
            IncomeController,
            PayoutController,
            BalanceController,
            MemberController,
            SurplusController,
            AdvanceController,
            PayoutRunController,
            LabelController,
            TraceController,
            HoldController,
            RecallController,
            CertificateController,
            *([bare] if settings.bench_endpoints else []),
        ],
        guards=[signed_in],
        dependencies={"actor": Provide(current_actor)},
    )
    site = public.PublicSite(engine, settings.scan_flush_seconds)
    gateway = GammuFiles.from_config(settings.smsd_config) if settings.smsd_config else None

    @asynccontextmanager
    async def texting(app: Litestar) -> AsyncIterator[None]:
        """Text messages go out and replies come in while the app serves (coop.services.sending)."""
        async with sending.running(gateway, settings.sms_every_seconds):
            yield

    return Litestar(
        route_handlers=[
            api,
            healthz,
            pages(),
            admin,
            *public.ROUTES,
            *offline.PUBLIC_ROUTES,
            *public_certificates.ROUTES,
            *(public.BENCH_ROUTES if settings.bench_endpoints else []),
            create_static_files_router(
                path="/static", directories=[STATIC], send_as_attachment=False
            ),
        ],
        lifespan=[database, site.lifespan, texting],
        exception_handlers=errors.handlers(page_answer),  # type: ignore[arg-type]
        plugins=[errors.DocumentedErrors("/api/")],
        template_config=template_config(),
        # Pages post forms with a session cookie, so they need CSRF tokens; the API takes Bearer
        # tokens only. Not "csrftoken": piccolo_admin's cookie has that name.
        csrf_config=CSRFConfig(
            secret=settings.signing_key(),
            cookie_name="coop_csrf",
            header_name="x-coop-csrf",
            cookie_samesite="lax",
            exclude=["^/api/", "^/admin"],
        ),
        openapi_config=OpenAPIConfig(
            title="coop",
            version="1",
            path="/schema",
            use_handler_docstrings=True,  # each operation described by its one-line docstring
            render_plugins=[
                SwaggerRenderPlugin(
                    path="/",
                    js_url=f"{SWAGGER}/swagger-ui-bundle.js",
                    css_url=f"{SWAGGER}/swagger-ui.css",
                    standalone_preset_js_url=f"{SWAGGER}/swagger-ui-standalone-preset.js",
                    favicon=NO_FAVICON,
                )
            ],
        ),
        compression_config=CompressionConfig(backend="gzip", minimum_size=1000),
        logging_config=LoggingConfig(
            root={"level": "INFO", "handlers": ["queue_listener"]}, log_exceptions="debug"
        ),
        debug=settings.debug,
        state=State({"settings": settings, "public": site}),
    )
