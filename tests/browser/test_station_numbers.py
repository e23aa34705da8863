"""The station's script reads typed weights and prices exactly as the server does, and works out
the same amount: the provisional receipt shows what the ledger will credit."""

from __future__ import annotations

import pytest

from coop.domain.errors import InvalidInput
from coop.domain.money import amount_fen, format_yuan, parse_yuan
from coop.domain.weight import format_kg, parse_weight

pytestmark = pytest.mark.browser

WEIGHTS = [
    "12.5",
    "12.50",
    "12",
    "0.001",
    "25斤",
    "25 斤",
    "500 g",
    "500克",
    "1.5公斤",
    "2千克",
    "１２．５",
    "12。5",
    " 12.5 kg ",
    "12.5KG",
    ".5",
    "5.",
    "0",
    "0.0004",
    "-3",
    "−3",
    "+3",
    "1,200.5",
    "12.5.1",
    "abc",
    "",
    "12 5",
    "12kg5",
    "3 lb",
    "100000",
    "100000.001",
    "1e3",
    "1" * 41,
]
PRICES = [
    "10",
    "10.00",
    "￥10元",
    "¥9.5",
    "12.345",
    "0",
    "-1",
    "1,000",
    "10 yuan",
    "10rmb",
    "abc",
    "",
    "10000000000",
    "10000000000.01",
    ".5",
]
AMOUNTS = [(12500, 1000), (1, 1), (1, 499), (1, 500), (333, 333), (99_999_999, 1_000_000_000_000)]


def python_or_none(parse, text):
    try:
        return parse(text)
    except InvalidInput:
        return None


async def test_weights_prices_and_amounts_agree_with_the_server(new_page):
    page = await new_page()
    await page.goto("/sign-in")
    seen = await page.evaluate(
        """async ([weights, prices, amounts]) => {
            const n = await import("/static/weigh/numbers.js");
            return {
                weights: weights.map((t) => n.parseWeight(t)),
                prices: prices.map((t) => n.parseYuan(t)),
                amounts: amounts.map(([g, p]) => n.amountFen(g, p)),
                shown: amounts.map(([g, p]) => n.formatYuan(n.amountFen(g, p))),
                kg: amounts.map(([g]) => n.formatKg(g)),
            };
        }""",
        [WEIGHTS, PRICES, AMOUNTS],
    )
    assert seen["weights"] == [python_or_none(parse_weight, text) for text in WEIGHTS]
    assert seen["prices"] == [python_or_none(parse_yuan, text) for text in PRICES]
    expected = [amount_fen(g, p) for g, p in AMOUNTS]
    assert seen["amounts"] == expected
    assert seen["shown"] == [format_yuan(fen) for fen in expected]
    assert seen["kg"] == [format_kg(g) for g, _ in AMOUNTS]
