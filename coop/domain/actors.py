"""Who is asking, and the one table of what each role may do (ARCHITECTURE.md: roles)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from coop.domain.errors import DomainError, Forbidden


class Role(StrEnum):
    ADMIN = "admin"
    CLERK = "clerk"
    PROCESSOR = "processor"
    WORK_TEAM = "work_team"
    MEMBER = "member"


class Action(StrEnum):
    """Something a signed-in user asks to do; MAY says which roles may."""

    READ_EVERY_HOUSEHOLD = "read_every_household"  # staff; a household reads only its own
    MANAGE_REFERENCE_DATA = "manage_reference_data"  # households, products, certifications
    WEIGH = "weigh"  # record and correct weigh-ins at the station
    RECORD_OWN_HARVEST = "record_own_harvest"  # a grower's own harvest records on /me
    PRINT_MEMBER_CARDS = "print_member_cards"  # the QR cards the weigh station scans
    MAKE_BATCHES = "make_batches"  # start, fill, finish and correct processing batches
    ASSIGN_BATCHES = "assign_batches"  # start a batch for a processor, set its fee rate
    SEE_BATCHES = "see_batches"
    PRINT_LABELS = "print_labels"  # a processor: its own household's batches
    SEE_LABEL_RUNS = "see_label_runs"
    TAKE_ORDERS = "take_orders"  # the order desk: create, import, pick, ship
    READ_ORDERS = "read_orders"
    TRACE = "trace"  # trace, hold, release and recall
    REVIEW_INCOME = "review_income"  # the village's income review and reports
    PAY = "pay"  # post payouts
    KEEP_SHARES = "keep_shares"  # record members' capital and reserve shares
    CONFIRM_SURPLUS = "confirm_surplus"  # post the year-end surplus return
    MESSAGE_HOUSEHOLDS = "message_households"  # text notices, replies, the day's sending
    INSPECT_CERTIFICATES = "inspect_certificates"  # list, find and export 承诺达标合格证


STAFF = frozenset({Role.ADMIN, Role.CLERK, Role.WORK_TEAM})
LINKED_TO_HOUSEHOLD = frozenset({Role.PROCESSOR, Role.MEMBER})
_DESK = frozenset({Role.ADMIN, Role.CLERK})
_ADMIN = frozenset({Role.ADMIN})

MAY: Mapping[Action, frozenset[Role]] = {
    Action.READ_EVERY_HOUSEHOLD: STAFF,
    Action.MANAGE_REFERENCE_DATA: _ADMIN,
    Action.WEIGH: _DESK,
    Action.RECORD_OWN_HARVEST: LINKED_TO_HOUSEHOLD,
    Action.PRINT_MEMBER_CARDS: _DESK,
    Action.MAKE_BATCHES: _DESK | {Role.PROCESSOR},
    Action.ASSIGN_BATCHES: _DESK,
    Action.SEE_BATCHES: STAFF | {Role.PROCESSOR},
    Action.PRINT_LABELS: _DESK | {Role.PROCESSOR},
    Action.SEE_LABEL_RUNS: STAFF | {Role.PROCESSOR},
    Action.TAKE_ORDERS: _DESK,
    Action.READ_ORDERS: STAFF,
    Action.TRACE: STAFF,
    Action.REVIEW_INCOME: frozenset({Role.ADMIN, Role.WORK_TEAM}),
    Action.PAY: _ADMIN,
    Action.KEEP_SHARES: _ADMIN,
    Action.CONFIRM_SURPLUS: _ADMIN,
    Action.MESSAGE_HOUSEHOLDS: frozenset({Role.ADMIN, Role.WORK_TEAM}),
    Action.INSPECT_CERTIFICATES: STAFF,
}


class TooManyAttempts(DomainError):
    """Sign-in is rate-limited so a password cannot be guessed by trying."""

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

    def may(self, action: Action) -> bool:
        return self.role in MAY[action]

    def require(self, action: Action) -> Actor:
        """Refuse anyone whose role may not do this."""
        if not self.may(action):
            raise Forbidden("Your role ({role}) may not do this.", role=self.role)
        return self

    def may_read_household(self, household_id: int) -> bool:
        """Staff read every household of their cooperative; a household reads only itself."""
        return self.may(Action.READ_EVERY_HOUSEHOLD) or self.household_id == household_id

    def require_household(self, household_id: int) -> Actor:
        if not self.may_read_household(household_id):
            raise Forbidden(
                "You can only see your own household's records.", code="not_your_household"
            )
        return self
