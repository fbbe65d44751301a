"""The termbase in the database: load a glossary in one transaction, read it back as records.

Loading writes with SQLAlchemy Core ``executemany`` (an ORM ``add_all`` is an order of
magnitude slower on 100k concepts); reading goes through :class:`kzgloss.reader.Reader`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kzgloss.errors import NotFoundError
from kzgloss.keys import fuzzy_hashes, term_keys
from kzgloss.reader import Reader, in_clause
from kzgloss.records import (
    CitationRecord,
    ConceptRecord,
    Glossary,
    HistoryRecord,
    SourceRecord,
    TermRecord,
)

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["load_glossary", "read_glossary", "read_concepts", "stats", "concept_ids", "set_meta"]

_BATCH = 20_000


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def load_glossary(
    connection: sa.Connection,
    glossary: Glossary,
    *,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Replace the termbase behind *connection* with *glossary*; keep translation memory.

    The caller owns the transaction (``with engine.begin() as connection``), so a failure
    anywhere leaves the database as it was. Returns counts of what was written.
    """
    from kzgloss import models as m

    for table in (m.FuzzyKey, m.LookupKey, m.Citation, m.StatusChange, m.Term, m.ConceptText,
                  m.Concept, m.Source):
        connection.execute(table.__table__.delete())
    _insert(connection, m.Source, [
        {"id": s.id, "seq": i, "title": s.title, "publisher": s.publisher, "author": s.author,
         "date": s.date, "url": s.url, "text_file": s.text_file, "note": s.note}
        for i, s in enumerate(glossary.sources)
    ])
    concepts, texts, terms, history, citations = [], [], [], [], []
    term_id = 0
    ids_by_concept: dict[str, dict[tuple[str, str], int]] = {}
    for concept in glossary.concepts:
        concepts.append({"id": concept.id, "subject": concept.subject,
                         "see_also": concept.see_also or None})
        seq = 0
        for kind in ("definition", "note"):
            for lang, text in getattr(concept, kind).items():
                texts.append({"concept_id": concept.id, "seq": seq, "kind": kind, "lang": lang,
                              "text": text})
                seq += 1
        own: dict[tuple[str, str], int] = {}
        for i, term in enumerate(concept.terms):
            term_id += 1
            own[(term.lang, term.text)] = term_id
            terms.append({
                "id": term_id, "concept_id": concept.id, "seq": i, "text": term.text,
                "lang": term.lang, "status": term.status, "type": term.type, "pos": term.pos,
                "gender": term.gender, "number": term.number, "register": term.register,
                "scheme": term.scheme, "plural": term.plural, "valid_from": term.valid_from,
                "valid_until": term.valid_until, "replaced_by": term.replaced_by,
                "replaced_by_id": None, "origin": term.origin, "note": term.note,
            })
            for j, entry in enumerate(term.history):
                history.append({"term_id": term_id, "seq": j, "date": entry.date,
                                "status": entry.status, "replaced_by": entry.replaced_by,
                                "note": entry.note})
        ids_by_concept[concept.id] = own
        by_text = {text: tid for (_, text), tid in own.items()}
        for i, citation in enumerate(concept.citations):
            citations.append({
                "concept_id": concept.id, "seq": i, "source_id": citation.source,
                "quote": citation.quote, "term": citation.term,
                "term_id": by_text.get(citation.term) if citation.term else None,
                "locator": citation.locator,
            })
    _link_replacements(terms, ids_by_concept)
    _insert(connection, m.Concept, concepts)
    _insert(connection, m.ConceptText, texts)
    _insert(connection, m.Term, terms, progress=progress)
    _insert(connection, m.StatusChange, history)
    _insert(connection, m.Citation, citations)
    n_keys = _index_terms(connection, terms)
    return {"concepts": len(concepts), "terms": len(terms), "sources": len(glossary.sources),
            "citations": len(citations), "keys": n_keys}


def _link_replacements(terms: list[dict[str, Any]],
                       ids_by_concept: dict[str, dict[tuple[str, str], int]]) -> None:
    for row in terms:
        target = row["replaced_by"]
        if not target:
            continue
        if ":" in target:
            concept_id, text = target.split(":", 1)
            candidates = ids_by_concept.get(concept_id, {})
            row["replaced_by_id"] = next(
                (tid for (lang, t), tid in candidates.items() if t == text and lang == row["lang"]),
                next((tid for (_, t), tid in candidates.items() if t == text), None))
        else:
            row["replaced_by_id"] = ids_by_concept[row["concept_id"]].get((row["lang"], target))


def _insert(connection: sa.Connection, model: Any, rows: list[dict[str, Any]],
            progress: Callable[[int], None] | None = None) -> None:
    table = model.__table__
    for start in range(0, len(rows), _BATCH):
        chunk = rows[start:start + _BATCH]
        connection.execute(table.insert(), chunk)
        if progress:
            progress(len(chunk))


def _index_terms(connection: sa.Connection, terms: list[dict[str, Any]]) -> int:
    """Compute every term's lookup keys and deletion hashes (once, at build time).

    Rows are streamed in batches: at 100k concepts there are ~3.6M keys and ~13M hashes, far
    too many to hold as dicts.
    """
    from kzgloss import models as m

    keys: list[dict[str, Any]] = []
    fuzzy: list[dict[str, Any]] = []
    count = 0
    for row in terms:
        hashes: set[int] = set()
        for key, kind, form in term_keys(row["text"], row["lang"], pos=row["pos"]):
            keys.append({"key": key, "kind": kind, "term_id": row["id"], "form": form})
            if kind in ("folded", "translit", "loose") or (kind == "word" and form is None):
                hashes |= fuzzy_hashes(key)
        fuzzy.extend({"hash": h, "term_id": row["id"]} for h in sorted(hashes))
        if len(keys) >= _BATCH:
            connection.execute(m.LookupKey.__table__.insert(), keys)
            count += len(keys)
            keys = []
        if len(fuzzy) >= 5 * _BATCH:
            connection.execute(m.FuzzyKey.__table__.insert(), fuzzy)
            fuzzy = []
    if keys:
        connection.execute(m.LookupKey.__table__.insert(), keys)
        count += len(keys)
    if fuzzy:
        connection.execute(m.FuzzyKey.__table__.insert(), fuzzy)
    return count


def set_meta(connection: sa.Connection, key: str, value: str) -> None:
    """Record a fact about the database (e.g. the digest of the glossary that built it)."""
    from kzgloss import models as m

    connection.execute(m.Meta.__table__.delete().where(m.Meta.__table__.c.key == key))
    connection.execute(m.Meta.__table__.insert(), [{"key": key, "value": value}])


# --- reading -------------------------------------------------------------------------------

def _plural(value: Any) -> list[str] | None:
    if value is None:
        return None
    return json.loads(value) if isinstance(value, str) else list(value)


def read_concepts(reader: Reader, ids: list[str] | None = None) -> list[ConceptRecord]:
    """Concept records (all, or those in *ids*, in that order), with terms and citations."""
    params: dict[str, Any] = {}
    where = f"WHERE id IN ({in_clause('c', ids, params)})" if ids is not None else ""
    rows = reader.rows(f"SELECT id, subject, see_also FROM concept {where} ORDER BY id", params)
    concepts = {
        row["id"]: ConceptRecord(id=row["id"], subject=row["subject"],
                                 see_also=_plural(row["see_also"]) or [])
        for row in rows
    }
    if not concepts:
        return []
    params = {}
    cond = f"concept_id IN ({in_clause('c', list(concepts), params)})" if ids is not None else "1=1"
    for row in reader.rows(f"SELECT concept_id, kind, lang, text FROM concept_text WHERE {cond} "
                           "ORDER BY concept_id, seq", params):
        getattr(concepts[row["concept_id"]], row["kind"])[row["lang"]] = row["text"]
    history: dict[int, list[HistoryRecord]] = defaultdict(list)
    hcond = (f"term_id IN (SELECT id FROM term WHERE {cond})" if ids is not None else "1=1")
    for row in reader.rows(f"SELECT term_id, date, status, replaced_by, note FROM status_change "
                           f"WHERE {hcond} ORDER BY term_id, seq", params):
        history[row["term_id"]].append(HistoryRecord(
            date=_date(row["date"]), status=row["status"], replaced_by=row["replaced_by"],
            note=row["note"]))
    for row in reader.rows(f"SELECT * FROM term WHERE {cond} ORDER BY concept_id, seq", params):
        concepts[row["concept_id"]].terms.append(TermRecord(
            text=row["text"], lang=row["lang"], status=row["status"], type=row["type"],
            pos=row["pos"], gender=row["gender"], number=row["number"], register=row["register"],
            scheme=row["scheme"], plural=_plural(row["plural"]),
            valid_from=_date(row["valid_from"]), valid_until=_date(row["valid_until"]),
            replaced_by=row["replaced_by"], origin=row["origin"], note=row["note"],
            history=history.get(row["id"], []),
        ))
    for row in reader.rows(f"SELECT concept_id, source_id, quote, term, locator FROM citation "
                           f"WHERE {cond} ORDER BY concept_id, seq", params):
        concepts[row["concept_id"]].citations.append(CitationRecord(
            source=row["source_id"], quote=row["quote"], term=row["term"], locator=row["locator"]))
    order = ids if ids is not None else sorted(concepts)
    return [concepts[i] for i in order if i in concepts]


def read_sources(reader: Reader, ids: list[str] | None = None) -> list[SourceRecord]:
    """Source records, in the order of ``sources.toml``."""
    params: dict[str, Any] = {}
    where = f"WHERE id IN ({in_clause('s', ids, params)})" if ids is not None else ""
    rows = reader.rows(f"SELECT * FROM source {where} ORDER BY seq", params)
    return [SourceRecord(id=r["id"], title=r["title"], publisher=r["publisher"], author=r["author"],
                         date=r["date"], url=r["url"], text_file=r["text_file"], note=r["note"])
            for r in rows]


def read_glossary(reader: Reader) -> Glossary:
    """The whole termbase as records (for ``dump`` and ``export json``)."""
    return Glossary(concepts=read_concepts(reader), sources=read_sources(reader))


def read_concept(reader: Reader, concept_id: str) -> ConceptRecord:
    """One concept; :class:`NotFoundError` with a "did you mean" when there is none."""
    found = read_concepts(reader, [concept_id])
    if found:
        return found[0]
    import difflib

    close = difflib.get_close_matches(concept_id, concept_ids(reader), n=3)
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    raise NotFoundError(f"no concept {concept_id!r}{hint}; `kzgloss list` shows them all")


def concept_ids(reader: Reader) -> list[str]:
    return [row["id"] for row in reader.rows("SELECT id FROM concept ORDER BY id")]


def stats(reader: Reader) -> dict[str, int]:
    """Counts of concepts, terms, sources, citations and translation-memory segments."""
    return {
        name: int(reader.scalar(f"SELECT COUNT(*) FROM {table}"))
        for name, table in (("concepts", "concept"), ("terms", "term"), ("sources", "source"),
                            ("citations", "citation"), ("segments", "segment"))
    }


def latin_lexicon(reader: Reader) -> dict[str, str]:
    """Cyrillic spellings keyed by their Kazakh Latin (2021) form, word by word, from the termbase.

    Used to read Latin back to Cyrillic where the rules cannot know (һ, ь, loans).
    """
    from kzgloss.text import exact_key

    rows = reader.rows("SELECT concept_id, text, lang, scheme FROM term "
                       "WHERE lang IN ('kk-Cyrl', 'kk-Latn') ORDER BY concept_id, seq")
    by_concept: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row["lang"] == "kk-Latn" and row["scheme"] not in (None, "kk-latn-2021"):
            continue
        by_concept[row["concept_id"]][row["lang"]].append(row["text"])
    lexicon: dict[str, str] = {}
    for forms in by_concept.values():
        for latin in forms.get("kk-Latn", []):
            lat_words = latin.split()
            for cyrillic in forms.get("kk-Cyrl", []):
                cyr_words = cyrillic.split()
                if len(cyr_words) == len(lat_words):
                    for lat, cyr in zip(lat_words, cyr_words):
                        lexicon.setdefault(exact_key(lat), cyr.lower())
    return lexicon
