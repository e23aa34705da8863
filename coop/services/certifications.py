"""Certified processors: the households chosen for craft and kitchen hygiene, until they lapse."""

from __future__ import annotations

from datetime import date

import msgspec

from coop.db import is_unique_violation, write
from coop.domain.actors import Action, Actor
from coop.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from coop.domain.processing import certified_on_day
from coop.services import clock
from coop.services.audit import audit
from coop.services.lookup import household_of
from coop.tables import ProcessorCertification

MAX_NOTES = 400
MAX_REASON = 200


class CertificationView(msgspec.Struct, frozen=True):
    id: int
    household_id: int
    household_code: str
    household_name: str
    certified_on: date
    certified_by: str
    notes: str
    lapsed_on: date | None
    lapse_reason: str
    in_force: bool


async def certify(
    actor: Actor, household_id: int, notes: str = "", certified_on: date | None = None
) -> CertificationView:
    """An admin certifies a household to process; one certification in force at a time."""
    actor.require(Action.MANAGE_REFERENCE_DATA)
    notes = notes.strip()
    if len(notes) > MAX_NOTES:
        raise InvalidInput("Notes are at most {most} characters.", code="notes_too_long", most=400)
    certified_on = certified_on or clock.today()
    if certified_on > clock.today():
        raise InvalidInput(
            "A certification cannot be dated in the future.", code="certified_in_future"
        )
    try:
        async with write():
            household = await household_of(actor, household_id)
            if not household["active"]:
                raise InvalidInput(
                    "Household {household} is deactivated.",
                    code="household_inactive",
                    household=household["code"],
                )
            if await _open_row(household_id) is not None:
                raise _already_certified(household["code"])
            row = ProcessorCertification(
                cooperative=actor.cooperative_id,
                household=household_id,
                certified_on=certified_on,
                certified_by=actor.user_id,
                notes=notes,
            )
            await row.save()
            await audit(actor, "certify_processor", "household", household_id, notes=notes)
    except Exception as error:
        if is_unique_violation(error):  # a concurrent twin certified it first
            raise _already_certified(household["code"]) from None
        raise
    return await certification(actor, int(row.id))


def _already_certified(household: str) -> Conflict:
    return Conflict(
        "Household {household} is already certified to process.",
        code="already_certified",
        household=household,
    )


async def lapse(actor: Actor, household_id: int, reason: str) -> CertificationView:
    """An admin lets a certification lapse from today, with a reason; batches made stay valid."""
    actor.require(Action.MANAGE_REFERENCE_DATA)
    reason = reason.strip()
    if not 0 < len(reason) <= MAX_REASON:
        raise InvalidInput(
            "Say in at most 200 characters why the certification lapses.", code="reason_required"
        )
    async with write():
        household = await household_of(actor, household_id)
        open_row = await _open_row(household_id)
        if open_row is None:
            raise NotFound(
                "Household {household} is not certified to process.",
                code="not_certified",
                household=household["code"],
            )
        await ProcessorCertification.update(
            {
                ProcessorCertification.lapsed_on: clock.today(),
                ProcessorCertification.lapsed_by: actor.user_id,
                ProcessorCertification.lapse_reason: reason,
            }
        ).where(ProcessorCertification.id == open_row["id"])
        await audit(actor, "lapse_certification", "household", household_id, reason=reason)
    return await certification(actor, int(open_row["id"]))


async def _open_row(household_id: int) -> dict | None:
    return await (
        ProcessorCertification.select(ProcessorCertification.id)
        .where(
            (ProcessorCertification.household == household_id)
            & ProcessorCertification.lapsed_on.is_null()
        )
        .first()
    )


async def require_certified(actor: Actor, household_id: int, day: date) -> None:
    """Only households certified to process (in force on that day) are assigned batches."""
    household = await household_of(actor, household_id)
    rows = await ProcessorCertification.select(
        ProcessorCertification.certified_on, ProcessorCertification.lapsed_on
    ).where(ProcessorCertification.household == household_id)
    if not any(certified_on_day(r["certified_on"], r["lapsed_on"], day) for r in rows):
        raise InvalidInput(
            "Household {household} is not certified to process; an admin must certify it first.",
            code="not_certified",
            household=household["code"],
        )


def _view(row: dict) -> CertificationView:
    in_force = certified_on_day(row["certified_on"], row["lapsed_on"], clock.today())
    return msgspec.convert({**row, "in_force": in_force}, CertificationView, strict=False)


async def certification(actor: Actor, certification_id: int) -> CertificationView:
    c = ProcessorCertification
    row = await _select(actor).where(c.id == certification_id).first()
    if row is None:
        raise NotFound(
            "No certification {id} here.", code="certification_not_found", id=certification_id
        )
    actor.require_household(row["household_id"])
    return _view(row)


async def certifications(actor: Actor, include_lapsed: bool = False) -> list[CertificationView]:
    """Staff see every certification; a processor sees its own household's."""
    c = ProcessorCertification
    query = _select(actor)
    if not actor.may(Action.READ_EVERY_HOUSEHOLD):
        if actor.household_id is None:
            raise Forbidden("Your account is not linked to a household.", code="no_household")
        query = query.where(c.household == actor.household_id)
    if not include_lapsed:
        query = query.where(c.lapsed_on.is_null())
    return [_view(row) for row in await query.order_by(c.household.code).order_by(c.id)]


def _select(actor: Actor):
    c = ProcessorCertification
    return c.select(
        c.id,
        c.household.as_alias("household_id"),
        c.household.code.as_alias("household_code"),
        c.household.display_name.as_alias("household_name"),
        c.certified_on,
        c.certified_by.name.as_alias("certified_by"),
        c.notes,
        c.lapsed_on,
        c.lapse_reason,
    ).where(c.cooperative == actor.cooperative_id)
