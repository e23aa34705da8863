"""A real uvicorn server on 127.0.0.1 and Debian's Chromium through Playwright, at 360 x 740.

The server runs in the test session's event loop, on the test's database (SQLite or PostgreSQL).
Playwright drives /usr/lib/chromium/chromium (COOP_CHROMIUM); `playwright install` is never used.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
import uvicorn
from conftest import PASSWORD, World, missing
from playwright.async_api import Browser, Locator, Page, async_playwright

from coop.app import create_app
from coop.domain.actors import Role
from coop.settings import Settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}

NewPage = Callable[..., Awaitable[Page]]


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    path = os.environ.get("COOP_CHROMIUM", "/usr/lib/chromium/chromium")
    if not os.access(path, os.X_OK):
        missing("Chromium")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@pytest.fixture
async def server(engine, database) -> AsyncIterator[str]:
    """The app served over real HTTP on a free port of 127.0.0.1, in this event loop."""
    app = create_app(Settings(database_url="unused://", secret_key="test"), engine=engine)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task
    sock.close()


@pytest.fixture
async def new_page(browser: Browser, server: str, world: World) -> AsyncIterator[NewPage]:
    """new_page(role) is a phone-sized page in a fresh browser context, signed in as that role."""
    contexts = []

    async def open_page(role: Role | None = None, javascript: bool = True) -> Page:
        context = await browser.new_context(
            viewport=PHONE,
            locale="zh-CN",
            base_url=server,
            device_scale_factor=1,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = await context.new_page()
        if role is not None:
            await sign_in(page, world.phones[role])
        return page

    yield open_page
    for context in contexts:
        await context.close()


async def sign_in(page: Page, phone: str, password: str = PASSWORD) -> None:
    await page.goto("/")
    await page.fill("#phone", phone)
    await page.fill("#password", password)
    async with page.expect_navigation():
        await page.click("button.primary")


async def open_menu(page: Page) -> None:
    """Open the header's menu where it is folded away (phones); on a PC its links are in view."""
    summary = page.locator("header .menu > summary")
    if await summary.is_visible() and await page.locator("header .menu[open]").count() == 0:
        await summary.click()


async def menu_link(page: Page, name: str) -> Locator:
    """A link of the header's menu, the menu opened first."""
    await open_menu(page)
    return page.locator("header .nav").get_by_role("link", name=name, exact=True)


async def scroll_width(page: Page) -> int:
    return await page.evaluate("document.documentElement.scrollWidth")
