"""Reading what a person typed into a form: exact parsing, and errors shown next to the field."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from coop.domain.errors import DomainError, InvalidInput
from coop.i18n import translate

T = TypeVar("T")


class Form:
    """Typed values read one field at a time; each field's error kept, translated."""

    def __init__(self, data: Mapping[str, Any], locale: str) -> None:
        self.data = data
        self.locale = locale
        self.errors: dict[str, str] = {}

    def text(self, name: str, default: str = "") -> str:
        return str(self.data.get(name, default) or default).strip()

    def key(self) -> str | None:
        """The form's Idempotency key; a form without one saves without that protection."""
        return self.text("key") or None

    def flag(self, name: str) -> bool:
        return self.data.get(name) in ("on", "1", "true", "yes")

    def read(self, name: str, parse: Callable[[str], T], required: bool = True) -> T | None:
        """The parsed value, or None with the reason kept in errors (an empty optional is None)."""
        typed = self.text(name)
        if not typed and not required:
            return None
        try:
            return parse(typed)
        except DomainError as error:
            self.fail(name, error)
            return None

    def fail(self, name: str, error: DomainError) -> None:
        self.errors[name] = translate(error.message, self.locale, **error.params)

    @property
    def ok(self) -> bool:
        return not self.errors


def new_key() -> str:
    """An Idempotency key per rendered form: a double tap or a resend saves once."""
    return secrets.token_urlsafe(16)


def whole_number(text: str) -> int:
    if not text.isdigit():
        raise InvalidInput("Enter a whole number, for example 2024.", text=text)
    return int(text)
