"""Shared fixtures: a fresh, migrated evidence store per test, on SQLite or on PostgreSQL.

``LABORWATCH_TEST_DATABASE=postgresql`` runs the suite against the server at ``LABORWATCH_TEST_PG_URL``
(``.ci/start-postgres.sh`` starts one); the default is SQLite. The schema is migrated once per run into a
template, and each test gets a copy of it, which keeps a per-test database cheap on both backends.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from laborwatch.settings import load_settings
from laborwatch.store import Store, open_store
from laborwatch.store.db import close_all

BACKEND = os.environ.get("LABORWATCH_TEST_DATABASE", "sqlite")
PG_ADMIN_URL = os.environ.get("LABORWATCH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:54329/postgres")
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "src" / "laborwatch" / "data" / "samples"


def pytest_report_header() -> str:
    return f"laborwatch store backend: {BACKEND}"


def _pg_url(dbname: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + dbname


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database that per-test databases are copied from."""
    if BACKEND == "sqlite":
        home = tmp_path_factory.mktemp("template-home")
        path = home / "laborwatch.db"
        store = open_store(_settings_for(home, f"sqlite:///{path}"))
        store.dispose()
        close_all()
        yield str(path)
        return
    name = f"lw_tpl_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    home = tmp_path_factory.mktemp("template-home")
    open_store(_settings_for(home, _pg_url(name))).dispose()
    close_all()
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _settings_for(home: Path, url: str):  # type: ignore[no-untyped-def]
    old = dict(os.environ)
    os.environ["LABORWATCH_HOME"] = str(home)
    os.environ["LABORWATCH_DATABASE_URL"] = url
    try:
        return load_settings()
    finally:
        os.environ.clear()
        os.environ.update(old)


@pytest.fixture
def database_url(_template: str, tmp_path: Path) -> Iterator[str]:
    if BACKEND == "sqlite":
        target = tmp_path / "home" / "laborwatch.db"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_template, target)
        yield f"sqlite:///{target}"
        return
    name = f"lw_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_template}"'))
    yield _pg_url(name)
    close_all()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def home(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """LABORWATCH_HOME and LABORWATCH_DATABASE_URL pointing at this test's own fresh store."""
    path = tmp_path / "home"
    path.mkdir(exist_ok=True)
    monkeypatch.setenv("LABORWATCH_HOME", str(path))
    monkeypatch.setenv("LABORWATCH_DATABASE_URL", database_url)
    monkeypatch.setenv("LABORWATCH_USER", "tester")
    monkeypatch.setenv("COLUMNS", "200")  # rich wraps at the terminal width; keep table cells on one line
    yield path
    close_all()


@pytest.fixture
def store(home: Path) -> Store:
    return open_store()


@pytest.fixture
def cli() -> CliRunner:
    return CliRunner()
