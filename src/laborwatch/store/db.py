"""Opening the store: one engine per process, migrations applied on first use, transactions as contexts.

The same code runs on SQLite (the embedded default) and PostgreSQL (for teams); the URL in the settings
chooses. Nothing outside ``laborwatch.store`` creates engines.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from laborwatch.settings import Settings, load_settings
from laborwatch.store.models import AuditEntry

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def utcnow() -> datetime:
    return datetime.now(UTC)


class StoreError(RuntimeError):
    """The store cannot be opened or upgraded."""


class Store:
    def __init__(self, settings: Settings, engine: Engine) -> None:
        self.settings = settings
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def blob_dir(self) -> Path:
        return self.settings.blob_dir

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits together on success and rolls back entirely on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def record_audit(
    session: Session, *, actor: str, action: str, object_type: str, object_id: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append to the audit log inside the caller's transaction, so a decision and its record land together."""
    session.add(AuditEntry(at=utcnow(), actor=actor, action=action, object_type=object_type,
                           object_id=object_id, detail=detail or {}))


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")  # readers (the web app) do not block a writer
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the store back to ``revision`` (e.g. to run an older LaborWatch on it), in one transaction."""
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), revision)


def _alembic_config(conn: Connection) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()


_OPEN: dict[str, Store] = {}


def open_store(settings: Settings | None = None, *, migrate: bool = True) -> Store:
    """Open (and on first use create and migrate) the store the settings point at."""
    settings = settings or load_settings()
    cached = _OPEN.get(settings.database_url)
    if cached is not None and cached.settings == settings:
        return cached
    if settings.is_sqlite:
        settings.home.mkdir(parents=True, exist_ok=True)
    settings.blob_dir.mkdir(parents=True, exist_ok=True)
    try:
        engine = _make_engine(settings.database_url)
        if migrate and current_revision(engine) != head_revision():
            upgrade(engine)
    except ModuleNotFoundError as exc:
        raise StoreError(
            f"the database driver for {settings.database_url.split(':', 1)[0]} is not installed ({exc.name}); "
            "for PostgreSQL install laborwatch[postgres]"
        ) from exc
    store = Store(settings, engine)
    _OPEN[settings.database_url] = store
    return store


def close_all() -> None:
    for store in _OPEN.values():
        store.dispose()
    _OPEN.clear()
