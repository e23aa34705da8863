"""/healthz tells whether the database answers; /schema documents the API without any CDN."""

from __future__ import annotations

import re
import socket
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit

import pytest
from litestar.testing import AsyncTestClient

from coop import db
from coop.app import create_app
from coop.settings import Settings

# Piccolo warns when it cannot reach PostgreSQL; here that is the point of the test.
pytestmark = pytest.mark.filterwarnings("ignore:.*Unable to connect to database")


def unanswered(database_url: str) -> str:
    """The same kind of database at an address where nothing answers."""
    if database_url.startswith("sqlite:"):
        return "sqlite:////dev/null/no-such-directory/coop.sqlite3"  # not even root can create it
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(netloc=f"postgres@127.0.0.1:{port}"))


async def test_healthz_answers_200_when_the_database_answers(client):
    answer = await client.get("/healthz")
    assert answer.status_code == 200 and answer.json() == {"status": "ok"}


async def test_healthz_answers_503_when_the_database_stops_answering(engine, database_url):
    """An app whose database is gone (it went down after start-up) says so instead of crashing."""
    gone = db.engine_for(unanswered(database_url))
    app = create_app(Settings(database_url="unused://", secret_key="test"), engine=gone)
    try:
        async with AsyncTestClient(app) as client:  # runs the lifespan too
            answer = await client.get("/healthz")
    finally:
        db.bind(engine)
    assert answer.status_code == 503
    assert answer.json()["status"] == "unavailable"


async def test_an_app_on_an_unreachable_postgresql_fails_loudly_at_start_up():
    """Unlike SQLite (a file created on start-up), a PostgreSQL that is not there stops the app."""
    previous = db._bound
    app = create_app(Settings(database_url=unanswered("postgresql://x@y/coop"), secret_key="t"))
    try:
        with pytest.raises(BaseException) as raised:
            async with AsyncTestClient(app):
                pass
    finally:
        if previous is not None:
            db.bind(previous)
    assert any(isinstance(error, ConnectionRefusedError) for error in leaves(raised.value))


def leaves(error: BaseException) -> list[BaseException]:
    if isinstance(error, BaseExceptionGroup):
        return [leaf for inner in error.exceptions for leaf in leaves(inner)]
    return [error]


class Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href", "img": "src"}.get(tag)
        self.urls += [value for name, value in attrs if name == wanted and value]


async def test_schema_page_loads_every_script_and_stylesheet_from_this_server(client):
    page = await client.get("/schema")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    parser = Assets()
    parser.feed(page.text)
    fetched = [url for url in parser.urls if not url.startswith("data:")]
    assert len(fetched) >= 3  # swagger-ui.css, its bundle and its preset
    assert not re.search(r"""(src|href)\s*=\s*['"]?(https?:)?//""", page.text)
    assert not re.search(r"cdn|unpkg|jsdelivr|googleapis", page.text, re.IGNORECASE)
    for url in fetched:
        assert url.startswith("/"), url
        asset = await client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 1000, url


async def test_openapi_json_lists_the_weigh_in_routes(client):
    spec = (await client.get("/schema/openapi.json")).json()
    paths = spec["paths"]
    assert {"post", "get"} <= set(paths["/api/v1/weighins"])
    assert "post" in paths["/api/v1/weighins/{lot_id}/corrections"]
    assert "post" in paths["/api/v1/grower-records/{record_id}/confirm"]
    assert "get" in paths["/api/v1/households/{household_id}/statement"]
