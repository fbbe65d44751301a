"""Shared fixtures: real SQLite files in tmp_path, migrated by Alembic (never create_all)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]
SHARED_SOURCES = REPO.parent / "shared" / "sources"


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Keep the embedded default database out of the user's real cache during tests."""
    monkeypatch.setenv("KZGLOSS_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
    monkeypatch.delenv("KZGLOSS_DB", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def glossary_dir(tmp_path: Path) -> Path:
    """A private copy of the small test glossary (tests may break it)."""
    target = tmp_path / "glossary"
    shutil.copytree(DATA / "glossary", target)
    return target


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A new, empty SQLite database migrated to head."""
    from kzgloss.db import ensure_schema

    url = f"sqlite:///{tmp_path / 'kz.sqlite'}"
    ensure_schema(url)
    return url


@pytest.fixture
def loaded_db(db_url: str, glossary_dir: Path) -> str:
    """The test glossary built into a real SQLite file."""
    from kzgloss.store import build

    build(db_url, glossary_dir)
    return db_url


@pytest.fixture(scope="session")
def shipped_db(tmp_path_factory) -> str:
    """The shipped glossary (glossary/) built once per test session."""
    from kzgloss.store import build

    url = f"sqlite:///{tmp_path_factory.mktemp('shipped') / 'shipped.sqlite'}"
    build(url, REPO / "glossary")
    return url


@pytest.fixture(scope="session")
def check_db(tmp_path_factory) -> str:
    """The checker's test glossary (tests/data/check/glossary) built once per session."""
    from kzgloss.store import build

    url = f"sqlite:///{tmp_path_factory.mktemp('check') / 'check.sqlite'}"
    build(url, DATA / "check" / "glossary")
    return url
