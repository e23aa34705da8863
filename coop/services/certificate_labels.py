"""A certificate printed in the label layouts: "承诺达标合格证" as the heading, its facts, and a QR
to its public page (the QR form the rules allow when it shows those words prominently)."""

from __future__ import annotations

import asyncio

from coop.domain.actors import Action, Actor
from coop.domain.certificates import TITLE, Basis
from coop.domain.public_urls import certificate_url
from coop.domain.weight import format_kg
from coop.i18n import DEFAULT_LOCALE, translate
from coop.labels.content import LabelData
from coop.labels.layout import load_layout
from coop.labels.output import label_file
from coop.services.certificate_views import CertificateView, certificate
from coop.services.label_options import format_extension


def certificate_label(
    view: CertificateView, base_url: str, locale: str = DEFAULT_LOCALE
) -> LabelData:
    """The label's content: the certificate's number under the QR, its facts in four lines."""
    return LabelData(
        url=certificate_url(base_url, view.number),
        name_zh=TITLE,
        cooperative=f"{view.issuer} {view.contact}".strip(),
        serial=view.number,
        lines=(
            translate(
                "{product} {weight} kg",
                locale,
                product=view.product_zh,
                weight=format_kg(view.weight_g),
            ),
            translate("Origin: {origin}", locale, origin=view.origin),
            translate("Picked on: {date}", locale, date=view.picked_on),
            translate("Basis: {basis}", locale, basis=Basis(view.basis)),
        ),
    )


async def print_certificate(
    actor: Actor, number: str, layout_name: str, fmt: str, *, base_url: str
) -> tuple[str, bytes, str]:
    """One certificate as a file to print: name, bytes and content type."""
    actor.require(Action.INSPECT_CERTIFICATES)
    view = await certificate(actor, number)
    layout = load_layout(layout_name)
    name = f"{view.number}-{layout.name}{format_extension(fmt)}"
    data = certificate_label(view, base_url)
    return await asyncio.to_thread(label_file, name, layout, [data])
