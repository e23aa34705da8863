"""Who is asking: a signed-in user's role decides what they may see and do (DESIGN: users)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from coop.domain.errors import DomainError, Forbidden


class Role(StrEnum):
    ADMIN = "admin"
    CLERK = "clerk"
    PROCESSOR = "processor"
    WORK_TEAM = "work_team"
    MEMBER = "member"


STAFF = frozenset({Role.ADMIN, Role.CLERK, Role.WORK_TEAM})
LINKED_TO_HOUSEHOLD = frozenset({Role.PROCESSOR, Role.MEMBER})


class TooManyAttempts(DomainError):
    """Sign-in is rate-limited so a password cannot be guessed by trying (issue: auth)."""

    code = "too_many_attempts"
    status = 429
    message = "Too many wrong passwords. Wait {minutes} minutes and try again."


@dataclass(frozen=True)
class Actor:
    """A signed-in user, scoped to one cooperative; members and processors to one household."""

    user_id: int
    cooperative_id: int
    role: Role
    name: str
    household_id: int | None = None
    locale: str = "zh_CN"

    def require(self, *roles: Role) -> Actor:
        """Refuse anyone whose role is not among these."""
        if self.role not in roles:
            raise Forbidden("Your role ({role}) may not do this.", role=self.role)
        return self

    def may_read_household(self, household_id: int) -> bool:
        """Staff read every household of their cooperative; a household reads only itself."""
        return self.role in STAFF or self.household_id == household_id

    def require_household(self, household_id: int) -> Actor:
        if not self.may_read_household(household_id):
            raise Forbidden(
                "You can only see your own household's records.", code="not_your_household"
            )
        return self
