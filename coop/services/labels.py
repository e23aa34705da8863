"""Label runs read from the database: the cooperative's own QR (brochures, posters, garden sign).

Batch labels (`coop labels LOT`, issue 5 with processing batches, issue 4) will be built here from
the batch, its product and its status: a held or recalled batch gets no labels.
"""

from __future__ import annotations

from coop.domain.errors import NotFound
from coop.labels.content import LabelData
from coop.labels.urls import cooperative_url
from coop.tables import Cooperative


async def cooperative_label(slug: str, base_url: str) -> LabelData:
    """The label for a cooperative's own page `/c/{slug}`: QR and address, name, village."""
    row = await (
        Cooperative.select(Cooperative.name, Cooperative.village)
        .where(Cooperative.slug == slug)
        .first()
    )
    if row is None:
        raise NotFound("No cooperative {slug}.", code="cooperative_not_found", slug=slug)
    url = cooperative_url(base_url, slug)
    return LabelData(
        url=url,
        name_zh=row["name"],  # the heading
        cooperative=row["village"] or row["name"],  # the foot line
        url_text=url.split("://", 1)[1],
    )
