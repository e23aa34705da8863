"""The whole API fuzzed from its own schema, signed in as the demo's admin, on a fresh demo
database: SQLite, and PostgreSQL with --postgres URL or COOP_TEST_POSTGRES_URL.

Prints the number of requests by status class, server errors and failed checks (a response
outside its schema, a status code the schema does not list); exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # the fuzzer the suite runs too
from support_fuzz import demo_client, fuzz  # noqa: E402


async def run(database: str, examples: int, seed: int) -> bool:
    async with demo_client(database) as (client, headers):
        report = await fuzz(client, headers, examples, seed)
    name = "PostgreSQL" if database.startswith("postgres") else "SQLite"
    print(f"{name}: {report.summary()}")
    if report.failures:
        print(report.details())
    return not report.failures and not report.server_errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=100, help="cases per operation")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--postgres", default=os.environ.get("COOP_TEST_POSTGRES_URL"))
    parser.add_argument("--sqlite-only", action="store_true")
    options = parser.parse_args()
    logging.getLogger("coop").propagate = False  # the 500s are counted and described, not printed
    logging.getLogger("httpx").setLevel(logging.WARNING)
    databases = ["sqlite"]
    if options.postgres and not options.sqlite_only:
        databases.append(options.postgres)
    ok = all([asyncio.run(run(d, options.examples, options.seed)) for d in databases])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
