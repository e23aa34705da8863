"""Integer division rounded half away from zero: exact, symmetric for debits and credits."""


def divide_half_away_from_zero(numerator: int, denominator: int) -> int:
    """Round numerator / denominator to the nearest integer, halves away from zero, in integers."""
    if denominator == 0:
        raise ZeroDivisionError("denominator is zero")
    quotient, remainder = divmod(abs(numerator), abs(denominator))
    if 2 * remainder >= abs(denominator):
        quotient += 1
    negative = (numerator < 0) != (denominator < 0)
    return -quotient if negative else quotient
