"""The import wizard: a shop's file → its columns → a preview → confirm → the result.

The file travels from step to step inside the form (base64), so nothing is stored before confirm
and every step works without JavaScript.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.params import Parameter
from litestar.response import Redirect, Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import InvalidInput
from coop.domain.import_headers import (
    FIELDS,
    REQUIRED,
    STAND_INS,
    mapping_for_file,
    missing_fields,
)
from coop.domain.orders import Channel, OrderField, channel_of
from coop.i18n.names import NAMES
from coop.services import import_mappings, order_files, order_import
from coop.services.fields import MAX_ID
from coop.web.forms import Form
from coop.web.orders import order_page
from coop.web.shell import N_, error_text, locale_for

FIELD_NAMES = NAMES[OrderField]


def _wizard(request: Request, actor: Actor, name: str, status_code: int = 200, **context):
    return order_page(
        request,
        name,
        actor,
        status_code=status_code,
        channels=[channel.value for channel in Channel],
        FIELDS=FIELDS,
        REQUIRED=REQUIRED,
        STAND_INS=STAND_INS,
        FIELD_NAMES=FIELD_NAMES,
        **context,
    )


@get("/orders/import")
async def upload_form(request: Request, actor: Actor, channel: str = "shop") -> Template:
    actor.require(Action.TAKE_ORDERS)
    return _wizard(request, actor, "orders/import_upload.html", channel=channel, failure="")


@post("/orders/import")
async def upload(request: Request, actor: Actor) -> Response:
    """Step 2: the file's columns, each of our fields matched by the channel's saved mapping."""
    actor.require(Action.TAKE_ORDERS)
    data = await request.form()
    channel = str(data.get("channel") or "")
    sent = data.get("file")
    content = await sent.read() if isinstance(sent, UploadFile) else b""
    try:
        channel_of(channel)
        headers, _ = order_files.read_table(content)
    except InvalidInput as error:
        failure = error_text(error, locale_for(request, actor))
        return _wizard(
            request, actor, "orders/import_upload.html", 422, channel=channel, failure=failure
        )
    saved = await import_mappings.mapping_for(actor, channel)
    mapping = mapping_for_file(saved.mapping if saved.saved else None, headers)
    return await _columns(request, actor, channel, content, headers, mapping)


async def _columns(
    request: Request,
    actor: Actor,
    channel: str,
    content: bytes,
    headers: list[str],
    mapping: dict[str, str],
    status_code: int = 200,
    failure: str = "",
) -> Template:
    shown = {field: header for field, header in mapping.items() if header in headers}
    return _wizard(
        request,
        actor,
        "orders/import_columns.html",
        status_code,
        channel=channel,
        data=base64.b64encode(content).decode(),
        headers=headers,
        mapping=shown,
        missing=missing_fields(shown),
        failure=failure,
    )


@post("/orders/import/preview")
async def preview(request: Request, actor: Actor) -> Response:
    """Step 3: the mapping is saved for the channel, then every row is shown: new, old, refused."""
    actor.require(Action.TAKE_ORDERS)
    form = Form(await request.form(), locale_for(request, actor))
    channel, content = form.text("channel"), _content(form)
    mapping = {f.value: form.text(f"map_{f}") for f in FIELDS if form.text(f"map_{f}")}
    headers, _ = order_files.read_table(content)
    try:
        if (await import_mappings.mapping_for(actor, channel)).mapping != mapping:
            await import_mappings.save_mapping(actor, channel, mapping)
        shown = await order_import.preview(actor, channel, content, form.locale)
    except InvalidInput as error:
        failure = error_text(error, form.locale)
        return await _columns(request, actor, channel, content, headers, mapping, 422, failure)
    return _wizard(
        request,
        actor,
        "orders/import_preview.html",
        preview=shown,
        data=form.text("data"),
    )


@post("/orders/import/confirm")
async def confirm(request: Request, actor: Actor) -> Response:
    """Step 4: write what the preview showed, once; a changed file or mapping is refused (409)."""
    actor.require(Action.TAKE_ORDERS)
    form = Form(await request.form(), locale_for(request, actor))
    result = await order_import.confirm(
        actor, form.text("channel"), _content(form), form.text("token"), form.locale
    )
    return Redirect(path=f"/orders/import/done/{result.import_id}", status_code=303)


@get("/orders/import/done/{import_id:int}")
async def done(
    request: Request, actor: Actor, import_id: Annotated[int, Parameter(ge=1, le=MAX_ID)]
) -> Template:
    """Step 5: what the import made and every row it refused, with the reason."""
    result = await order_import.result(actor, import_id)
    return _wizard(request, actor, "orders/import_done.html", result=result)


def _content(form: Form) -> bytes:
    try:
        return base64.b64decode(form.text("data"), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(
            N_("The file did not come through; choose it again."), code="file_lost"
        ) from None


ROUTES = [upload_form, upload, preview, confirm, done]
