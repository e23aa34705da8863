"""What public pages keep: the content version caches compare, and label scan counts."""

from __future__ import annotations

from piccolo.columns import BigInt, Date, Serial, Varchar
from piccolo.table import Table


class ContentVersion(Table):
    """One row whose version is bumped with every change a public page shows: caches compare it."""

    id: Serial
    version = BigInt(default=0)


class ScanCount(Table):
    """Label scans per lot, serial ("" for none) and day: a count, never who scanned."""

    id: Serial
    # unique (lot_code, serial, day): an index made in a raw migration, flushed by upsert
    lot_code = Varchar(length=20)
    serial = Varchar(length=20, default="")
    day = Date()
    scans = BigInt(default=0)
