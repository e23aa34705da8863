"""The addresses printed on labels (QR codes) and the cooperative's public page."""

from __future__ import annotations

from urllib.parse import quote


def lot_url(base_url: str, lot_code: str, serial: str = "") -> str:
    """{base}/l/{lot} or {base}/l/{lot}/{serial}: short, so the QR code stays small."""
    path = f"/l/{quote(lot_code)}" + (f"/{quote(serial)}" if serial else "")
    return base_url.rstrip("/") + path


def cooperative_url(base_url: str, slug: str) -> str:
    return f"{base_url.rstrip('/')}/c/{quote(slug)}"


def certificate_url(base_url: str, number: str) -> str:
    """{base}/cert/{number}: the page a certificate's QR opens (承诺达标合格证 in QR form)."""
    return f"{base_url.rstrip('/')}/cert/{quote(number)}"
