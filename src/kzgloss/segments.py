"""Translation-memory segments: the record every importer produces, and the one writer.

Importers (gettext ``.po``, TMX) turn files into :class:`SegmentRecord` values; this module
stores them with content-based de-duplication, so re-importing a file adds nothing.
"""

from __future__ import annotations

import datetime as dt
from hashlib import blake2b as _blake2b
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["SegmentRecord", "StoreResult", "CHECKSUM_LENGTH", "segment_checksum",
           "content_checksum", "store_segments", "store_rows", "ROW_COLUMNS", "segment_row",
           "format_stamp", "json_list"]

_BATCH = 10_000
#: Hex digits of a segment checksum (128 bits; migration ``0003_bulk_segments``).
CHECKSUM_LENGTH = 32


@dataclass(frozen=True, slots=True)
class SegmentRecord:
    """One translated unit with its provenance."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    context: str | None = None
    source_plural: str | None = None
    target_plurals: tuple[str, ...] | None = None
    flags: tuple[str, ...] = ()
    project: str | None = None
    file: str | None = None
    line: int | None = None
    imported_at: dt.datetime | None = None


def segment_checksum(seg: SegmentRecord) -> str:
    """Identity of a segment's content (languages, context, texts), not of where it came from.

    >>> a = SegmentRecord("File", "Файл", "en", "ru", file="a.po")
    >>> b = SegmentRecord("File", "Файл", "en", "ru", file="b.po", line=7)
    >>> segment_checksum(a) == segment_checksum(b)
    True
    """
    return content_checksum(seg.source_lang, seg.target_lang, seg.context, seg.source,
                            seg.source_plural, seg.target,
                            "\x02".join(seg.target_plurals) if seg.target_plurals else None)


def content_checksum(source_lang: str, target_lang: str, context: str | None, source: str,
                     source_plural: str | None, target: str, target_plurals: str | None) -> str:
    """:func:`segment_checksum` from the fields themselves (``target_plurals`` already joined
    with U+0002), for importers that build rows without a :class:`SegmentRecord`.

    >>> content_checksum("en", "ru", None, "File", None, "Файл", None) == segment_checksum(
    ...     SegmentRecord("File", "Файл", "en", "ru"))
    True
    """
    # Fields joined by a separator that cannot occur in text (U+0000 is rejected on import);
    # "\x01" marks a missing field, so None and "" differ. blake2b is ~2x faster than sha256.
    # The first 128 bits of the 256-bit digest (migration 0003 cut the stored ones alike): a
    # shorter key makes the unique index smaller and each insert into it cheaper.
    payload = "\x00".join((
        source_lang, target_lang, "\x01" if context is None else context, source,
        "\x01" if source_plural is None else source_plural, target,
        "\x01" if target_plurals is None else target_plurals))
    return _blake2b(payload.encode("utf-8"), digest_size=32).hexdigest()[:CHECKSUM_LENGTH]


@dataclass(slots=True)
class StoreResult:
    stored: int = 0
    duplicates: int = 0


def store_segments(connection: sa.Connection, segments: Iterable[SegmentRecord]) -> StoreResult:
    """Insert *segments*; a segment whose content is already stored counts as a duplicate.

    The caller owns the transaction. Works on any database SQLAlchemy supports; SQLite and
    PostgreSQL use ``ON CONFLICT DO NOTHING``.
    """
    import sqlalchemy as sa

    from kzgloss.models import Segment

    table = Segment.__table__
    dialect = connection.dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        dialect_insert = None
    if dialect == "sqlite":
        return _store_sqlite(connection, segments)
    count = sa.select(sa.func.count()).select_from(table)
    before = connection.execute(count).scalar_one()
    result = StoreResult()
    batch: dict[str, dict] = {}
    attempted = 0

    def flush() -> None:
        if not batch:
            return
        rows = list(batch.values())
        if dialect_insert is not None:
            connection.execute(dialect_insert(table).on_conflict_do_nothing(), rows)
        else:
            existing = set(connection.execute(
                sa.select(table.c.checksum).where(table.c.checksum.in_(list(batch)))).scalars())
            fresh = [r for r in rows if r["checksum"] not in existing]
            if fresh:
                connection.execute(table.insert(), fresh)
        batch.clear()

    for seg in segments:
        attempted += 1
        checksum = segment_checksum(seg)
        if checksum in batch:
            continue
        batch[checksum] = {
            "source": seg.source, "target": seg.target, "source_lang": seg.source_lang,
            "target_lang": seg.target_lang, "context": seg.context,
            "source_plural": seg.source_plural,
            "target_plurals": list(seg.target_plurals) if seg.target_plurals else None,
            "flags": list(seg.flags) or None, "project": seg.project, "file": seg.file,
            "line": seg.line, "imported_at": seg.imported_at, "checksum": checksum,
        }
        if len(batch) >= _BATCH:
            flush()
    flush()
    after = connection.execute(count).scalar_one()
    result.stored = after - before
    result.duplicates = attempted - result.stored
    return result


#: The columns of a row for :func:`store_rows`, in order: lists as JSON text (``None`` when
#: empty), ``imported_at`` as :func:`format_stamp` writes it, the checksum last.
ROW_COLUMNS = ("source", "target", "source_lang", "target_lang", "context", "source_plural",
               "target_plurals", "flags", "project", "file", "line", "imported_at", "checksum")
_SQLITE_INSERT = (f"INSERT INTO segment ({', '.join(ROW_COLUMNS)}) "
                  f"VALUES ({', '.join('?' * len(ROW_COLUMNS))}) ON CONFLICT DO NOTHING")


def format_stamp(when: dt.datetime | None) -> str | None:
    """``imported_at`` as SQLAlchemy's SQLite DATETIME type writes it."""
    return None if when is None else when.isoformat(" ", "microseconds")


def json_list(values: Iterable[str] | None) -> str | None:
    """A list column's value as the JSON type writes it (``None`` when empty)."""
    return json.dumps(list(values), ensure_ascii=False) if values else None


def segment_row(seg: SegmentRecord, stamp: str | None = None) -> tuple:
    """*seg* as a :data:`ROW_COLUMNS` tuple (``stamp``: its ``imported_at``, pre-formatted)."""
    if stamp is None:
        stamp = format_stamp(seg.imported_at)
    return (seg.source, seg.target, seg.source_lang, seg.target_lang, seg.context,
            seg.source_plural, json_list(seg.target_plurals), json_list(seg.flags), seg.project,
            seg.file, seg.line, stamp, segment_checksum(seg))


def _record(row: tuple) -> SegmentRecord:
    (source, target, source_lang, target_lang, context, source_plural, plurals, flags, project,
     file, line, stamp, _checksum) = row
    return SegmentRecord(
        source, target, source_lang, target_lang, context=context, source_plural=source_plural,
        target_plurals=tuple(json.loads(plurals)) if plurals else None,
        flags=tuple(json.loads(flags)) if flags else (), project=project, file=file, line=line,
        imported_at=dt.datetime.fromisoformat(stamp) if stamp else None)


def store_rows(connection: sa.Connection, rows: Iterable[tuple]) -> StoreResult:
    """Insert rows already in :data:`ROW_COLUMNS` form; like :func:`store_segments`.

    On SQLite the rows go to the driver's ``executemany`` as they come (one statement, no
    batch lists, no SQLAlchemy per row); the insert count is the driver's ``rowcount``
    (conflicting rows count 0, rows written by triggers are not counted). An exception
    raised by *rows* (an invalid catalog) propagates with the rows so far written inside
    the caller's transaction, which its rollback undoes.
    """
    if connection.dialect.name != "sqlite":
        return store_segments(connection, map(_record, rows))
    attempted = 0

    def counted() -> Iterable[tuple]:
        nonlocal attempted
        for attempted, row in enumerate(rows, 1):  # noqa: B007 - read after the loop
            yield row

    cursor = connection.connection.cursor()
    try:
        cursor.executemany(_SQLITE_INSERT, counted())
        stored = max(cursor.rowcount, 0)
    finally:
        cursor.close()
    return StoreResult(stored=stored, duplicates=attempted - stored)


def _store_sqlite(connection: sa.Connection, segments: Iterable[SegmentRecord]) -> StoreResult:
    """The SQLite fast path: plain tuples through the driver's executemany.

    SQLAlchemy's Core insert costs about half of an import's time on 200k entries; the values
    written are the same as the JSON and DATETIME types would write.
    """
    stamps: dict[dt.datetime, str] = {}  # an import stamps every segment alike: format it once

    def rows() -> Iterable[tuple]:
        for seg in segments:
            stamp = None
            if seg.imported_at is not None:
                stamp = stamps.get(seg.imported_at)
                if stamp is None:
                    stamp = stamps[seg.imported_at] = format_stamp(seg.imported_at)
            yield segment_row(seg, stamp)

    return store_rows(connection, rows())
