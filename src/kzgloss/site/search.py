"""The site's search index: the termbase's lookup keys as one JSON document for ``search.js``.

The browser cannot run :func:`kzgloss.lookup.lookup`, so the site ships what lookup matches
against: every term's precomputed keys (:func:`kzgloss.keys.term_keys`), sorted so the script
can binary-search them. The script folds the query with the same rules as
:func:`kzgloss.text.folded_key`, :func:`~kzgloss.text.loose_key` and
:func:`~kzgloss.text.skeleton_key`; their character tables travel in the index
(:func:`fold_tables`), so the Python tables stay the one copy.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from kzgloss.records import ConceptRecord

__all__ = ["KINDS", "TermRef", "compute_keys", "read_keys", "search_index", "fold_tables",
           "index_json", "index_script"]

#: Key kinds the site searches, in the order ``search.js`` numbers them. ``exact`` is left
#: out: its key is the folded key with spaces, and the script folds every query.
KINDS = ("folded", "translit", "inflected", "loose", "skeleton")

#: ``(concept id, position of the term in the concept)``.
TermRef = tuple[str, int]


def compute_keys(concepts: Iterable[ConceptRecord]) -> dict[TermRef, list[tuple[str, str]]]:
    """Every term's ``(key, kind)`` pairs, computed as the database build computes them."""
    from kzgloss.keys import term_keys

    keys: dict[TermRef, list[tuple[str, str]]] = {}
    for concept in concepts:
        for i, term in enumerate(concept.terms):
            keys[(concept.id, i)] = [(k, kind) for k, kind, _ in term_keys(term.text, term.lang)
                                     if kind in KINDS]
    return keys


def read_keys(reader: Any) -> dict[TermRef, list[tuple[str, str]]]:
    """The keys stored in the database at build time (no recomputation)."""
    rows = reader.rows(
        "SELECT t.concept_id, t.seq, lk.key, lk.kind FROM lookup_key lk "
        "JOIN term t ON t.id = lk.term_id ORDER BY t.concept_id, t.seq, lk.kind, lk.key")
    seqs: dict[str, set[int]] = defaultdict(set)
    for row in reader.rows("SELECT concept_id, seq FROM term"):
        seqs[row["concept_id"]].add(row["seq"])
    # read_concepts lists a concept's terms by seq; map seq to that position.
    position = {(cid, seq): i for cid, values in seqs.items() for i, seq in enumerate(sorted(values))}
    keys: dict[TermRef, list[tuple[str, str]]] = defaultdict(list)
    for row in rows:
        if row["kind"] in KINDS:
            keys[(row["concept_id"], position[(row["concept_id"], row["seq"])])].append(
                (row["key"], row["kind"]))
    return dict(keys)


def _utf16(key: str) -> bytes:
    # JavaScript compares strings by UTF-16 code units; sort the same way for its binary search.
    return key.encode("utf-16-be")


def search_index(
    concepts: list[ConceptRecord],
    keys: Mapping[TermRef, Iterable[tuple[str, str]]],
    *,
    href: Callable[[str], str],
    label: Callable[[ConceptRecord], Mapping[str, Any]],
    preferred: Callable[[ConceptRecord], list[int]],
) -> dict[str, Any]:
    """The index as a JSON-ready dict.

    ``concepts`` holds ``[href, label, label's lang, [preferred terms]]`` (terms as indexes
    into ``terms``); ``terms`` holds ``[concept, text, lang, status]``; ``keys`` is sorted, and
    ``postings[i]`` lists ``term * 8 + kind`` for ``keys[i]`` (kind: position in ``kinds``).
    """
    out_concepts, terms = [], []
    postings: dict[str, set[int]] = defaultdict(set)
    for c_index, concept in enumerate(concepts):
        first = len(terms)
        for i, term in enumerate(concept.terms):
            terms.append([c_index, term.text, term.lang, term.status])
            for key, kind in keys.get((concept.id, i), ()):
                postings[key].add((first + i) * 8 + KINDS.index(kind))
        head = label(concept)
        out_concepts.append([href(concept.id), head["text"], head["lang"],
                             [first + i for i in preferred(concept)]])
    ordered = sorted(postings, key=_utf16)
    return {
        "version": 1,
        "kinds": list(KINDS),
        "fold": fold_tables(),
        "concepts": out_concepts,
        "terms": terms,
        "keys": ordered,
        "postings": [sorted(postings[k]) for k in ordered],
    }


def fold_tables() -> dict[str, Any]:
    """The character tables of :mod:`kzgloss.text`, for the script's port of its key functions."""
    from kzgloss import text

    return {
        "kazakh": "".join(sorted(text.KAZAKH_LETTERS)),
        "kkToRu": _table(text.FOLD_TABLES["kk_to_ru"]),
        "cyrSkeleton": dict(sorted(text.FOLD_TABLES["cyr_skeleton"].items())),
        "latinDigraphs": [list(pair) for pair in text.FOLD_TABLES["latin_digraphs"]],
        "latinSingle": _table(text.FOLD_TABLES["latin_single"]),
        "casefold": _casefold_table(),
    }


@cache
def _casefold_table() -> dict[str, str]:
    """What ``str.casefold`` does beyond lower-casing, for the script's ``toLowerCase``.

    Keys are lower-case characters (``ß``, ``ς``, the ligatures, small Cherokee) whose case
    folding differs from themselves; the script lower-cases first, then applies this.
    """
    out = {}
    for code in range(0x20000):  # no cased letter lies above U+1FFFF
        ch = chr(code)
        if ch.lower() == ch and ch.casefold() != ch:
            out[ch] = ch.casefold()
    return out


def _table(table: Mapping[int, int | str]) -> dict[str, str]:
    """A ``str.maketrans`` table with characters for keys and values."""
    return {chr(k): v if isinstance(v, str) else chr(v) for k, v in sorted(table.items())}


def index_json(index: Mapping[str, Any]) -> str:
    """Compact, deterministic JSON; ``<`` escaped so the text is also safe inside HTML."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c") + "\n"


def index_script(index: Mapping[str, Any]) -> str:
    """The index as a script, since browsers refuse ``fetch`` of a JSON file opened from disk."""
    return "window.KZGLOSS_INDEX = " + index_json(index).rstrip("\n") + ";\n"
