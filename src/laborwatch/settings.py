"""Every setting LaborWatch reads, in one place.

Each setting is an environment variable. ``SETTINGS`` is the registry: ``docs/settings.md`` documents each
entry and ``tests/test_docs.py`` fails when one is missing there, so the documentation cannot fall behind.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("LABORWATCH_HOME", "<platform user data folder>/laborwatch",
            "Folder that holds laborwatch.db (the SQLite default) and blobs/ (original document bytes)."),
    Setting("LABORWATCH_DATABASE_URL", "sqlite:///$LABORWATCH_HOME/laborwatch.db",
            "SQLAlchemy URL of the evidence store, e.g. postgresql+psycopg://user@host/laborwatch."),
    Setting("LABORWATCH_USER", "<the operating-system user>",
            "Who the audit log names for a decision made from the command line (overridden by --as)."),
    Setting("LABORWATCH_MAX_DOCUMENT_MB", "50",
            "Largest document `laborwatch add` accepts, in megabytes; larger files are refused."),
    Setting("LABORWATCH_BATCH_ENGINE", "local",
            "Engine for batch screening: local (every core of this machine) or spark."),
    Setting("LABORWATCH_SPARK_MASTER", "local[*]",
            "Spark master URL for the spark batch engine, e.g. spark://host:7077 or yarn; --spark-master overrides."),
    Setting("LABORWATCH_SECRET_KEY", "<random, stored in $LABORWATCH_HOME/secret.key>",
            "Key that signs web session cookies and CSRF tokens; set the same value on every server process."),
)


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else None


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    user: str
    max_document_bytes: int
    batch_engine: str = "local"
    spark_master: str = "local[*]"
    secret_key: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def blob_dir(self) -> Path:
        return self.home / "blobs"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


class SettingsError(ValueError):
    """A setting holds a value LaborWatch cannot use."""


def load_settings() -> Settings:
    """Read the environment now (not at import time, so tests and servers can change it)."""
    home = Path(_env("LABORWATCH_HOME") or platformdirs.user_data_dir("laborwatch", appauthor=False))
    url = _env("LABORWATCH_DATABASE_URL") or f"sqlite:///{home / 'laborwatch.db'}"
    user = _env("LABORWATCH_USER") or _os_user()
    raw_mb = _env("LABORWATCH_MAX_DOCUMENT_MB") or "50"
    try:
        max_mb = float(raw_mb)
    except ValueError as exc:
        raise SettingsError(f"LABORWATCH_MAX_DOCUMENT_MB must be a number of megabytes, not {raw_mb!r}") from exc
    engine = (_env("LABORWATCH_BATCH_ENGINE") or "local").lower()
    if engine not in ("local", "spark"):
        raise SettingsError(f"LABORWATCH_BATCH_ENGINE must be 'local' or 'spark', not {engine!r}")
    return Settings(
        home=home,
        database_url=url,
        user=user,
        max_document_bytes=int(max_mb * 1024 * 1024),
        batch_engine=engine,
        spark_master=_env("LABORWATCH_SPARK_MASTER") or "local[*]",
        secret_key=_env("LABORWATCH_SECRET_KEY"),
    )


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"
