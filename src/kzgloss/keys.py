"""Matching keys shared by lookup and the terminology checker.

Every stored term gets its keys once, when the termbase is built (:func:`term_keys`); a query
is turned into a handful of candidate keys (:func:`query_keys`) and matched against them with
one indexed ``IN`` query. No query ever scans the terms.

Key kinds, strictest first:

==========  ===============================================================
exact       :func:`kzgloss.text.exact_key` of the term
folded      :func:`kzgloss.text.folded_key` (no case, diacritics, hyphens, spaces)
translit    folded key of the term in another script (Kazakh Latin 2021, töte → Cyrillic)
inflected   folded key of a generated inflected form (Russian lexeme, English plural)
loose       :func:`kzgloss.text.loose_key` (Kazakh letters folded onto Russian ones)
skeleton    :func:`kzgloss.text.skeleton_key` (script- and romanization-free)
word        one word of a multi-word proper name ("Bilash" of "Serikzhan Bilash"),
            with its inflected forms
==========  ===============================================================
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kzgloss.text import (
    exact_key,
    fix_homoglyphs,
    folded_key,
    loose_key,
    nfc,
    script_of,
    skeleton_key,
)

__all__ = ["term_keys", "fuzzy_hashes", "key_hash", "query_keys", "QueryKey", "KIND_WEIGHT"]

#: How much a hit on each key kind is worth, relative to the query variant's base score.
KIND_WEIGHT = {
    "exact": 1.0,
    "folded": 0.98,
    "translit": 0.96,
    "inflected": 0.95,
    "loose": 0.93,
    "skeleton": 0.88,
    "word": 0.8,
}

# The shortest folded key that may be stripped of suffixes or split off a glued word.
MIN_STEM = 3


def term_keys(text: str, lang: str, *, pos: str | None = None) -> Iterator[tuple[str, str, str | None]]:
    """Yield ``(key, kind, form)`` for one stored term; *form* names an inflected form.

    Proper names of several words also get ``word`` keys for each longer word, because
    people type a surname alone ("Билаша" for "Серикжан Билаш").

    >>> sorted({k for k, kind, _ in term_keys("Ata-Jurt", "en") if kind in ("exact", "folded")})
    ['ata-jurt', 'atajurt']
    """
    seen: set[tuple[str, str]] = set()

    def emit(key: str, kind: str, form: str | None = None):
        if key and (key, kind) not in seen:
            seen.add((key, kind))
            return [(key, kind, form)]
        return []

    yield from emit(exact_key(text), "exact")
    folded = folded_key(text)
    yield from emit(folded, "folded")
    base_script = text
    if lang == "kk-Arab":
        from kzgloss.translit import arabic_to_cyrillic

        base_script = arabic_to_cyrillic(text)
        yield from emit(folded_key(base_script), "translit")
    if lang in ("kk-Cyrl", "kk-Arab"):
        from kzgloss.translit import transliterate

        yield from emit(folded_key(transliterate(base_script, "kk-latn-2021", lang="kk")), "translit")
    if lang == "kk-Cyrl":
        from kzgloss.translit import transliterate

        yield from emit(folded_key(transliterate(text, "kk-arab", lang="kk")), "translit")
    if lang == "kk-Latn":
        from kzgloss.translit import transliterate

        cyr = transliterate(text, "kk-latn-2021", lang="kk", reverse=True)
        yield from emit(folded_key(cyr), "translit")
    if lang == "ru":
        from kzgloss.morphology import ru_forms

        for form in sorted(ru_forms(text.lower())):
            yield from emit(folded_key(form), "inflected", form)
    elif lang == "en":
        from kzgloss.morphology import en_forms

        for form in sorted(en_forms(text.lower())):
            yield from emit(folded_key(form), "inflected", form)
    loose = loose_key(base_script)
    if loose != folded:
        yield from emit(loose, "loose")
    yield from emit(skeleton_key(base_script), "skeleton")
    if pos == "proper-noun" and lang != "kk-Arab":
        yield from _name_word_keys(text, lang, emit)


def _name_word_keys(text: str, lang: str, emit) -> Iterator[tuple[str, str, str | None]]:
    words = [w for w in re.split(r"[\s\-‐]+", text) if len(folded_key(w)) >= 4]
    if len(words) < 2:
        return
    for word in words:
        forms = {word.lower()}
        if lang == "ru":
            from kzgloss.morphology import ru_forms

            forms |= ru_forms(word.lower())
        for form in sorted(forms):
            yield from emit(folded_key(form), "word", form if form != word.lower() else None)


def key_hash(key: str) -> int:
    """A stable, signed-63-bit-safe hash of a key (the same in every process)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1:] for i in range(len(key))}


def fuzzy_hashes(key: str) -> set[int]:
    """Hashes of *key* and of its one-letter deletions (SymSpell, edit distance ≤ 2 overall).

    >>> len(fuzzy_hashes("abcd")) == 5
    True
    """
    if len(key) < 4:
        return {key_hash(key)}
    return {key_hash(k) for k in _deletions(key) | {key}}


@dataclass(frozen=True, slots=True)
class QueryKey:
    """A key derived from a query, with how it was derived and what a hit on it is worth."""

    key: str
    how: str      # exact | folded | cross-script | inflected | variant | partial
    base: float   # 0-100 before the key kind's weight


def query_keys(query: str, *, cheap: bool = False) -> list[QueryKey]:
    """The candidate keys of a query, best first (duplicates dropped).

    With *cheap*, only the exact, folded and loose keys: enough when the query is a stored
    term as typed, and they cost no transliteration or morphology.

    >>> [k.key for k in query_keys("Ata-Jurt")][:2]
    ['ata-jurt', 'atajurt']
    """
    text = fix_homoglyphs(nfc(query)).strip()
    out: dict[str, QueryKey] = {}

    def add(key: str, how: str, base: float) -> None:
        if key and (key not in out or out[key].base < base):
            out[key] = QueryKey(key, how, base)

    add(exact_key(text), "exact", 100)
    add(folded_key(text), "folded", 97)
    if cheap:
        add(loose_key(text), "folded", 92)
        return sorted(out.values(), key=lambda k: -k.base)
    script = script_of(text)
    cyrillic: list[str] = []
    if script == "Arab":
        from kzgloss.translit import arabic_to_cyrillic

        cyrillic = [arabic_to_cyrillic(text)]
    elif script == "Latn":
        from kzgloss.translit import latin_to_cyrillic_candidates

        cyrillic = latin_to_cyrillic_candidates(text)[:6]
    elif script == "Cyrl":
        cyrillic = [text]
    for rank, cyr in enumerate(cyrillic):
        how = "cross-script" if script != "Cyrl" else "folded"
        base = 94 - rank if script != "Cyrl" else 97
        add(folded_key(cyr), how, base)
        add(loose_key(cyr), "folded" if script == "Cyrl" else how, base - 4)
    for cyr in cyrillic[:3]:
        # Longer stems first: "қандастарға" is қандас + тар + ға before it is қанда + ...
        for rank, stem in enumerate(_kazakh_stems(cyr)):
            add(folded_key(stem), "inflected", 89 - 0.1 * rank)
            add(loose_key(stem), "inflected", 86 - 0.1 * rank)
    if script == "Cyrl":
        for lemma in _russian_lemmas(text):
            add(folded_key(lemma), "inflected", 89)
    add(loose_key(text), "folded", 92)
    add(skeleton_key(text), "variant", 86)
    return sorted(out.values(), key=lambda k: -k.base)


def _kazakh_stems(text: str) -> list[str]:
    """Suffix-stripped stems of the last word of *text* (the phrase's head takes the suffixes)."""
    from kzgloss.morphology import kk_lemma_candidates

    words = text.lower().split()
    if not words:
        return []
    head, last = words[:-1], words[-1]
    stems = []
    for stem in kk_lemma_candidates(last):
        if stem != last and len(folded_key(stem)) >= MIN_STEM:
            stems.append(" ".join(head + [stem]))
    return stems


def _russian_lemmas(text: str) -> list[str]:
    from kzgloss.morphology import ru_lemmas

    words = text.lower().split()
    if len(words) != 1:
        return []
    return sorted(ru_lemmas(words[0]) - {words[0]})


def glued_parts(key: str) -> Iterator[str]:
    """Prefixes and suffixes of a folded key, for a term glued to its neighbour ("оралмандаргөмек")."""
    for i in range(len(key) - 1, MIN_STEM, -1):
        yield key[:i]
    for i in range(1, len(key) - MIN_STEM):
        yield key[i:]
