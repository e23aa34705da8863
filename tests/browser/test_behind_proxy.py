"""The weigh station behind an HTTPS reverse proxy (Caddy, as the README describes): the service
worker registers on the HTTPS origin and a weigh-in typed offline reaches the database."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from conftest import missing
from playwright.async_api import Browser, async_playwright, expect

from browser.conftest import CHROMIUM_ARGS, PHONE, sign_in
from coop.domain.actors import Role
from coop.tables import HarvestLot

pytestmark = pytest.mark.browser

CADDYFILE = """{{
\tadmin off
\tauto_https disable_redirects
\tskip_install_trust
\tstorage file_system {storage}
}}
https://localhost:{port} {{
\ttls internal
\treverse_proxy {upstream}
}}
"""


@pytest.fixture
async def https_front(server: str, tmp_path: Path) -> AsyncIterator[str]:
    """Caddy on a free port of localhost with its own internal certificate, in front of `server`."""
    caddy = shutil.which("caddy")
    if caddy is None:
        missing("Caddy (Debian caddy)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = tmp_path / "Caddyfile"
    upstream = server.removeprefix("http://")
    config.write_text(CADDYFILE.format(storage=tmp_path / "caddy", port=port, upstream=upstream))
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    process = await asyncio.create_subprocess_exec(
        caddy,
        "run",
        "--config",
        str(config),
        "--adapter",
        "caddyfile",
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        for _ in range(100):
            if process.returncode is not None:
                assert process.stderr is not None
                failure = (await process.stderr.read()).decode()[-1500:]
                pytest.fail(f"caddy stopped: {failure}")
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.close()
                break
            except OSError:
                await asyncio.sleep(0.1)
        yield f"https://localhost:{port}"
    finally:
        process.terminate()
        await process.wait()


@pytest.fixture
async def trusting_browser() -> AsyncIterator[Browser]:
    """Chromium that accepts Caddy's internal certificate, as a phone given its root would."""
    path = os.environ.get("COOP_CHROMIUM", "/usr/lib/chromium/chromium")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=path, args=[*CHROMIUM_ARGS, "--ignore-certificate-errors"]
        )
        yield browser
        await browser.close()


async def test_the_station_works_offline_behind_caddy_over_https(
    trusting_browser, https_front, world
):
    context = await trusting_browser.new_context(
        viewport=PHONE, locale="zh-CN", base_url=https_front, ignore_https_errors=True
    )
    context.set_default_timeout(15_000)
    page = await context.new_page()
    await sign_in(page, world.phones[Role.CLERK])
    await page.goto("/weigh")
    assert page.url.startswith("https://localhost:")
    await expect(page.locator("html")).to_have_attribute("data-offline-ready", "1")

    await context.set_offline(True)
    await page.goto("/weigh")
    await page.fill("#q", "H1")
    await page.press("#q", "Enter")
    await page.fill("#weight", "12.5")
    await expect(page.get_by_test_id("net-state")).to_have_text("未连接")
    await page.get_by_role("button", name="保存过磅").click()
    await expect(page.get_by_test_id("receipt")).to_contain_text("待上传")

    await context.set_offline(False)
    await expect(page.get_by_test_id("receipt")).to_contain_text("已上传")
    lots = await HarvestLot.select(HarvestLot.weight_g).where(
        HarvestLot.cooperative == world.cooperative_id
    )
    assert lots == [{"weight_g": 12500}]
    await context.close()
