"""The n-gram index of the translation memory: keys, postings, and keeping them current.

Each stored segment is indexed under keys of three kinds (one ``tm_posting`` row holds one
chunk of the segment ids filed under one key, as a little-endian uint32 array):

=====  ======================================================================
``g``  5-grams of the folded source (:func:`fold`), padded with start/end marks
``t``  3-grams of the folded source, for short sources only (≤ 24 characters)
``w``  words of the source and the target, lower-cased (concordance)
=====  ======================================================================

A fuzzy query reads the document counts of its own keys (one indexed ``IN``), then the
postings of only its rarest keys, so its cost follows the rare keys' lengths, not the size
of the memory. Long grams are rare grams: at a million segments a 5-gram's postings are a
fraction of a trigram's, which is what keeps the query under 20 ms there.

The index is derived data. ``meta`` rows record how far it reaches (``tm_index_max``, the
highest segment id indexed); :func:`refresh` adds what was stored since, from any writer,
so importers need not know about it. On SQLite, triggers from migrations ``0002_tm_index``
and ``0003_bulk_segments`` mark deletions, in-place edits and indexed ids freed for reuse,
which trigger a rebuild when they matter; inserts run no trigger (bulk imports stay cheap).
"""

from __future__ import annotations

import re
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from kzgloss.placeholders import mask
from kzgloss.text import nfc

__all__ = [
    "INDEX_VERSION",
    "fold",
    "segment_keys",
    "query_keys",
    "words",
    "IndexState",
    "Executor",
    "read_state",
    "refresh",
    "rebuild",
    "decode_ids",
    "is_current",
    "posting_counts",
    "postings",
    "prefix_counts",
]

#: Bump when the keys change; a database indexed by another version is rebuilt on refresh.
INDEX_VERSION = 1
LONG_N, SHORT_N = 5, 3
#: Sources up to SHORT_TEXT long also get 3-grams; queries up to SHORT_QUERY use only those
#: (a source scoring ≥ 50 against such a query is at most twice as long, so it has them).
SHORT_TEXT, SHORT_QUERY = 24, 12
MAX_WORD = 40
_START, _END = "\x02", "\x03"
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_BATCH = 50_000
# Keys with more chunk rows than this are merged into one row after an update.
_MAX_CHUNKS = 4
_BIG_ENDIAN = sys.byteorder == "big"


def fold(text: str) -> str:
    """The form n-grams are taken from: NFC, placeholders masked, lower case, one space.

    >>> fold("  Delete   %(name)s  NOW ") == fold("delete %(name)s now")
    True
    """
    return _SPACE.sub(" ", mask(nfc(text)).lower()).strip()


def _grams(padded: str, n: int, kind: str) -> set[str]:
    """The keys of kind *kind* for the *n*-grams of *padded* (the whole of it when shorter)."""
    if len(padded) <= n:
        return {kind + padded}
    return {kind + padded[i:i + n] for i in range(len(padded) - n + 1)}


def words(text: str) -> list[str]:
    """Lower-cased words of *text*, as concordance indexes and queries them.

    >>> words("Save the FILE, please")
    ['save', 'the', 'file', 'please']
    """
    return _WORD.findall(nfc(text).lower())


def segment_keys(source: str, target: str) -> set[str]:
    """Every index key of one segment.

    >>> sorted(k for k in segment_keys("Save", "Сақтау") if k[0] == "w")
    ['wsave', 'wсақтау']
    """
    folded = fold(source)
    padded = _START + folded + _END
    keys = _grams(padded, LONG_N, "g")
    if len(folded) <= SHORT_TEXT:
        keys |= _grams(padded, SHORT_N, "t")
    keys.update(["w" + w for w in words(source + "\n" + target) if len(w) <= MAX_WORD])
    return keys


def query_keys(text: str) -> list[str]:
    """The n-gram keys a fuzzy query looks up: 3-grams for short queries, 5-grams for long
    ones, both in between (a short source shares few 5-grams with a longer query).

    >>> query_keys("OK")
    ['t\\x02ok', 'tok\\x03']
    """
    folded = fold(text)
    padded = _START + folded + _END
    keys: set[str] = set()
    if len(folded) <= 2 * SHORT_TEXT:
        keys |= _grams(padded, SHORT_N, "t")
    if len(folded) > SHORT_QUERY:
        keys |= _grams(padded, LONG_N, "g")
    return sorted(keys)


def decode_ids(blob: bytes, into: array | None = None) -> array:
    """Append the segment ids stored in *blob* to *into* (a new ``array('I')`` by default)."""
    out = into if into is not None else array("I")
    if not _BIG_ENDIAN:
        out.frombytes(blob)
    else:
        chunk = array("I")
        chunk.frombytes(blob)
        chunk.byteswap()
        out.extend(chunk)
    return out


def _encode(ids: array) -> bytes:
    if _BIG_ENDIAN:
        ids = array("I", ids)
        ids.byteswap()
    return ids.tobytes()


class Rows(Protocol):
    """Anything with ``rows(sql, params) -> list[dict]``: a :class:`kzgloss.reader.Reader` or an
    :class:`Executor`."""

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...


def _tuples(db: Rows, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
    if isinstance(db, Executor) and db.native:
        return db.connection.execute(sql, params or {}).fetchall()
    return [tuple(r.values()) for r in db.rows(sql, params)]


class Executor:
    """Runs SQL with ``:name`` parameters on a stdlib ``sqlite3`` or a SQLAlchemy connection."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.native = not hasattr(connection, "dialect")
        self.dialect = "sqlite" if self.native else connection.dialect.name

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Rows as dicts, like :meth:`kzgloss.reader.Reader.rows`."""
        if self.native:
            cursor = self.connection.execute(sql, params or {})
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]
        import sqlalchemy as sa

        return [dict(r._mapping) for r in self.connection.execute(sa.text(sql), params or {})]

    def run(self, sql: str, params: dict[str, Any] | list[dict[str, Any]] | None = None) -> None:
        if self.native:
            if isinstance(params, list):
                self.connection.executemany(sql, params)
            else:
                self.connection.execute(sql, params or {})
            return
        import sqlalchemy as sa

        if isinstance(params, list) and not params:
            return
        self.connection.execute(sa.text(sql), params or {})


@dataclass(frozen=True, slots=True)
class IndexState:
    version: int = 0
    max_id: int = 0
    count: int = 0
    stale: int = 0
    rebuild: bool = False

    def needs_rebuild(self) -> bool:
        return (self.version != INDEX_VERSION or self.rebuild
                or self.stale > max(1000, self.count // 4))


_STATE_KEYS = {"tm_index_version": "version", "tm_index_max": "max_id", "tm_index_count": "count",
               "tm_index_stale": "stale", "tm_index_rebuild": "rebuild"}
#: Set by the SQLite delete trigger (migration ``0003_bulk_segments``) when indexed ids are
#: free for reuse: the highest id left then. A row above it but within ``tm_index_max`` is a
#: new row under an indexed id (stale postings), so the index must be rebuilt.
_REUSE_FLOOR = "tm_index_reuse_floor"
_STATE_IN = ", ".join(f"'{k}'" for k in (*_STATE_KEYS, _REUSE_FLOOR))


def read_state(db: Rows) -> IndexState:
    """How far the index reaches, from the ``meta`` table."""
    values: dict[str, Any] = {}
    floor = None
    for row in db.rows(f"SELECT key, value FROM meta WHERE key IN ({_STATE_IN})"):
        if row["key"] in _STATE_KEYS:
            values[_STATE_KEYS[row["key"]]] = int(row["value"])
        elif row["key"] == _REUSE_FLOOR:
            floor = int(row["value"])
    values["rebuild"] = bool(values.get("rebuild", 0))
    if floor is not None and not values["rebuild"] and floor < values.get("max_id", 0):
        values["rebuild"] = bool(db.rows(
            "SELECT 1 AS reused FROM segment WHERE id > :floor AND id <= :top LIMIT 1",
            {"floor": floor, "top": values["max_id"]}))
    return IndexState(**values)


def _write_state(db: Executor, state: IndexState) -> None:
    # Also clears the reuse floor: it is written only after a rebuild, or after indexing
    # rows above the old maximum (so new rows get ids above every stale one).
    db.run(f"DELETE FROM meta WHERE key IN ({_STATE_IN})")
    db.run("INSERT INTO meta (key, value) VALUES (:key, :value)", [
        {"key": key, "value": str(int(getattr(state, attr)))} for key, attr in _STATE_KEYS.items()
    ])


def _segments_after(db: Executor, after: int) -> Iterator[list[tuple[int, str, str]]]:
    while True:
        rows = _tuples(db, "SELECT id, source, target FROM segment WHERE id > :after ORDER BY id "
                       f"LIMIT {_BATCH}", {"after": after})
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _flush(db: Executor, postings: dict[str, array]) -> None:
    db.run("INSERT INTO tm_posting (key, n, ids) VALUES (:key, :n, :ids)",
           [{"key": k, "n": len(v), "ids": _encode(v)} for k, v in postings.items()])
    postings.clear()


def _add(db: Executor, after: int, *, flush_every: int = 500_000) -> tuple[int, int]:
    """Index the segments with ids above *after*; return (how many, the highest id)."""
    postings: dict[str, array] = defaultdict(lambda: array("I"))
    added, top, pending = 0, after, 0
    for rows in _segments_after(db, after):
        for seg_id, source, target in rows:
            for key in segment_keys(source, target):
                postings[key].append(seg_id)
        added += len(rows)
        pending += len(rows)
        top = rows[-1][0]
        if pending >= flush_every:
            _flush(db, postings)
            pending = 0
    _flush(db, postings)
    return added, top


def _compact(db: Executor) -> None:
    """Merge the chunks of keys that have accumulated many (one per update)."""
    crowded = [k for (k,) in _tuples(db, 
        f"SELECT key FROM tm_posting GROUP BY key HAVING count(*) > {_MAX_CHUNKS}")]
    for i in range(0, len(crowded), 500):
        batch = crowded[i:i + 500]
        params = {f"k{j}": k for j, k in enumerate(batch)}
        marks = ", ".join(f":k{j}" for j in range(len(batch)))
        merged: dict[str, array] = defaultdict(lambda: array("I"))
        for key, blob in _tuples(db, f"SELECT key, ids FROM tm_posting WHERE key IN ({marks}) "
                                 "ORDER BY id", params):
            decode_ids(blob, merged[key])
        db.run(f"DELETE FROM tm_posting WHERE key IN ({marks})", params)
        _flush(db, merged)


def rebuild(db: Executor) -> IndexState:
    """Drop the index and build it again from every segment."""
    db.run("DELETE FROM tm_posting")
    added, top = _add(db, 0)
    state = IndexState(version=INDEX_VERSION, max_id=top, count=added)
    _write_state(db, state)
    return state


def refresh(db: Executor) -> IndexState:
    """Bring the index up to date with the ``segment`` table; cheap when nothing changed."""
    state = read_state(db)
    if state.needs_rebuild():
        return rebuild(db)
    top = _tuples(db, "SELECT max(id) AS top FROM segment")[0][0] or 0
    if top <= state.max_id:
        return state
    added, top = _add(db, state.max_id)
    _compact(db)
    state = IndexState(version=INDEX_VERSION, max_id=top, count=state.count + added,
                       stale=state.stale)
    _write_state(db, state)
    return state


def is_current(db: Rows) -> bool:
    """True when :func:`refresh` would change nothing."""
    state = read_state(db)
    if state.needs_rebuild():
        return False
    return (_tuples(db, "SELECT max(id) AS top FROM segment")[0][0] or 0) <= state.max_id


def posting_counts(db: Rows, keys: Iterable[str]) -> dict[str, int]:
    """Document counts of *keys* (keys not in the index are left out)."""
    keys = list(keys)
    if not keys:
        return {}
    params = {f"k{i}": k for i, k in enumerate(keys)}
    marks = ", ".join(f":k{i}" for i in range(len(keys)))
    counts: dict[str, int] = {}
    for key, n in _tuples(db, f"SELECT key, n FROM tm_posting WHERE key IN ({marks})", params):
        counts[key] = counts.get(key, 0) + n
    return counts


def postings(db: Rows, keys: Iterable[str]) -> array:
    """The segment ids filed under any of *keys*, once per key (so counting them ranks)."""
    keys = list(keys)
    out = array("I")
    if not keys:
        return out
    params = {f"k{i}": k for i, k in enumerate(keys)}
    marks = ", ".join(f":k{i}" for i in range(len(keys)))
    for (blob,) in _tuples(db, f"SELECT ids FROM tm_posting WHERE key IN ({marks})", params):
        decode_ids(bytes(blob), out)
    return out


def prefix_counts(db: Rows, prefix: str, *, limit: int = 2000) -> dict[str, int]:
    """Document counts of the keys that start with *prefix* (at most *limit* chunk rows).

    A range over the key index; the column has binary ("C") collation on every database, so
    the range is exactly the prefix.
    """
    sql = f"SELECT key, n FROM tm_posting WHERE key >= :lo AND key < :hi ORDER BY key LIMIT {limit}"
    counts: dict[str, int] = {}
    for key, n in _tuples(db, sql, {"lo": prefix, "hi": prefix + "\U0010ffff"}):
        counts[key] = counts.get(key, 0) + n
    return counts
