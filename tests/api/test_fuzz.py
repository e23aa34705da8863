"""The whole API fuzzed from its own OpenAPI document, as the demo's admin: no server error, every
answer in its documented shape, every status documented (scripts/bench/fuzz runs it longer)."""

from __future__ import annotations

import pytest
from conftest import IN_CI
from support_fuzz import demo_client, fuzz

EXAMPLES = 12  # per operation; about 30 s a database (a longer run: scripts/bench/fuzz)
SEED = 18


async def test_every_operation_fuzzed_answers_without_server_error_as_its_schema_says(
    database_url,
):
    if database_url.startswith("postgres") and not IN_CI:
        pytest.skip("the fuzz runs on PostgreSQL with CI=true (or: scripts/bench/fuzz)")
    async with demo_client(database_url) as (client, headers):
        report = await fuzz(client, headers, EXAMPLES, SEED)
    assert report.operations >= 70, report.summary()
    assert report.requests >= report.operations * 3, report.summary()
    assert report.server_errors == 0, report.details()
    assert report.failures == [], report.details()
