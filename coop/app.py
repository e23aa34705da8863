"""create_app(settings): routes, plugins, middleware, lifespan and error mapping, top to bottom."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from litestar import Litestar, Router, post
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.logging import LoggingConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.static_files import create_static_files_router
from piccolo.engine.base import Engine

from coop import db, errors
from coop.api.auth import AuthController
from coop.api.deps import current_actor
from coop.api.health import healthz
from coop.api.households import HouseholdController, ProductController
from coop.api.income import (
    BalanceController,
    IncomeController,
    MemberController,
    PayoutController,
    SurplusController,
)
from coop.api.weighins import GrowerRecordController, WeighInController
from coop.settings import Settings

STATIC = Path(__file__).resolve().parent.parent / "static"
SWAGGER = "/static/vendor/swagger-ui-5.35.0"


@post("/bare", include_in_schema=False, status_code=200)
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

    api = Router(
        path="/api/v1",
        route_handlers=[
            AuthController,
            HouseholdController,
            ProductController,
            WeighInController,
            GrowerRecordController,
            IncomeController,
            PayoutController,
            BalanceController,
            MemberController,
            SurplusController,
            *([bare] if settings.bench_endpoints else []),
        ],
        dependencies={"actor": Provide(current_actor)},
    )
    return Litestar(
        route_handlers=[
            api,
            healthz,
            create_static_files_router(
                path="/static", directories=[STATIC], send_as_attachment=False
            ),
        ],
        lifespan=[database],
        exception_handlers=errors.HANDLERS,  # type: ignore[arg-type]
        openapi_config=OpenAPIConfig(
            title="coop",
            version="1",
            path="/schema",
            render_plugins=[
                SwaggerRenderPlugin(
                    path="/",
                    js_url=f"{SWAGGER}/swagger-ui-bundle.js",
                    css_url=f"{SWAGGER}/swagger-ui.css",
                    standalone_preset_js_url=f"{SWAGGER}/swagger-ui-standalone-preset.js",
                )
            ],
        ),
        compression_config=CompressionConfig(backend="gzip", minimum_size=1000),
        logging_config=LoggingConfig(
            root={"level": "INFO", "handlers": ["queue_listener"]}, log_exceptions="debug"
        ),
        debug=settings.debug,
        state=State({"settings": settings}),
    )
