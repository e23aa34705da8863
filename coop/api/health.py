"""Health: 200 when the database answers, 503 when it does not."""

from __future__ import annotations

from litestar import MediaType, Response, get

from coop.tables import Cooperative


@get("/healthz", media_type=MediaType.JSON, include_in_schema=False)
async def healthz() -> Response:
    try:
        await Cooperative.raw("SELECT 1")
    except Exception as error:  # any failure to answer is "not healthy"
        return Response({"status": "unavailable", "error": type(error).__name__}, status_code=503)
    return Response({"status": "ok"}, status_code=200)
