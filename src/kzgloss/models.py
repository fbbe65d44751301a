"""Typed SQLAlchemy 2.x models of the termbase and the translation memory.

No I/O here: files, formats and sessions belong to other modules. The schema is built and
changed only by the Alembic migrations in :mod:`kzgloss.migrations`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy import orm

from kzgloss.records import LANGS, ORIGINS, STATUSES, TERM_TYPES

__all__ = [
    "Base",
    "Concept",
    "ConceptText",
    "Term",
    "StatusChange",
    "Source",
    "Citation",
    "LookupKey",
    "FuzzyKey",
    "Segment",
    "TMPosting",
    "Meta",
    "LANGS",
    "STATUSES",
    "TERM_TYPES",
]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(orm.DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: sa.JSON, list[str]: sa.JSON}


class Concept(Base):
    __tablename__ = "concept"

    id: orm.Mapped[str] = orm.mapped_column(sa.String(100), primary_key=True)
    subject: orm.Mapped[str | None] = orm.mapped_column(sa.String(100))
    see_also: orm.Mapped[list[str] | None]

    texts: orm.Mapped[list[ConceptText]] = orm.relationship(
        back_populates="concept", lazy="selectin", cascade="all, delete-orphan",
        order_by="ConceptText.seq",
    )
    terms: orm.Mapped[list[Term]] = orm.relationship(
        back_populates="concept", lazy="selectin", cascade="all, delete-orphan",
        order_by="Term.seq", foreign_keys="Term.concept_id",
    )
    citations: orm.Mapped[list[Citation]] = orm.relationship(
        back_populates="concept", lazy="selectin", cascade="all, delete-orphan",
        order_by="Citation.seq",
    )

    def __repr__(self) -> str:
        return f"Concept(id={self.id!r}, terms={len(self.terms)})"


class ConceptText(Base):
    """A definition or a note of a concept, in one language."""

    __tablename__ = "concept_text"
    __table_args__ = (sa.UniqueConstraint("concept_id", "kind", "lang"),)

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    concept_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey("concept.id", ondelete="CASCADE"), index=True
    )
    seq: orm.Mapped[int]
    kind: orm.Mapped[str] = orm.mapped_column(sa.String(20))  # "definition" | "note"
    lang: orm.Mapped[str] = orm.mapped_column(sa.String(10))
    text: orm.Mapped[str] = orm.mapped_column(sa.Text)

    concept: orm.Mapped[Concept] = orm.relationship(back_populates="texts", lazy="raise")

    def __repr__(self) -> str:
        return f"ConceptText({self.concept_id!r}, {self.kind!r}, {self.lang!r})"


class Term(Base):
    __tablename__ = "term"
    __table_args__ = (
        sa.UniqueConstraint("concept_id", "lang", "text"),
        sa.CheckConstraint(f"status IN {STATUSES!r}", name="status"),
        sa.CheckConstraint(f"lang IN {LANGS!r}", name="lang"),
        sa.CheckConstraint(f"origin IN {ORIGINS!r}", name="origin"),
    )

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    concept_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey("concept.id", ondelete="CASCADE"), index=True
    )
    seq: orm.Mapped[int]
    text: orm.Mapped[str] = orm.mapped_column(sa.String(500))
    lang: orm.Mapped[str] = orm.mapped_column(sa.String(10))
    status: orm.Mapped[str] = orm.mapped_column(sa.String(20))
    type: orm.Mapped[str | None] = orm.mapped_column(sa.String(30))
    pos: orm.Mapped[str | None] = orm.mapped_column(sa.String(30))
    gender: orm.Mapped[str | None] = orm.mapped_column(sa.String(5))
    number: orm.Mapped[str | None] = orm.mapped_column(sa.String(10))
    register: orm.Mapped[str | None] = orm.mapped_column(sa.String(30))
    scheme: orm.Mapped[str | None] = orm.mapped_column(sa.String(30))
    plural: orm.Mapped[list[str] | None]
    valid_from: orm.Mapped[dt.date | None]
    valid_until: orm.Mapped[dt.date | None]
    replaced_by: orm.Mapped[str | None] = orm.mapped_column(sa.String(600))
    replaced_by_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey("term.id", ondelete="SET NULL")
    )
    origin: orm.Mapped[str] = orm.mapped_column(sa.String(20), default="editorial")
    note: orm.Mapped[str | None] = orm.mapped_column(sa.Text)

    concept: orm.Mapped[Concept] = orm.relationship(
        back_populates="terms", lazy="raise", foreign_keys=[concept_id]
    )
    history: orm.Mapped[list[StatusChange]] = orm.relationship(
        back_populates="term", lazy="selectin", cascade="all, delete-orphan",
        order_by="StatusChange.seq",
    )

    def __repr__(self) -> str:
        return f"Term({self.text!r}, {self.lang}, {self.status})"


class StatusChange(Base):
    """One dated entry of a term's status history (e.g. Astana → superseded on 2019-03-23)."""

    __tablename__ = "status_change"

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    term_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("term.id", ondelete="CASCADE"), index=True
    )
    seq: orm.Mapped[int]
    date: orm.Mapped[dt.date]
    status: orm.Mapped[str] = orm.mapped_column(sa.String(20))
    replaced_by: orm.Mapped[str | None] = orm.mapped_column(sa.String(600))
    note: orm.Mapped[str | None] = orm.mapped_column(sa.Text)

    term: orm.Mapped[Term] = orm.relationship(back_populates="history", lazy="raise")

    def __repr__(self) -> str:
        return f"StatusChange({self.date}, {self.status})"


class Source(Base):
    __tablename__ = "source"

    id: orm.Mapped[str] = orm.mapped_column(sa.String(100), primary_key=True)
    seq: orm.Mapped[int]
    title: orm.Mapped[str] = orm.mapped_column(sa.Text)
    publisher: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    author: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    date: orm.Mapped[str | None] = orm.mapped_column(sa.String(10))
    url: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    text_file: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    note: orm.Mapped[str | None] = orm.mapped_column(sa.Text)

    citations: orm.WriteOnlyMapped[Citation] = orm.relationship(back_populates="source")

    def __repr__(self) -> str:
        return f"Source(id={self.id!r})"


class Citation(Base):
    """A short verbatim quote from a source that attests a concept or one of its terms."""

    __tablename__ = "citation"

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    concept_id: orm.Mapped[str] = orm.mapped_column(
        sa.ForeignKey("concept.id", ondelete="CASCADE"), index=True
    )
    seq: orm.Mapped[int]
    source_id: orm.Mapped[str] = orm.mapped_column(sa.ForeignKey("source.id"), index=True)
    quote: orm.Mapped[str] = orm.mapped_column(sa.Text)
    term: orm.Mapped[str | None] = orm.mapped_column(sa.String(500))
    term_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey("term.id", ondelete="SET NULL")
    )
    locator: orm.Mapped[str | None] = orm.mapped_column(sa.Text)

    concept: orm.Mapped[Concept] = orm.relationship(back_populates="citations", lazy="raise")
    source: orm.Mapped[Source] = orm.relationship(back_populates="citations", lazy="joined")

    def __repr__(self) -> str:
        return f"Citation({self.concept_id!r}, source={self.source_id!r})"


class LookupKey(Base):
    """A precomputed search key of a term (folded, transliterated or inflected form).

    Keys are computed when the termbase is built, never per query.
    """

    __tablename__ = "lookup_key"
    __table_args__ = (sa.Index("ix_lookup_key_key", "key"),)

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    key: orm.Mapped[str] = orm.mapped_column(sa.String(500))
    kind: orm.Mapped[str] = orm.mapped_column(sa.String(20))
    term_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("term.id", ondelete="CASCADE"), index=True
    )
    form: orm.Mapped[str | None] = orm.mapped_column(sa.String(500))

    def __repr__(self) -> str:
        return f"LookupKey({self.key!r}, {self.kind})"


class FuzzyKey(Base):
    """Deletion-neighbourhood entry for typo-tolerant lookup (SymSpell-style, distance 1).

    ``hash`` is a stable 63-bit hash of one single-deletion variant of a term's key.
    """

    __tablename__ = "fuzzy_key"
    # The primary key is the table: a rowid table would store every pair twice.
    __table_args__ = {"sqlite_with_rowid": False}

    hash: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    term_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("term.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )

    def __repr__(self) -> str:
        return f"FuzzyKey({self.hash}, {self.term_id})"


class Segment(Base):
    """A translation-memory segment with its provenance."""

    __tablename__ = "segment"
    __table_args__ = (
        sa.UniqueConstraint("checksum", name="uq_segment_checksum"),
        sa.Index("ix_segment_langs", "source_lang", "target_lang"),
    )

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    source: orm.Mapped[str] = orm.mapped_column(sa.Text)
    target: orm.Mapped[str] = orm.mapped_column(sa.Text)
    source_lang: orm.Mapped[str] = orm.mapped_column(sa.String(20))
    target_lang: orm.Mapped[str] = orm.mapped_column(sa.String(20))
    context: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    source_plural: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    target_plurals: orm.Mapped[list[str] | None]
    flags: orm.Mapped[list[str] | None]
    project: orm.Mapped[str | None] = orm.mapped_column(sa.String(200))
    file: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    line: orm.Mapped[int | None]
    imported_at: orm.Mapped[dt.datetime | None]
    # 32 hex digits since migration 0003 (kzgloss.segments.CHECKSUM_LENGTH); 64 wide before.
    checksum: orm.Mapped[str] = orm.mapped_column(sa.String(64))

    def __repr__(self) -> str:
        return f"Segment({self.source[:30]!r} -> {self.target[:30]!r})"


class TMPosting(Base):
    """One chunk of the translation-memory n-gram index: the segments filed under ``key``.

    Derived from ``segment`` by :func:`kzgloss.tm_index.refresh`; ``ids`` is a little-endian
    uint32 array of segment ids and ``n`` its length.
    """

    __tablename__ = "tm_posting"
    __table_args__ = (sa.Index("ix_tm_posting_key_n", "key", "n"),)

    id: orm.Mapped[int] = orm.mapped_column(primary_key=True)
    # Bytewise order everywhere, so that a key range is exactly a key prefix.
    key: orm.Mapped[str] = orm.mapped_column(
        sa.String(200).with_variant(sa.String(200, collation="C"), "postgresql"))
    n: orm.Mapped[int]
    ids: orm.Mapped[bytes] = orm.mapped_column(sa.LargeBinary)

    def __repr__(self) -> str:
        return f"TMPosting({self.key!r}, n={self.n})"


class Meta(Base):
    """Key/value facts about the database (which glossary built it, when)."""

    __tablename__ = "meta"

    key: orm.Mapped[str] = orm.mapped_column(sa.String(100), primary_key=True)
    value: orm.Mapped[str] = orm.mapped_column(sa.Text)

    def __repr__(self) -> str:
        return f"Meta({self.key!r}={self.value!r})"
