"""Lookup: any script, any inflection, typos and variants → ranked concepts.

All term keys are precomputed (:mod:`kzgloss.keys`); a query costs one indexed ``IN`` query
for its candidate keys, plus, only when that finds nothing good, one more on the deletion
index for typos and one on the prefixes and suffixes of a glued word.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kzgloss.errors import UsageError
from kzgloss.keys import KIND_WEIGHT, fuzzy_hashes, glued_parts, query_keys
from kzgloss.reader import Reader, in_clause
from kzgloss.records import ConceptRecord, TermRecord, status_on
from kzgloss.text import folded_key, loose_key, nfc, script_of

__all__ = ["Match", "lookup", "term_json", "concept_json"]

STATUS_RANK = {"preferred": 0, "admitted": 1, "proposed": 2, "superseded": 3, "deprecated": 4,
               "forbidden": 5, None: 6}
# Below this best score, typo and glued-word searches are tried too.
GOOD_ENOUGH = 85.0
# A hit on a cheap key at or above this stops the search for costlier keys.
EXACT_ENOUGH = 95.0
# The shortest query that is matched as the beginning of longer terms.
MIN_PREFIX = 3


@dataclass(slots=True)
class Match:
    """One concept found by a lookup, with the best way it was reached."""

    concept: str
    match: str            # exact | folded | cross-script | inflected | variant | fuzzy | partial
    score: float          # 0-100
    matched_term: str
    matched_lang: str
    matched_key: str
    record: ConceptRecord | None = field(default=None, repr=False)

    def to_json(self, *, on: dt.date | None = None) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "match": self.match,
            "score": round(self.score, 1),
            "matched_term": self.matched_term,
            "matched_lang": self.matched_lang,
            "terms": [term_json(t, on=on) for t in (self.record.terms if self.record else [])],
        }


def term_json(term: TermRecord, *, on: dt.date | None = None) -> dict[str, Any]:
    """A term as the JSON contract gives it; ``status`` is as of *on* when a date is given."""
    status = term.status
    if on is not None:
        status = status_on(status=term.status, valid_from=term.valid_from,
                           valid_until=term.valid_until,
                           history=[(h.date, h.status) for h in term.history], on=on)
    data: dict[str, Any] = {
        "text": term.text, "lang": term.lang, "status": status,
        "valid_from": term.valid_from.isoformat() if term.valid_from else None,
        "valid_until": term.valid_until.isoformat() if term.valid_until else None,
        "replaced_by": term.replaced_by,
        "type": term.type, "register": term.register, "origin": term.origin,
    }
    if on is not None:
        data["current_status"] = term.status
    for name in ("pos", "gender", "number", "scheme", "plural", "note"):
        value = getattr(term, name)
        if value is not None:
            data[name] = value
    if term.history:
        data["history"] = [{"date": h.date.isoformat(), "status": h.status,
                            "replaced_by": h.replaced_by} for h in term.history]
    return data


def concept_json(concept: ConceptRecord, sources: dict[str, Any] | None = None,
                 *, on: dt.date | None = None) -> dict[str, Any]:
    """A concept in full, the shape of ``show --json`` and of ``export json``."""
    data: dict[str, Any] = {
        "id": concept.id, "concept": concept.id, "subject": concept.subject,
        "definition": concept.definition, "note": concept.note, "see_also": concept.see_also,
        "terms": [term_json(t, on=on) for t in concept.terms],
        "citations": [{"source": c.source, "quote": c.quote, "term": c.term, "locator": c.locator}
                      for c in concept.citations],
    }
    if sources is not None:
        cited = []
        for source_id in dict.fromkeys(c.source for c in concept.citations):
            if source_id in sources:
                cited.append(sources[source_id])
        data["sources"] = cited
    return data


def _label(how: str, kind: str) -> str:
    if kind == "word":
        return "partial"
    if how == "exact" and kind == "exact":
        return "exact"
    if kind == "inflected" or how == "inflected":
        return "inflected"
    if how == "cross-script" or kind == "translit":
        return "cross-script"
    if how == "variant" or kind == "skeleton":
        return "variant"
    return "folded"


def _lang_ok(term_lang: str, wanted: str | None) -> bool:
    return wanted is None or term_lang == wanted or term_lang.split("-")[0] == wanted


def lookup(reader: Reader, query: str, *, lang: str | None = None, limit: int = 10,
           on: dt.date | None = None) -> list[Match]:
    """Concepts matching *query*, best first.

    *lang* restricts the matched term's language (``kk`` means any Kazakh script); *on* is
    the day whose statuses rank the results (today when omitted).
    """
    query = nfc(query).strip()
    if not query:
        raise UsageError("the query is empty; give a term to look up")
    if limit < 1:
        raise UsageError(f"--limit must be at least 1, not {limit}")
    on = on or dt.date.today()
    best: dict[str, Match] = {}
    term_status: dict[str, Any] = {}
    capitalised = query[:1].isupper()

    def consider(row: dict[str, Any], score: float, how: str, key: str) -> None:
        if not _lang_ok(row["lang"], lang):
            return
        current = best.get(row["concept_id"])
        rank = STATUS_RANK.get(row["status"], 6)
        # Between equal scores, a capitalised query prefers a proper name ("Ata Zhurt" the
        # organisation over ата-жұрт "ancestral homeland"), a lower-case one a common noun.
        if (row["pos"] == "proper-noun") != capitalised:
            rank += 0.5
        if current is None or (score, -rank) > (current.score, -term_status[row["concept_id"]]):
            best[row["concept_id"]] = Match(row["concept_id"], how, score, row["text"], row["lang"], key)
            term_status[row["concept_id"]] = rank

    def best_score() -> float:
        return max((m.score for m in best.values()), default=0.0)

    def match_keys(qkeys: dict[str, Any]) -> None:
        for row in _rows_for_keys(reader, list(qkeys)):
            qk = qkeys[row["key"]]
            consider(row, qk.base * KIND_WEIGHT[row["kind"]], _label(qk.how, row["kind"]), row["key"])

    # A stored term typed as stored needs no transliteration or morphology (and no pymorphy3
    # start-up, ~100 ms): try its cheap keys first.
    cheap = {k.key: k for k in query_keys(query, cheap=True)}
    match_keys(cheap)
    if best_score() < EXACT_ENOUGH:
        match_keys({k.key: k for k in query_keys(query) if k.key not in cheap})
    fuzzy_found = False
    if best_score() < GOOD_ENOUGH:
        for row, score in _fuzzy(reader, query):
            consider(row, score, "fuzzy", row["key"])
            fuzzy_found = True
    # Pieces of the query are the last resort: a piece of a short word must not outrank a
    # one-letter typo of a whole term.
    if best_score() < GOOD_ENOUGH and not fuzzy_found:
        for stage in (_words, _prefix, _glued):
            for row, score in stage(reader, query):
                consider(row, score, "partial", row["key"])
    ranked = sorted(best.values(), key=lambda m: (-m.score, term_status[m.concept], m.concept))
    ranked = ranked[:limit]
    from kzgloss.termbase import read_concepts

    records = {c.id: c for c in read_concepts(reader, [m.concept for m in ranked])}
    for match in ranked:
        match.record = records.get(match.concept)
    return ranked


_TERM_COLUMNS = "t.id AS term_id, t.concept_id, t.text, t.lang, t.status, t.pos"


def _rows_for_keys(reader: Reader, keys: list[str]) -> list[dict[str, Any]]:
    params: dict[str, Any] = {}
    sql = (f"SELECT lk.key, lk.kind, {_TERM_COLUMNS} FROM lookup_key lk "
           f"JOIN term t ON t.id = lk.term_id WHERE lk.key IN ({in_clause('k', keys, params)})")
    return reader.rows(sql, params)


def _fuzzy(reader: Reader, query: str) -> list[tuple[dict[str, Any], float]]:
    """Terms within a small edit distance of the query (deletion-neighbourhood index)."""
    from rapidfuzz.distance import OSA

    probes = {folded_key(query), loose_key(query)}
    if script_of(query) == "Latn":
        from kzgloss.translit import latin_to_cyrillic_candidates

        for cyr in latin_to_cyrillic_candidates(query)[:3]:
            probes |= {folded_key(cyr), loose_key(cyr)}
    probes = {p for p in probes if len(p) >= 4}
    if not probes:
        return []
    hashes: set[int] = set()
    for probe in probes:
        hashes |= fuzzy_hashes(probe)
    params: dict[str, Any] = {}
    sql = (f"SELECT lk.key, lk.kind, {_TERM_COLUMNS} FROM fuzzy_key fk "
           f"JOIN lookup_key lk ON lk.term_id = fk.term_id AND lk.kind IN ('folded', 'translit', 'loose', 'word') "
           f"JOIN term t ON t.id = fk.term_id "
           f"WHERE fk.hash IN ({in_clause('h', sorted(hashes), params)})")
    out = []
    for row in reader.rows(sql, params):
        key = row["key"]
        # OSA: a transposition ("titers") is one edit, as a typist makes it. Between equal
        # distances the candidate nearest the query's length wins.
        distance, longest = min((OSA.distance(p, key), max(len(p), len(key))) for p in probes)
        allowed = 1 if len(key) < 6 else 2
        if distance <= allowed:
            similarity = 1 - distance / max(longest, 1)
            # A typo of a whole term outranks the same typo of one word of a longer term
            # ("oralmn": oralman before Oralman Programme).
            weight = KIND_WEIGHT[row["kind"]] / KIND_WEIGHT["folded"]
            out.append((row, round(80 * similarity * weight, 1)))
    return out


_PARTIAL_KINDS = ("folded", "inflected", "translit", "loose", "word")


def _glued(reader: Reader, query: str) -> list[tuple[dict[str, Any], float]]:
    """Terms that are a prefix or suffix of a glued or longer query ("статускандаса")."""
    key = folded_key(query)
    parts = list(dict.fromkeys(glued_parts(key)))
    if not parts:
        return []
    out = []
    for row in _rows_for_keys(reader, parts):
        if row["kind"] in _PARTIAL_KINDS:
            share = len(row["key"]) / len(key)
            out.append((row, round((40 + 40 * share) * KIND_WEIGHT[row["kind"]], 1)))
    return out


def _words(reader: Reader, query: str) -> list[tuple[dict[str, Any], float]]:
    """For a query of several words, the terms one of its words names ("Atajurt volunteers")."""
    words = [w for w in query.split() if len(folded_key(w)) >= 4]
    if len(words) < 2:
        return []
    out = []
    total = len(folded_key(query))
    for word in words:
        qkeys = {k.key: k for k in query_keys(word)}
        share = len(folded_key(word)) / total
        for row in _rows_for_keys(reader, list(qkeys)):
            qk = qkeys[row["key"]]
            out.append((row, round(qk.base * KIND_WEIGHT[row["kind"]] * (0.45 + 0.35 * share), 1)))
    return out


def _prefix(reader: Reader, query: str) -> list[tuple[dict[str, Any], float]]:
    """Terms that begin with the query ("re-education" → "re-education camp", "Іле" → ...)."""
    key = folded_key(query)
    if len(key) < MIN_PREFIX:
        return []
    sql = (f"SELECT lk.key, lk.kind, {_TERM_COLUMNS} FROM lookup_key lk "
           "JOIN term t ON t.id = lk.term_id "
           "WHERE lk.key >= :lo AND lk.key < :hi LIMIT 200")
    out = []
    for row in reader.rows(sql, {"lo": key, "hi": key + "\U0010ffff"}):
        if row["kind"] in _PARTIAL_KINDS:
            share = len(key) / len(row["key"])
            out.append((row, round((45 + 35 * share) * KIND_WEIGHT[row["kind"]], 1)))
    return out

