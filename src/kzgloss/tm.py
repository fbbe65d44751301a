"""Translation-memory queries: fuzzy search ranked by a documented score, and concordance.

The score (0–100) of a stored source *s* against a query *q*, both in NFC:

* each placeholder (``%s``, ``%(name)s``, ``{0}``) counts as one character, so a changed
  placeholder costs one edit;
* D = Levenshtein distance of the lower-cased texts + ¼ × the further edits that only case
  explains (``Save File`` against ``Save file`` costs 0.25, not 1);
* score = 100 × (1 − D / L), L the length of the longer text; 100 only for identical text,
  so a case-only difference scores at most 99.9.

Candidates come from the n-gram index (:mod:`kzgloss.tm_index`): the query's rarest keys
name at most :data:`CANDIDATES` segments, and only those are scored. No query reads the
whole memory.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kzgloss import tm_index
from kzgloss.errors import DatabaseError, UsageError
from kzgloss.placeholders import mask
from kzgloss.text import nfc

if TYPE_CHECKING:
    from kzgloss.segments import SegmentRecord, StoreResult

__all__ = ["TMMatch", "ConcordanceHit", "score", "search", "concordance", "highlight",
           "stored_segments", "store_and_index", "refresh_index", "CANDIDATES"]

#: Keys read per query at most, and the postings budget after which no more are read.
RARE_KEYS, POSTINGS_BUDGET, MIN_KEYS = 16, 20_000, 3
#: Segments scored per query (the best-counted candidates), and how many short sources
#: (found by their 3-grams) a longer query scores besides.
CANDIDATES, SHORT_CANDIDATES = 256, 64
#: Unindexed segments a query scores directly before it asks for an index refresh.
MAX_UNINDEXED = 20_000
_CASE_WEIGHT = 0.25
_COLUMNS = ("id, source, target, source_lang, target_lang, context, source_plural, "
            "target_plurals, flags, project, file, line")


@dataclass(frozen=True, slots=True)
class TMMatch:
    """A stored segment with its score against the query."""

    score: float
    source: str
    target: str
    source_lang: str
    target_lang: str
    context: str | None = None
    project: str | None = None
    file: str | None = None
    line: int | None = None
    id: int = 0
    source_plural: str | None = None
    target_plurals: tuple[str, ...] | None = None
    flags: tuple[str, ...] = ()

    @property
    def origin(self) -> str:
        """Where the segment came from: ``project: file:line``."""
        where = self.file or "?"
        if self.line is not None:
            where += f":{self.line}"
        return f"{self.project}: {where}" if self.project else where

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source, "target": self.target, "score": self.score,
            "source_lang": self.source_lang, "target_lang": self.target_lang,
            "context": self.context, "project": self.project, "file": self.file,
            "line": self.line,
        }


def _forms(text: str) -> tuple[str, str]:
    masked = mask(nfc(text))
    return masked, masked.lower()


def _score_forms(q: tuple[str, str], s: tuple[str, str], *, identical: bool) -> float:
    from rapidfuzz.distance import Levenshtein

    if identical:
        return 100.0
    length = max(len(q[0]), len(s[0]), 1)
    folded = Levenshtein.distance(q[1], s[1])
    raw = Levenshtein.distance(q[0], s[0])
    distance = folded + _CASE_WEIGHT * max(0, raw - folded)
    return min(99.9, round(100.0 * (1.0 - distance / length), 1))


def score(query: str, source: str) -> float:
    """The similarity of *source* to *query*, 0–100 (see the module docstring).

    >>> score("Save file", "Save file"), score("Save File", "Save file")
    (100.0, 97.2)
    >>> score("Delete %(name)s", "Delete %s") == score("Delete x", "Delete y")
    True
    """
    query, source = nfc(query), nfc(source)
    return _score_forms(_forms(query), _forms(source), identical=query == source)


def _best_of(query: tuple[str, str], text: str, rows: list[dict[str, Any]], *,
             min_score: float, limit: int) -> list[tuple[float, int]]:
    """The best *limit* of *rows* by :func:`score`, as ``(score, id)``.

    The case-blind distance, computed for all rows at once in C, bounds each row's score
    from above; exact scores are computed best bound first until no bound can beat the
    *limit*-th score found.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    forms = [_forms(r["source"]) for r in rows]
    bounds = []
    for _, folded, i in process.extract(query[1], [f[1] for f in forms],
                                         scorer=Levenshtein.distance, limit=None):
        length = max(len(query[0]), len(forms[i][0]), 1)
        bounds.append((100.0 * (1.0 - folded / length), i))
    bounds.sort(key=lambda b: -b[0])
    found: list[tuple[float, int]] = []
    for bound, i in bounds:
        if bound < min_score or (len(found) >= limit and bound < found[limit - 1][0]):
            break
        row = rows[i]
        value = _score_forms(query, forms[i], identical=row["source"] == text)
        if value >= min_score:
            found.append((value, row["id"]))
            found.sort(key=lambda pair: (-pair[0], -pair[1]))
            del found[limit:]
    return found


def _lang_clause(column: str, value: str | None, name: str, params: dict[str, Any]) -> str:
    """``kk`` matches ``kk``, ``kk-Cyrl`` and ``kk-Latn``; ``kk-Latn`` only itself."""
    if not value:
        return ""
    params[name] = value
    params[name + "_sub"] = value.replace("_", "-") + "-%"
    return f" AND ({column} = :{name} OR {column} LIKE :{name}_sub)"


def _rare_keys(counts: dict[str, int], *, budget: int, most: int) -> list[str]:
    """The rarest keys, at most *most*, stopping once *budget* postings are reached."""
    chosen, total = [], 0
    for key in sorted(counts, key=lambda k: (counts[k], k)):
        if len(chosen) >= most or (total >= budget and len(chosen) >= MIN_KEYS):
            break
        chosen.append(key)
        total += counts[key]
    return chosen


def _ranked_ids(reader: Any, text: str) -> tuple[list[int], list[int]]:
    """Candidate ids from the query's rarest 5-gram keys and, apart, from its 3-gram keys,
    most shared keys first.

    The two kinds are ranked apart: 3-grams index only short sources, so their counts are
    low because few sources have them, not because they discriminate.
    """
    keys = tm_index.query_keys(text)
    counts = tm_index.posting_counts(reader, keys)
    long = {k: n for k, n in counts.items() if k[0] == "g"}
    short = {k: n for k, n in counts.items() if k[0] == "t"}
    if not any(k[0] == "g" for k in keys):
        return _rank(reader, short), []
    # The short side only adds a few candidates, so it reads a quarter of the postings.
    return (_rank(reader, long),
            _rank(reader, short, budget=POSTINGS_BUDGET // 4, most=RARE_KEYS // 2)[:SHORT_CANDIDATES])


def _rank(reader: Any, counts: dict[str, int], *, budget: int | None = None,
          most: int | None = None) -> list[int]:
    keys = _rare_keys(counts, budget=budget or POSTINGS_BUDGET, most=most or RARE_KEYS)
    hits = Counter(tm_index.postings(reader, keys))
    if len(hits) <= CANDIDATES * 4:
        return [i for i, _ in sorted(hits.items(), key=lambda kv: (-kv[1], -kv[0]))]
    # Counts are small integers: find the count that admits the best CANDIDATES*4 ids
    # without sorting every id.
    histogram = Counter(hits.values())
    admitted, floor = 0, 0
    for count in sorted(histogram, reverse=True):
        admitted += histogram[count]
        floor = count
        if admitted >= CANDIDATES * 4:
            break
    above: list[tuple[int, int]] = []
    at_floor: list[int] = []
    for i, c in hits.items():
        if c > floor:
            above.append((c, i))
        elif c == floor:
            at_floor.append(i)
    above.sort(reverse=True)
    # Ties at the floor: the newest segments first.
    return [i for _, i in above] + heapq.nlargest(CANDIDATES * 4 - len(above), at_floor)


def _unindexed_ids(reader: Any) -> list[int]:
    """Ids of the segments the index does not cover yet (all of them when it must be rebuilt),
    as long as there are few enough to score directly."""
    state = tm_index.read_state(reader)
    top = 0 if state.needs_rebuild() else state.max_id
    rows = reader.rows(f"SELECT id FROM segment WHERE id > :top ORDER BY id LIMIT {MAX_UNINDEXED + 1}",
                       {"top": top})
    if len(rows) > MAX_UNINDEXED:
        raise DatabaseError(f"the translation-memory index is behind by more than {MAX_UNINDEXED} "
                            "segments; run any `kzgloss tm` command on this database, or "
                            "kzgloss.tm.refresh_index(url)")
    return [r["id"] for r in rows]


def _fetch(reader: Any, ids: list[int], columns: str, where: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for start in range(0, len(ids), CANDIDATES):
        batch = dict(params)
        marks = []
        for j, seg_id in enumerate(ids[start:start + CANDIDATES]):
            batch[f"i{j}"] = seg_id
            marks.append(f":i{j}")
        out.extend(reader.rows(f"SELECT {columns} FROM segment WHERE id IN ({', '.join(marks)}){where}", batch))
    return out


def _json_list(value: Any) -> list[str]:
    """A JSON list column as read by sqlite3 (text) or SQLAlchemy (decoded); ``[]`` for NULL."""
    if isinstance(value, str):
        import json

        value = json.loads(value)
    return list(value or [])


def _match(row: dict[str, Any], value: float) -> TMMatch:
    return TMMatch(
        score=value, source=row["source"], target=row["target"], source_lang=row["source_lang"],
        target_lang=row["target_lang"], context=row["context"], project=row["project"],
        file=row["file"], line=row["line"], id=row["id"], source_plural=row["source_plural"],
        target_plurals=tuple(_json_list(row["target_plurals"])) or None,
        flags=tuple(_json_list(row["flags"])),
    )


def search(reader: Any, text: str, *, source_lang: str | None = None,
           target_lang: str | None = None, min_score: float = 50.0, limit: int = 10) -> list[TMMatch]:
    """Stored segments whose source resembles *text*, best first (ties: newest first).

    *reader* is a :class:`kzgloss.reader.Reader` on a migrated database whose index is
    current (:func:`kzgloss.tm_index.refresh`); up to :data:`MAX_UNINDEXED` segments stored
    since the last refresh are scored directly.
    """
    text = nfc(text)
    if not text.strip():
        raise UsageError("the search text is empty; give the sentence to look up")
    if limit < 1:
        raise UsageError(f"--limit must be at least 1, not {limit}")
    if not 0 <= min_score <= 100:
        raise UsageError(f"--min-score must be between 0 and 100, not {min_score}")
    params: dict[str, Any] = {}
    where = (_lang_clause("source_lang", source_lang, "sl", params)
             + _lang_clause("target_lang", target_lang, "tl", params))
    query = _forms(text)
    scored: list[tuple[float, int]] = []

    def score_rows(ids: list[int]) -> int:
        rows = _fetch(reader, ids, "id, source", where, params)
        scored.extend(_best_of(query, text, rows, min_score=min_score, limit=limit))
        return len(rows)

    unindexed = _unindexed_ids(reader)
    ranked, short = _ranked_ids(reader, text)
    skip = set(unindexed)
    ranked = [i for i in ranked if i not in skip]
    skip.update(ranked[:CANDIDATES])
    score_rows(unindexed + [i for i in short if i not in skip])
    # A language filter may drop candidates: read on down the ranking until CANDIDATES pass.
    seen = 0
    for batch, start in enumerate(range(0, len(ranked), CANDIDATES)):
        seen += score_rows(ranked[start:start + CANDIDATES])
        if seen >= CANDIDATES or batch >= 7:
            break
    scored = sorted(set(scored), key=lambda pair: (-pair[0], -pair[1]))
    best = scored[:limit]
    rows = {r["id"]: r for r in _fetch(reader, [i for _, i in best], _COLUMNS, "", {})}
    return [_match(rows[i], value) for value, i in best if i in rows]


@dataclass(frozen=True, slots=True)
class ConcordanceHit:
    """A segment containing the phrase, with the spans of each occurrence."""

    match: TMMatch
    source_spans: tuple[tuple[int, int], ...] = ()
    target_spans: tuple[tuple[int, int], ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        data = self.match.to_json()
        del data["score"]
        data["source_hits"] = [list(s) for s in self.source_spans]
        data["target_hits"] = [list(s) for s in self.target_spans]
        return data


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The phrase's words in order, starting at a word boundary; the last may be a prefix
    (``файл`` finds ``файлдар``), and any punctuation or space may separate them."""
    parts = [re.escape(w) for w in re.findall(r"\w+", phrase)]
    return re.compile(r"(?<!\w)" + r"\W+".join(parts), re.IGNORECASE)


def _candidate_ids(reader: Any, phrase_words: list[str]) -> list[int]:
    options: list[tuple[int, list[str]]] = []
    for i, word in enumerate(phrase_words):
        if i == len(phrase_words) - 1:
            counts = tm_index.prefix_counts(reader, "w" + word)
        else:
            counts = tm_index.posting_counts(reader, ["w" + word])
        options.append((sum(counts.values()), sorted(counts)))
    options.sort(key=lambda o: o[0])
    if options[0][0] == 0:
        return []
    ids = set(tm_index.postings(reader, options[0][1]))
    for total, keys in options[1:]:
        if len(ids) <= 2 * CANDIDATES or total > 20 * len(ids):
            break
        ids &= set(tm_index.postings(reader, keys))
    return sorted(ids, reverse=True)


def concordance(reader: Any, phrase: str, *, source_lang: str | None = None,
                target_lang: str | None = None, limit: int = 50) -> list[ConcordanceHit]:
    """Segments whose source or target contains *phrase* (case-insensitive), newest first.

    Words match at a word start and the last word may be a prefix, so ``удал`` finds
    ``Удалить``; candidates come from the word index, and each is checked in full.
    """
    phrase = nfc(phrase).strip()
    phrase_words = tm_index.words(phrase)
    if not phrase_words:
        raise UsageError("the concordance phrase has no word in it; give a word or phrase")
    if limit < 1:
        raise UsageError(f"--limit must be at least 1, not {limit}")
    pattern = _phrase_pattern(phrase)
    unindexed = sorted(_unindexed_ids(reader), reverse=True)
    skip = set(unindexed)
    ids = unindexed + [i for i in _candidate_ids(reader, phrase_words) if i not in skip]
    params: dict[str, Any] = {}
    where = (_lang_clause("source_lang", source_lang, "sl", params)
             + _lang_clause("target_lang", target_lang, "tl", params))
    hits: list[ConcordanceHit] = []
    for start in range(0, len(ids), CANDIDATES * 2):
        rows = _fetch(reader, ids[start:start + CANDIDATES * 2], _COLUMNS, where, params)
        for row in sorted(rows, key=lambda r: -r["id"]):
            source_spans = tuple(m.span() for m in pattern.finditer(row["source"]))
            target_spans = tuple(m.span() for m in pattern.finditer(row["target"]))
            if source_spans or target_spans:
                hits.append(ConcordanceHit(_match(row, 100.0), source_spans, target_spans))
                if len(hits) >= limit:
                    return hits
    return hits


def highlight(text: str, spans: tuple[tuple[int, int], ...], before: str, after: str) -> str:
    """*text* with each span wrapped in *before* … *after*.

    >>> highlight("Save the file", ((9, 13),), "[", "]")
    'Save the [file]'
    """
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], before, text[start:end], after]
        last = end
    out.append(text[last:])
    return "".join(out)


def stored_segments(reader: Any, *, target_langs: tuple[str, ...] = ()) -> Iterator[SegmentRecord]:
    """Every stored segment, sorted by source language, source and context (TMX export order).

    *target_langs* keeps the segments whose target language matches one of them (``kk``
    matches ``kk`` and ``kk-Latn``).
    """
    from kzgloss.segments import SegmentRecord
    from kzgloss.tmx import lang_matches

    # One sorted pass over the ids, then the rows in batches: memory stays flat and the
    # table is sorted once, not once per page.
    order = [r["id"] for r in reader.rows(
        "SELECT id FROM segment ORDER BY source_lang, source, coalesce(context, ''), "
        "source_plural, target_lang, id")]
    for start in range(0, len(order), 2000):
        batch = order[start:start + 2000]
        rows = {r["id"]: r for r in _fetch(reader, batch, _COLUMNS + ", imported_at", "", {})}
        for seg_id in batch:
            row = rows.get(seg_id)
            if row is None or (target_langs and not any(
                    lang_matches(row["target_lang"], w) for w in target_langs)):
                continue
            stamp = row["imported_at"]
            if isinstance(stamp, str):
                stamp = dt.datetime.fromisoformat(stamp)
            yield SegmentRecord(
                source=row["source"], target=row["target"], source_lang=row["source_lang"],
                target_lang=row["target_lang"], context=row["context"],
                source_plural=row["source_plural"],
                target_plurals=tuple(_json_list(row["target_plurals"])) or None,
                flags=tuple(_json_list(row["flags"])), project=row["project"], file=row["file"],
                line=row["line"], imported_at=stamp,
            )


def store_and_index(connection: Any, records: Iterable[SegmentRecord]) -> StoreResult:
    """Store *records* (:func:`kzgloss.segments.store_segments`) and bring the index up to date,
    in the caller's transaction."""
    from kzgloss.segments import store_segments

    result = store_segments(connection, records)
    tm_index.refresh(tm_index.Executor(connection))
    return result


def refresh_index(url: str) -> tm_index.IndexState:
    """Bring the index of the database at *url* up to date (a no-op when it is).

    SQLite files are written through the standard library, so the common case (nothing to
    do) costs two small queries and no SQLAlchemy import.
    """
    import sqlite3

    from kzgloss.db import make_engine, sqlite_path

    path = sqlite_path(url)
    if path is not None:
        try:
            con = sqlite3.connect(path, isolation_level=None, timeout=30)
        except sqlite3.OperationalError as exc:
            raise DatabaseError(f"cannot open the database {path}: {exc}") from exc
        try:
            db = tm_index.Executor(con)
            if tm_index.is_current(db):
                return tm_index.read_state(db)
            con.execute("BEGIN IMMEDIATE")
            try:
                state = tm_index.refresh(db)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            return state
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"cannot update the translation-memory index of {path}: {exc}") from exc
        finally:
            con.close()
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            return tm_index.refresh(tm_index.Executor(connection))
    finally:
        engine.dispose()
