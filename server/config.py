"""Settings from the environment (prefix ``REPCOUNT_``); bad values fail at start, not later."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "repcount"


class Settings(BaseSettings):
    """Everything the server reads at start."""

    model_config = SettingsConfigDict(env_prefix="REPCOUNT_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = None
    """SQLAlchemy URL; default a SQLite file in ``data_dir``. PostgreSQL: ``postgresql+psycopg://...``."""
    token: str | None = Field(default=None, min_length=16)
    """Access token; generated at first start and kept in ``data_dir/token`` when not given."""
    host: str = "0.0.0.0"
    port: int = Field(default=8000, ge=0, le=65535)
    sensor: str | None = None
    """``sim``, a BLE name or address, or a recording file; none means no live stream."""
    speed: float = Field(default=1.0, gt=0, le=1000)
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    sensor_retry_s: float = Field(default=5.0, gt=0)

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, v: str | None) -> str | None:
        if v is not None and not v.startswith(("sqlite", "postgresql")):
            raise ValueError("database_url must start with sqlite:// or postgresql+psycopg://")
        return v

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'repcount.db'}"

    def resolved_token(self) -> str:
        """The token: from the setting, else read from or created in ``data_dir/token`` (mode 600)."""
        if self.token:
            return self.token
        path = self.data_dir / "token"
        if path.exists():
            stored = path.read_text(encoding="utf-8").strip()
            if len(stored) >= 16:
                return stored
        self.data_dir.mkdir(parents=True, exist_ok=True)
        token = secrets.token_urlsafe(18)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(token + "\n")
        return token
