"""Server-rendered pages: thin handlers over the same services as the API, one module per area."""

from __future__ import annotations

from litestar import Router
from litestar.di import Provide

from coop.web import (
    advances,
    auth,
    batch_yield,
    certificates,
    grades,
    grower,
    grower_offline,
    households,
    income,
    labels,
    member_cards,
    members,
    messages,
    offline,
    order_imports,
    orders,
    overview,
    payout_runs,
    processing,
    processors,
    receipts,
    station_corrections,
    surplus,
    trace,
    weigh_station,
)
from coop.web.shell import web_actor


def pages() -> Router:
    """Every page; `actor` is the user of the session cookie (signed-out visitors go to sign-in)."""
    return Router(
        path="/",
        route_handlers=[
            *auth.ROUTES,
            *overview.ROUTES,
            *weigh_station.ROUTES,
            *station_corrections.ROUTES,
            *offline.ROUTES,
            *member_cards.ROUTES,
            *receipts.ROUTES,
            *grower.ROUTES,
            *grower_offline.ROUTES,
            *households.ROUTES,
            *grades.ROUTES,
            *processing.ROUTES,
            *batch_yield.ROUTES,
            *processors.ROUTES,
            *orders.ROUTES,
            *order_imports.ROUTES,
            *labels.ROUTES,
            *income.ROUTES,
            *members.ROUTES,
            *surplus.ROUTES,
            *advances.ROUTES,
            *payout_runs.ROUTES,
            *trace.ROUTES,
            *messages.ROUTES,
            *certificates.ROUTES,
        ],
        dependencies={"actor": Provide(web_actor)},
        include_in_schema=False,
    )
