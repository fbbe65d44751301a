import sqlite3

import pytest

from kzgloss.db import HEAD_REVISION, ensure_schema, resolve_url, schema_revision, sqlite_path
from kzgloss.errors import DatabaseError


def test_resolve_url_paths_and_env(tmp_path, monkeypatch):
    assert resolve_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    assert resolve_url("postgresql://u@h/db") == "postgresql://u@h/db"
    monkeypatch.setenv("KZGLOSS_DB", str(tmp_path / "env.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.delenv("KZGLOSS_DB")
    assert resolve_url(None) is None


def test_new_database_is_created_and_migrated(tmp_path):
    url = f"sqlite:///{tmp_path / 'sub' / 'new.sqlite'}"
    assert schema_revision(url) is None
    ensure_schema(url)
    assert schema_revision(url) == HEAD_REVISION
    con = sqlite3.connect(sqlite_path(url))
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"concept", "term", "citation", "source", "segment", "lookup_key"} <= tables


def test_newer_schema_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    ensure_schema(url)
    con = sqlite3.connect(sqlite_path(url))
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="newer than this kzgloss"):
        ensure_schema(url)


def test_not_a_database(tmp_path):
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(DatabaseError, match="not a kzgloss database"):
        schema_revision(f"sqlite:///{path}")


def test_foreign_keys_are_enforced(db_url):
    import sqlalchemy as sa

    from kzgloss.db import make_engine

    engine = make_engine(db_url)
    with pytest.raises(sa.exc.IntegrityError):
        with engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO term (concept_id, seq, text, lang, status, origin) "
                "VALUES ('nope', 0, 'x', 'en', 'preferred', 'editorial')"))
    engine.dispose()
