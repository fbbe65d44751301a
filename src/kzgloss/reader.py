"""Read-only access to a termbase over either the stdlib ``sqlite3`` or SQLAlchemy.

SQL here is written with ``:name`` parameters, which both ``sqlite3`` and SQLAlchemy's
``text()`` accept, so read paths run on any database while SQLite avoids importing SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from kzgloss.db import connect_readonly, make_engine

__all__ = ["Reader", "open_reader", "in_clause"]


class Reader:
    """Runs read queries and returns rows as dicts (``rows``) or tuples (``tuples``)."""

    def __init__(self, connection: Any, *, native: bool) -> None:
        self._connection = connection
        self._native = native

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        if self._native:
            cursor = self._connection.execute(sql, params or {})
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]
        import sqlalchemy as sa

        result = self._connection.execute(sa.text(sql), params or {})
        return [dict(row._mapping) for row in result]

    def tuples(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Rows as plain tuples, in the order of the select list (no per-row dict: bulk reads)."""
        if self._native:
            cursor = self._connection.cursor()
            cursor.row_factory = None
            try:
                return cursor.execute(sql, params or {}).fetchall()
            finally:
                cursor.close()
        import sqlalchemy as sa

        return [tuple(row) for row in self._connection.execute(sa.text(sql), params or {})]

    def iter_tuples(self, sql: str,
                    params: dict[str, Any] | None = None) -> Iterator[tuple[Any, ...]]:
        """``tuples`` one row at a time, for one pass over many rows: no list of them all.

        Run no other query on this reader before the rows are all read.
        """
        if self._native:
            cursor = self._connection.cursor()
            cursor.row_factory = None
            return cursor.execute(sql, params or {})
        import sqlalchemy as sa

        return (tuple(row) for row in self._connection.execute(sa.text(sql), params or {}))

    def scalar(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        rows = self.rows(sql, params)
        return next(iter(rows[0].values())) if rows else None


def in_clause(name: str, values: Sequence[Any], params: dict[str, Any]) -> str:
    """Add ``values`` to ``params`` as ``:name0, :name1, ...`` and return that text.

    >>> p = {}; in_clause("k", ["a", "b"], p), p
    (':k0, :k1', {'k0': 'a', 'k1': 'b'})
    """
    names = []
    for i, value in enumerate(values):
        params[f"{name}{i}"] = value
        names.append(f":{name}{i}")
    return ", ".join(names) or "NULL"


@contextlib.contextmanager
def open_reader(url: str) -> Iterator[Reader]:
    """A :class:`Reader` on *url*: stdlib sqlite3 for SQLite files, SQLAlchemy otherwise."""
    native = connect_readonly(url)
    if native is not None:
        try:
            yield Reader(native, native=True)
        except sqlite3.DatabaseError as exc:
            from kzgloss.errors import DatabaseError

            raise DatabaseError(f"cannot read the database {url}: {exc}") from exc
        finally:
            native.close()
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            yield Reader(connection, native=False)
    finally:
        engine.dispose()
