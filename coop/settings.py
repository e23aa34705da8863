"""Settings from the environment: the only module that reads os.environ."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DATABASE_URL = "sqlite:///var/coop.sqlite3"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    base_url: str = DEFAULT_BASE_URL
    secret_key: str | None = None
    var_dir: Path = Path("var")
    debug: bool = False
    bench_endpoints: bool = False  # /api/v1/bare, for scripts/bench only
    scan_flush_seconds: float = 5.0  # label scans are counted in memory and written this often
    smsd_config: Path | None = None  # gammu-smsd's smsdrc: text messages go through it when set
    sms_every_seconds: float = 10.0  # how often the app hands messages over and reads replies

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        var_dir = Path(env.get("COOP_VAR_DIR", "var"))
        return cls(
            database_url=env.get("COOP_DATABASE_URL", DEFAULT_DATABASE_URL),
            base_url=env.get("COOP_BASE_URL", DEFAULT_BASE_URL).rstrip("/"),
            secret_key=env.get("COOP_SECRET_KEY") or None,
            var_dir=var_dir,
            debug=env.get("COOP_DEBUG", "") in {"1", "true", "yes"},
            bench_endpoints=env.get("COOP_BENCH_ENDPOINTS", "") == "1",
            scan_flush_seconds=float(env.get("COOP_SCAN_FLUSH_SECONDS", "5")),
            smsd_config=Path(env["COOP_SMSD_CONFIG"]) if env.get("COOP_SMSD_CONFIG") else None,
            sms_every_seconds=float(env.get("COOP_SMS_SECONDS", "10")),
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite:")

    def signing_key(self) -> str:
        """COOP_SECRET_KEY, or one generated into var/ on first use."""
        return self.secret_key or _secret_key_in(self.var_dir)


def _secret_key_in(var_dir: Path) -> str:
    """A key generated once into var/ so that sessions survive a restart without configuration."""
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()
