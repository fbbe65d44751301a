"""cheaper segment inserts: 128-bit checksums, no per-row insert trigger

Revision ID: 0003_bulk_segments
Revises: 0002_tm_index
Create Date: 2026-11-23 13:00:00

Two costs of every stored segment, measured on a 200k-entry ``kzgloss import po``:

* ``segment.checksum`` was the 64-hex-digit (256-bit) blake2b digest of the segment's
  content; it is now its first 32 hex digits (128 bits: two different segments share one
  with a probability of about n²/2¹²⁹). The unique index on it is half the size, and so is
  its share of each insert. Truncating keeps every stored checksum valid, so existing
  databases go on de-duplicating: re-importing a file still adds nothing.
* On SQLite, ``tm_index_segment_id_reused`` ran a ``meta`` look-up after every inserted row
  to notice a new row reusing an indexed id. Such a reuse can only follow a deletion at the
  top of the table (SQLite gives a new row the highest id plus one), so the delete trigger
  now notes the highest remaining id in ``meta`` (``tm_index_reuse_floor``) whenever indexed
  ids are free for reuse, and :func:`kzgloss.tm_index.read_state` asks for a rebuild when a
  row exists between that floor and the indexed maximum. Inserts run no trigger at all.
"""

from __future__ import annotations

import json
from hashlib import blake2b

from alembic import op
import sqlalchemy as sa


revision = '0003_bulk_segments'
down_revision = '0002_tm_index'
branch_labels = None
depends_on = None

_INDEX_MAX = "CAST(COALESCE((SELECT value FROM meta WHERE key = 'tm_index_max'), '0') AS INTEGER)"

_DELETED = f"""CREATE TRIGGER tm_index_segment_deleted AFTER DELETE ON segment BEGIN
    INSERT OR REPLACE INTO meta (key, value) VALUES ('tm_index_stale',
        CAST(COALESCE((SELECT value FROM meta WHERE key = 'tm_index_stale'), '0') AS INTEGER) + 1);
    INSERT OR REPLACE INTO meta (key, value)
        SELECT 'tm_index_reuse_floor', CAST(min(top, COALESCE(
            (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'tm_index_reuse_floor'), top)) AS TEXT)
        FROM (SELECT COALESCE((SELECT max(id) FROM segment), 0) AS top)
        WHERE top < {_INDEX_MAX};
END"""

# Migration 0002's triggers, for the downgrade.
_DELETED_0002 = """CREATE TRIGGER tm_index_segment_deleted AFTER DELETE ON segment BEGIN
        INSERT OR REPLACE INTO meta (key, value) VALUES ('tm_index_stale',
            CAST(COALESCE((SELECT value FROM meta WHERE key = 'tm_index_stale'), '0') AS INTEGER) + 1);
    END"""
_ID_REUSED_0002 = """CREATE TRIGGER tm_index_segment_id_reused AFTER INSERT ON segment
        WHEN new.id <= CAST(COALESCE((SELECT value FROM meta WHERE key = 'tm_index_max'), '0') AS INTEGER)
    BEGIN
        INSERT OR REPLACE INTO meta (key, value) VALUES ('tm_index_rebuild', '1');
    END"""


def upgrade() -> None:
    op.execute("UPDATE segment SET checksum = substr(checksum, 1, 32) WHERE length(checksum) > 32")
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS tm_index_segment_id_reused")
    op.execute("DROP TRIGGER IF EXISTS tm_index_segment_deleted")
    op.execute(_DELETED)
    # Indexed ids already free for reuse (the top rows deleted since the last refresh).
    op.execute(f"""INSERT OR REPLACE INTO meta (key, value)
        SELECT 'tm_index_reuse_floor', CAST(top AS TEXT)
        FROM (SELECT COALESCE((SELECT max(id) FROM segment), 0) AS top)
        WHERE top < {_INDEX_MAX}""")


def _checksum_0002(row: sa.Row) -> str:
    """The 256-bit checksum of kzgloss.segments before this revision."""
    plurals = row.target_plurals
    if isinstance(plurals, str):
        plurals = json.loads(plurals)
    parts = [row.source_lang, row.target_lang, row.context, row.source, row.source_plural,
             row.target, "\x02".join(plurals) if plurals else None]
    payload = "\x00".join("\x01" if p is None else p for p in parts)
    return blake2b(payload.encode("utf-8"), digest_size=32).hexdigest()


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS tm_index_segment_deleted")
        op.execute(_DELETED_0002)
        op.execute(_ID_REUSED_0002)
        # Reused ids noticed by this revision's bookkeeping: let 0002's flag ask for a rebuild.
        op.execute(f"""INSERT OR REPLACE INTO meta (key, value)
            SELECT 'tm_index_rebuild', '1' FROM meta
            WHERE key = 'tm_index_reuse_floor' AND EXISTS (SELECT 1 FROM segment
                WHERE id > CAST(meta.value AS INTEGER) AND id <= {_INDEX_MAX})""")
        op.execute("DELETE FROM meta WHERE key = 'tm_index_reuse_floor'")
    # The full checksums cannot be read back from their halves: compute them again.
    select = sa.text("SELECT id, source_lang, target_lang, context, source, source_plural, "
                     "target, target_plurals FROM segment WHERE id > :after ORDER BY id LIMIT 5000")
    update = sa.text("UPDATE segment SET checksum = :checksum WHERE id = :id")
    after = 0
    while True:
        rows = bind.execute(select, {"after": after}).fetchall()
        if not rows:
            break
        bind.execute(update, [{"id": r.id, "checksum": _checksum_0002(r)} for r in rows])
        after = rows[-1].id
