"""The service worker: served from the root for the whole site's scope, and it keeps every file
the station needs with no signal (a file missing from its list would break the station offline)."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parents[2] / "static"


async def test_the_worker_is_served_from_the_root_and_keeps_every_station_file(visitor):
    client = await visitor()
    answer = await client.get("/sw.js")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/javascript")
    assert answer.headers["service-worker-allowed"] == "/"
    assert answer.headers["cache-control"] == "no-cache"
    assert "__VERSION__" not in answer.text  # named after what it caches
    needed = [p for p in (STATIC / "weigh").iterdir() if p.name != "sw.js"]
    needed += [STATIC / "css" / "coop.css", *STATIC.glob("vendor/jsqr-*/jsQR.js")]
    for path in needed:
        assert f'"/static/{path.relative_to(STATIC)}"' in answer.text, path.name
