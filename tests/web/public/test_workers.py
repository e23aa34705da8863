"""Putting a lot on hold shows on the very next request, on every worker (two processes)."""

import httpx
import pytest

from coop.domain.actors import Role

NOTICE = "本批次暂停销售"


@pytest.mark.parametrize("maker", ["make_lot", "make_batch"])  # a harvest lot, a jar's batch
async def test_a_hold_shows_on_the_very_next_request_on_both_workers(
    workers, coop_world, request, maker
):
    code = await request.getfixturevalue(maker)(coop_world)
    first, second = workers
    async with httpx.AsyncClient() as client:
        for _ in range(3):  # both workers render the lot and keep it in their caches
            for base in workers:
                page = await client.get(f"{base}/l/{code}")
                assert page.status_code == 200 and NOTICE not in page.text
        cached = await client.get(f"{second}/l/{code}")
        assert cached.headers["x-coop-cache"] == "hit"

        held = await client.post(
            f"{first}/api/v1/holds",
            json={"lot_code": code, "reason": "农残待检"},
            headers=coop_world.headers(Role.ADMIN),
        )
        assert held.status_code == 200, held.text

        for _ in range(25):
            for base in (second, first):
                page = await client.get(f"{base}/l/{code}")
                assert NOTICE in page.text, base
