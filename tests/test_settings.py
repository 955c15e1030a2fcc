from __future__ import annotations

from pathlib import Path

import pytest

from laborwatch.settings import SettingsError, load_settings


def test_home_holds_the_sqlite_database_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABORWATCH_HOME", str(tmp_path))
    monkeypatch.delenv("LABORWATCH_DATABASE_URL", raising=False)
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'laborwatch.db'}"
    assert settings.blob_dir == tmp_path / "blobs"
    assert settings.is_sqlite


def test_database_url_points_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABORWATCH_DATABASE_URL", "postgresql+psycopg://lw@db/laborwatch")
    assert load_settings().database_url == "postgresql+psycopg://lw@db/laborwatch"
    assert not load_settings().is_sqlite


def test_bad_values_are_refused_with_the_setting_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LABORWATCH_MAX_DOCUMENT_MB", "lots")
    with pytest.raises(SettingsError, match="LABORWATCH_MAX_DOCUMENT_MB"):
        load_settings()
    monkeypatch.setenv("LABORWATCH_MAX_DOCUMENT_MB", "2")
    monkeypatch.setenv("LABORWATCH_BATCH_ENGINE", "dask")
    with pytest.raises(SettingsError, match="LABORWATCH_BATCH_ENGINE"):
        load_settings()
