"""Label runs: how many labels one run may print (a count of 1 to 10 000)."""

from coop.domain.errors import InvalidInput

MAX_LABELS_PER_RUN = 10_000


def check_label_count(count: int) -> int:
    """A run prints at least one label and at most 10 000 (about 417 A4 sheets)."""
    if not 1 <= count <= MAX_LABELS_PER_RUN:
        raise InvalidInput(
            "The number of labels must be between 1 and {most}, not {count}.",
            code="invalid_label_count",
            most=MAX_LABELS_PER_RUN,
            count=count,
        )
    return count
