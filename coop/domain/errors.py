"""Domain errors: each carries a stable code, an HTTP status and a translatable message."""

from __future__ import annotations


class _KeepUnknown(dict[str, object]):
    """Leave a placeholder untouched when its parameter is missing, rather than fail to explain."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class DomainError(Exception):
    """A rule said no: mapped to one 4xx response in one place, never a 500."""

    code: str = "domain_error"
    status: int = 400
    message: str = "This request breaks a rule of the cooperative's ledger."

    def __init__(self, message: str | None = None, *, code: str | None = None, **params: object):
        if message is not None:
            self.message = message
        if code is not None:
            self.code = code
        self.params: dict[str, object] = params
        super().__init__(self.message)

    def __str__(self) -> str:
        """The English message with codes as they are: for logs and the command line."""
        params = {
            k: ", ".join(map(str, v)) if isinstance(v, tuple) else v for k, v in self.params.items()
        }
        try:
            return self.message.format_map(_KeepUnknown(params))
        except (IndexError, ValueError):
            return self.message


class InvalidInput(DomainError):
    """What a person typed cannot be read or breaks a rule: they can fix it and resend."""

    code = "invalid_input"
    status = 422
    message = "Some of what was entered is not valid."


class NotFound(DomainError):
    """The thing asked for does not exist (or is not visible to the asker)."""

    code = "not_found"
    status = 404
    message = "Not found."


class Forbidden(DomainError):
    """The asker is known but may not do this."""

    code = "forbidden"
    status = 403
    message = "You are not allowed to do this."


class Unauthorized(DomainError):
    """The asker must sign in first."""

    code = "unauthorized"
    status = 401
    message = "Please sign in first."


class Conflict(DomainError):
    """The request clashes with the ledger's current state, such as a duplicate or a stale edit."""

    code = "conflict"
    status = 409
    message = "This clashes with what is already recorded; reload and try again."


class OutOfStock(Conflict):
    """Quantities cannot go negative: taking more than is left is refused."""

    code = "out_of_stock"
    message = "There is not enough left for this."
