"""The SMS gateway: gammu-smsd with its FILES backend, driven through its folders.

A message is handed over by writing one file into gammu-smsd's outbox (written aside, then
renamed, so the daemon never reads half a file). The file's name ends in `_coop<id>`: the outbox
row's id, so handing the same row over again finds the file already there (in the outbox, or
moved by the daemon to the sent or error folder) instead of writing a second one. gammu-smsd
stores what comes in (replies and delivery reports, `InboxFormat = detail`) as files in its inbox;
once read they move to a `read` folder beside it. The folders come from the smsdrc file itself.
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from coop.domain.sms import dialled

DELIVERED, FAILED = "delivered", "failed"


@dataclass(frozen=True)
class Incoming:
    """A file from the inbox: a text someone sent, or a delivery report of one we sent."""

    name: str
    number: str
    text: str
    at: datetime
    report: str | None  # for a delivery report: "delivered", "failed" or "pending"


@dataclass(frozen=True)
class GammuFiles:
    outbox: Path
    sent: Path
    error: Path
    inbox: Path

    @classmethod
    def from_config(cls, smsdrc: Path) -> GammuFiles:
        """The folders named in gammu-smsd's own configuration (its [smsd] section)."""
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.read(smsdrc, encoding="utf-8")
        smsd = parser["smsd"]
        if smsd.get("service", "").strip().lower() != "files":
            raise ValueError(f"{smsdrc}: coop drives gammu-smsd's FILES service (service = files)")
        if smsd.get("inboxformat", "").strip().lower() != "detail":
            raise ValueError(f"{smsdrc}: coop reads the inbox as InboxFormat = detail")

        def folder(key: str) -> Path:
            value = smsd.get(key, "").strip()
            if not value:
                raise ValueError(f"{smsdrc}: [smsd] {key} is not set")
            return Path(value)

        return cls(
            folder("outboxpath"), folder("sentsmspath"), folder("errorsmspath"), folder("inboxpath")
        )

    @property
    def read(self) -> Path:
        return self.inbox / "read"

    def find(self, message_id: int) -> tuple[str, str] | None:
        """(file name, "outbox" / "sent" / "error") of a message handed over before, or None.
        Looked for twice: the daemon may move the file between two folders while we look."""
        suffix = f"_coop{message_id}.txt"
        for _ in range(2):
            for where, folder in (
                ("outbox", self.outbox),
                ("sent", self.sent),
                ("error", self.error),
            ):
                for name in os.listdir(folder):
                    if name.startswith("OUT") and name.rstrip("d").endswith(suffix):
                        return name, where
        return None

    def submit(self, message_id: int, phone: str, text: str, created: datetime) -> str:
        """Hand a message over once; returns the file name, which is its gateway id."""
        found = self.find(message_id)
        if found is not None:
            return found[0]
        stamp = created.astimezone(UTC).strftime("%Y%m%d_%H%M%S")
        name = f"OUTB{stamp}_00_{dialled(phone)}_coop{message_id}.txtd"  # d: delivery report
        aside = self.outbox / f".coop{message_id}.tmp"
        aside.write_bytes(b"\xfe\xff" + text.encode("utf-16-be"))  # gammu's Unicode: UTF-16 BOM
        os.replace(aside, self.outbox / name)
        return name

    def state(self, gateway_id: str) -> str | None:
        """ "sent" once the daemon moved the file to the sent folder, "failed" to the error folder,
        None while it waits in the outbox."""
        if (self.sent / gateway_id).exists():
            return "sent"
        if (self.error / gateway_id).exists():
            return FAILED
        return None

    def incoming(self) -> list[Incoming]:
        """What waits in the inbox, oldest first."""
        found = []
        for name in sorted(os.listdir(self.inbox)):
            path = self.inbox / name
            if name.startswith("IN") and path.is_file():
                found.append(parse_detail(name, path.read_text(encoding="utf-8", errors="replace")))
        return found

    def done(self, name: str) -> None:
        """Move a read file out of the inbox (kept, never deleted)."""
        self.read.mkdir(exist_ok=True)
        os.replace(self.inbox / name, self.read / name)


def parse_detail(name: str, content: str) -> Incoming:
    """gammu's SMS backup format: a [SMSBackupNNN] section per part, text as hex UTF-16."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read_string(content)
    parts = [parser[s] for s in sorted(parser.sections()) if s.lower().startswith("smsbackup")]
    if not parts:
        raise ValueError(f"{name}: no message in the file")
    first = parts[0]
    text = ""
    for part in parts:
        lines = sorted(k for k in part if k.startswith("text") and k[4:].isdigit())
        hexed = "".join(part[k].strip() for k in lines)
        text += bytes.fromhex(hexed).decode("utf-16-be", errors="replace") if hexed else ""
    stamp = first.get("datetime", "").strip().rstrip("Z")
    try:
        at = datetime.strptime(stamp, "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        at = datetime.now(UTC)
    report = None
    if first.get("pdu", "").strip().lower() == "status_report":
        word = text.strip().lower()
        report = DELIVERED if word == "delivered" else FAILED if "fail" in word else "pending"
    return Incoming(name, first.get("number", "").strip().strip('"'), text, at, report)
