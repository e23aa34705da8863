"""What the scale asks before saving: a correction says what it does, an unusual weight is
confirmed (ARCHITECTURE.md: where each rule lives)."""

from __future__ import annotations

from coop.domain.errors import InvalidInput

# One delivery above this is far more than a household carries to the scale; it is most often a
# lost decimal point (1250 for 12.50), so the clerk confirms it before it is saved.
UNUSUAL_WEIGHT_G = 500_000


def is_unusual(weight_g: int) -> bool:
    """A weight to confirm before saving: more than UNUSUAL_WEIGHT_G. Never refused for it."""
    return weight_g > UNUSUAL_WEIGHT_G


def unusual_confirmed(weight_g: int, confirmed_g: int | None) -> bool:
    """Saving may go ahead: the weight is usual, or this very weight was confirmed."""
    return not is_unusual(weight_g) or confirmed_g == weight_g


def correction_weight(weight_g: int | None, void: bool, regraded: bool = False) -> int | None:
    """A correction either weighs in anew (a new weight, another grade or both) or voids, said
    explicitly: an empty weight is not void."""
    if void and (weight_g is not None or regraded):
        raise InvalidInput(
            "A voided weigh-in has no new weight: either type the new weight or void it.",
            code="void_with_weight",
        )
    if not void and weight_g is None and not regraded:
        raise InvalidInput(
            "Type the new weight, or choose to void the weigh-in.",
            code="new_weight_or_void",
        )
    return weight_g
