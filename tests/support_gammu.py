"""A real gammu-smsd on gammu's dummy phone driver: the gateway the message tests send through.

The dummy phone is a folder: what the test puts in its `sms/1` folder the daemon receives as an
incoming text (or a delivery report); what coop hands over lands, once sent, in the daemon's sent
folder. The daemon is started per test and stopped by its own process id.
"""

from __future__ import annotations

import asyncio
import itertools
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from coop.services.gateway import GammuFiles

SMSDRC = """\
[gammu]
device = {root}/phone/
connection = none
model = dummy

[smsd]
service = files
inboxpath = {root}/inbox/
outboxpath = {root}/outbox/
sentsmspath = {root}/sent/
errorsmspath = {root}/error/
inboxformat = detail
outboxformat = unicode
transmitformat = unicode
deliveryreport = sms
logfile = {root}/smsd.log
debuglevel = 1
phoneid = coop-test
commtimeout = 1
sendtimeout = 5
loopsleep = 1
receivefrequency = 1
statusfrequency = 0
checksecurity = 0
checkbattery = 0
checksignal = 0
checknetwork = 0
"""


@dataclass
class Smsd:
    root: Path
    config: Path
    process: subprocess.Popen
    gateway: GammuFiles
    _numbers: Iterator[int]

    def sent_texts(self, phone_digits: str) -> list[str]:
        """The texts the daemon sent to this number (its sent folder), oldest first."""
        found = []
        for path in sorted(self.gateway.sent.iterdir()):
            if f"_+86{phone_digits}_" in path.name or f"_{phone_digits}_" in path.name:
                found.append(path.read_bytes().decode("utf-16"))
        return found

    def log(self) -> str:
        return (self.root / "smsd.log").read_text(errors="replace")

    def _put(self, number: str, pdu: str, text: str, coding: str) -> None:
        body = "".join(f"{ord(c):04X}" for c in text)
        path = self.root / "phone" / "sms" / "1" / str(next(self._numbers))
        aside = path.with_suffix(".tmp")
        aside.write_text(
            f'[SMSBackup000]\nNumber = "{number}"\nCoding = {coding}\nFolder = 1\n'
            f"Sent = 20260715T120000\nState = UnRead\nPDU = {pdu}\nClass = -1\n"
            f"Text00 = {body}\n",
            encoding="utf-8",
        )
        aside.rename(path)

    def receive(self, number: str, text: str) -> None:
        """A text arrives at the modem from this number."""
        self._put(number, "Deliver", text, "Unicode")

    def report(self, number: str, status: str) -> None:
        """A delivery report arrives: gammu words it "Delivered" or "Failed"."""
        self._put(number, "Status_Report", status, "Default")


async def wait_for(check, seconds: float = 40.0):  # type: ignore[no-untyped-def]
    """Poll an async or plain check until it returns something true."""
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if asyncio.iscoroutine(result):
            result = await result
        if result or time.monotonic() > deadline:
            return result
        await asyncio.sleep(0.3)


@contextmanager
def running_smsd(root: Path) -> Iterator[Smsd]:
    binary = shutil.which("gammu-smsd")
    assert binary, "gammu-smsd is not installed"
    for name in ("inbox", "outbox", "sent", "error", "phone"):
        (root / name).mkdir(parents=True)
    config = root / "smsdrc"
    config.write_text(SMSDRC.format(root=root))
    process = subprocess.Popen(
        [binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 20
        while "Starting phone communication" not in _read(root / "smsd.log"):
            assert process.poll() is None, _read(root / "smsd.log")
            assert time.monotonic() < deadline, "gammu-smsd did not start"
            time.sleep(0.1)
        yield Smsd(root, config, process, GammuFiles.from_config(config), itertools.count(1))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""
