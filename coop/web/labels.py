"""Printing a batch's labels from its page: a form whose answer is the file to print.

The batch pages link here (`/batches/{id}/labels`); the service records the run and refuses a
held, recalled or unfinished batch, and the form shows why.
"""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.response import Template

from coop.domain.actors import Action, Actor
from coop.domain.errors import DomainError, InvalidInput
from coop.services import batch_queries, labels
from coop.services.label_options import label_layouts
from coop.web.forms import Form
from coop.web.shell import N_, error_text, locale_for, page

FORMAT_NAMES = {
    "pdf": N_("PDF (A4 sticker sheets)"),
    "png": N_("PNG (one image per label)"),
    "zpl": N_("ZPL (Zebra printers)"),
    "brother": N_("Brother QL (62 mm roll)"),
}


def _count(text: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise InvalidInput(
            N_("Enter how many labels as a whole number."), code="invalid_label_count"
        )
    return int(text)


async def _form_page(
    request: Request,
    actor: Actor,
    batch_id: int,
    form: Form | None = None,
    failure: str | None = None,
    status_code: int = 200,
) -> Template:
    actor.require(Action.PRINT_LABELS)
    batch = await batch_queries.batch(actor, batch_id)
    locale = locale_for(request, actor)
    refused = labels.refusal(batch.status, batch.code)
    if failure is None and refused is not None:
        failure = error_text(refused, locale)  # said before anyone tries to print
    return page(
        request,
        "batch_labels.html",
        actor,
        status_code=status_code,
        batch=batch,
        layouts=label_layouts(),
        formats=FORMAT_NAMES,
        runs=await labels.label_runs(actor, batch_id),
        form=form or Form({"serials": "yes", "format": "pdf"}, locale),
        default_count=min(batch.jars_filled or 1, 10_000),
        failure=failure,
    )


@get("/batches/{batch_id:int}/labels")
async def label_form(request: Request, actor: Actor, batch_id: int) -> Template:
    return await _form_page(request, actor, batch_id)


@post("/batches/{batch_id:int}/labels", status_code=200)
async def print_labels(request: Request, actor: Actor, batch_id: int) -> Response:
    """The file comes back as a download; a refusal comes back as the form saying why."""
    form = Form(await request.form(), locale_for(request, actor))
    count = form.read("count", _count)
    if not form.ok or count is None:
        return await _form_page(request, actor, batch_id, form, status_code=422)
    try:
        printed = await labels.print_batch_labels(
            actor,
            batch_id,
            form.text("layout"),
            count,
            form.text("serials") == "yes",
            form.text("format", "pdf"),
            base_url=request.app.state.settings.base_url,
            with_price=form.flag("price"),
        )
    except DomainError as error:
        if error.status in (401, 403, 404):
            raise
        form.fail("print", error)
        return await _form_page(
            request, actor, batch_id, form, form.errors["print"], status_code=error.status
        )
    return Response(
        printed.content, media_type=printed.content_type, headers=printed.download_headers()
    )


ROUTES = [label_form, print_labels]
