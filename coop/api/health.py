"""Health: 200 when the database answers, 503 when it does not."""

from __future__ import annotations

import asyncio

from litestar import MediaType, Response, get

from coop.tables import Cooperative

TIMEOUT_S = 5  # a database that hangs is as unhealthy as one that refuses


@get("/healthz", media_type=MediaType.JSON, include_in_schema=False)
async def healthz() -> Response:
    try:
        async with asyncio.timeout(TIMEOUT_S):
            await Cooperative.raw("SELECT 1")
    except Exception as error:  # any failure to answer is "not healthy"
        return Response({"status": "unavailable", "error": type(error).__name__}, status_code=503)
    return Response({"status": "ok"}, status_code=200)
