"""translation-memory n-gram index

Revision ID: 0002_tm_index
Revises: 0001_initial
Create Date: 2026-11-23 11:20:00

``tm_posting`` holds the postings of :mod:`kzgloss.tm_index` (derived data, filled by
``kzgloss.tm_index.refresh``). Its ``key`` column compares bytewise on every database
(PostgreSQL: collation "C") so that a key range is exactly a key prefix.

On SQLite, three triggers tell the index what no watermark can see: a deleted segment
(stale postings, counted), an edited source or target, and a new row that reuses an indexed
id (both force a rebuild on the next refresh). Other databases never reuse ids and kzgloss
never edits segments in place, so they need no triggers.
"""

from __future__ import annotations

from alembic import op
import sqlalchemy as sa


revision = '0002_tm_index'
down_revision = '0001_initial'
branch_labels = None
depends_on = None

_KEY = sa.String(length=200).with_variant(sa.String(length=200, collation="C"), "postgresql")

_TRIGGERS = (
    """CREATE TRIGGER tm_index_segment_deleted AFTER DELETE ON segment BEGIN
        INSERT OR REPLACE INTO meta (key, value) VALUES ('tm_index_stale',
            CAST(COALESCE((SELECT value FROM meta WHERE key = 'tm_index_stale'), '0') AS INTEGER) + 1);
    END""",
    """CREATE TRIGGER tm_index_segment_edited AFTER UPDATE OF source, target ON segment BEGIN
        INSERT OR REPLACE INTO meta (key, value) VALUES ('tm_index_rebuild', '1');
    END""",
    """CREATE TRIGGER tm_index_segment_id_reused AFTER INSERT ON segment
        WHEN new.id <= CAST(COALESCE((SELECT value FROM meta WHERE key = 'tm_index_max'), '0') AS INTEGER)
    BEGIN
        INSERT OR REPLACE INTO meta (key, value) VALUES ('tm_index_rebuild', '1');
    END""",
)


def upgrade() -> None:
    op.create_table('tm_posting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', _KEY, nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('ids', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tm_posting'))
    )
    with op.batch_alter_table('tm_posting', schema=None) as batch_op:
        batch_op.create_index('ix_tm_posting_key_n', ['key', 'n'], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for trigger in _TRIGGERS:
            op.execute(trigger)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("tm_index_segment_deleted", "tm_index_segment_edited", "tm_index_segment_id_reused"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DELETE FROM meta WHERE key LIKE 'tm\\_index\\_%' ESCAPE '\\'")
    with op.batch_alter_table('tm_posting', schema=None) as batch_op:
        batch_op.drop_index('ix_tm_posting_key_n')
    op.drop_table('tm_posting')
