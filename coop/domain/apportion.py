"""Split a sum of fen in proportion to weights so that the parts add up exactly to the sum."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

K = TypeVar("K", int, str)


def largest_remainder(total_fen: int, weights: Mapping[K, int]) -> dict[K, int]:
    """Largest remainder (Hamilton) method, in whole fen; parts always sum to total_fen.

    Each key first gets floor(total x weight / sum of weights); the fen left over go one each to
    the keys with the largest remainders, ties broken by the larger weight, then the smaller key,
    so the same figures always give the same split.
    """
    if total_fen < 0 or any(weight < 0 for weight in weights.values()):
        raise ValueError("apportion a non-negative total by non-negative weights")
    weight_sum = sum(weights.values())
    if weight_sum == 0:
        if total_fen:
            raise ValueError("cannot apportion fen by weights that are all zero")
        return {key: 0 for key in weights}
    parts: dict[K, int] = {}
    remainders: dict[K, int] = {}
    for key, weight in weights.items():
        parts[key], remainders[key] = divmod(total_fen * weight, weight_sum)
    left_over = total_fen - sum(parts.values())
    order = sorted(weights, key=lambda key: (-remainders[key], -weights[key], key))
    for key in order[:left_over]:
        parts[key] += 1
    return parts
