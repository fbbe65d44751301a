"""Engines, sessions and schema migrations.

Nothing happens at import time: callers make an engine from a URL, frame their own unit of
work with ``with Session.begin() as session:``, and call :func:`ensure_schema` once.
Read-only commands can open SQLite through the standard library (:func:`connect_readonly`),
which keeps ``kzgloss lookup`` free of SQLAlchemy's ~300 ms import.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzgloss.errors import DatabaseError

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy import orm

__all__ = [
    "HEAD_REVISION",
    "resolve_url",
    "sqlite_path",
    "make_engine",
    "make_sessionmaker",
    "upgrade",
    "ensure_schema",
    "schema_revision",
]

#: The newest migration shipped with this version; ``tests/test_migrations.py`` checks that it
#: is Alembic's head, so the fast path below never skips a needed upgrade.
HEAD_REVISION = "0003_bulk_segments"

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def resolve_url(db: str | os.PathLike[str] | None) -> str | None:
    """Turn a ``--db`` value (a SQLAlchemy URL or a file path) into a URL.

    ``None`` falls back to ``$KZGLOSS_DB``; ``None`` again means "the embedded default".

    >>> resolve_url("sqlite:///x.db")
    'sqlite:///x.db'
    >>> resolve_url("/tmp/t.sqlite")
    'sqlite:////tmp/t.sqlite'
    """
    if db is None:
        db = os.environ.get("KZGLOSS_DB") or None
        if db is None:
            return None
    db = os.fspath(db)
    if "://" in db:
        return db
    return "sqlite:///" + str(Path(db).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or ``None`` (in-memory or another database)."""
    for prefix in ("sqlite:///", "sqlite+pysqlite:///"):
        if url.startswith(prefix):
            rest = url[len(prefix):].split("?", 1)[0]
            if rest in ("", ":memory:"):
                return None
            return Path(rest)
    return None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> sa.Engine:
    """An engine for *url*; SQLite gets foreign keys, WAL and a busy timeout."""
    import sqlalchemy as sa

    path = sqlite_path(url)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot create the folder for the database {path}: {exc.strerror}") from exc
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as exc:
        raise DatabaseError(f"cannot use the database URL {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def make_sessionmaker(engine: sa.Engine) -> orm.sessionmaker[orm.Session]:
    """A session factory; callers write ``with Session.begin() as session:``."""
    from sqlalchemy import orm

    return orm.sessionmaker(engine, expire_on_commit=False)


def _alembic_config(connection: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Migrate the database behind *engine* to *revision* (default: the newest)."""
    from alembic import command
    import sqlalchemy as sa

    try:
        with engine.begin() as connection:
            command.upgrade(_alembic_config(connection), revision)
    except sa.exc.OperationalError as exc:
        raise DatabaseError(f"cannot migrate the database {engine.url!r}: {exc.orig}") from exc


def schema_revision(url: str) -> str | None:
    """The Alembic revision stamped in the database, ``None`` for an empty database."""
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            return None
        try:
            con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            finally:
                con.close()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return None
            raise DatabaseError(f"cannot open the database {path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"{path} is not a kzgloss database (SQLite says: {exc})") from exc
        return row[0] if row else None
    import sqlalchemy as sa

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.SQLAlchemyError as exc:
        raise DatabaseError(f"cannot open the database {url!r}: {exc}") from exc
    finally:
        engine.dispose()


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def ensure_schema(url: str) -> None:
    """Create or upgrade the schema of *url* when it is not at :data:`HEAD_REVISION`.

    A database stamped with a revision this version does not know was made by a newer
    kzgloss: that is an error (exit 4), never a silent downgrade.
    """
    current = schema_revision(url)
    if current == HEAD_REVISION:
        return
    if current is not None and current not in _known_revisions():
        raise DatabaseError(
            f"the database {url} has schema revision {current!r}, newer than this kzgloss "
            f"knows ({HEAD_REVISION!r}); upgrade kzgloss"
        )
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()


def connect_readonly(url: str) -> sqlite3.Connection | None:
    """A stdlib ``sqlite3`` connection for read paths, or ``None`` if *url* is not a SQLite file."""
    path = sqlite_path(url)
    if path is None:
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.OperationalError as exc:
        raise DatabaseError(f"cannot open the database {path}: {exc}") from exc
    con.row_factory = sqlite3.Row
    return con
