"""The replacement for a term as found: same grammatical form and the same letter case.

A found form is mapped onto the replacement term in this order: the term itself; the same
slot of the two terms' ``plural`` fields (оралманов → кандасов); for Russian, the found
word's case and number applied to the replacement with pymorphy3 (оралманам → кандасам); for
Kazakh, the same slot of :func:`kzgloss.morphology.kk_forms` for the last word of both terms
(оралмандарға → қандастарға; Latin-script Kazakh goes through Cyrillic); for English, plural
to plural (oralmans → kandases). When none applies, the replacement's dictionary form is
returned and ``exact`` is false.

>>> from kzgloss.records import TermRecord
>>> old = TermRecord("оралман", "kk-Cyrl", "superseded")
>>> new = TermRecord("қандас", "kk-Cyrl", "preferred")
>>> inflect_like("Оралмандарға", old, new)
('Қандастарға', True)
"""

from __future__ import annotations

import re

from kzgloss.checks.matcher import canonical, fold_text
from kzgloss.morphology import _morph  # the one shared pymorphy3 instance (loaded on first use)
from kzgloss.records import TermRecord

__all__ = ["inflect_like", "match_case", "preload"]


def _key(text: str) -> str:
    return canonical(fold_text(text))


def inflect_like(found: str, term: TermRecord, replacement: TermRecord) -> tuple[str, bool]:
    """``(suggestion, exact)``: ``replacement`` in the form and case of ``found`` (a form of ``term``)."""
    key = _key(found)
    if " " in key and "-" in term.text and " " not in term.text:
        key = key.replace(" ", "-")  # a hyphenated name written with a space: "Nur Sultan"
    form = _inflected(key, term, replacement)
    exact = form is not None
    text = _restore_case(form, replacement.text) if form is not None else replacement.text
    if term.text[:1].isupper() and not found.isupper():
        return text, exact  # a name's capital is its own, not the sentence's
    return match_case(found, text, lang=replacement.lang), exact


def _inflected(found: str, term: TermRecord, replacement: TermRecord) -> str | None:
    if found == _key(term.text):
        if term.number == "plural" and replacement.number != "plural" and replacement.lang != "ru" \
                and replacement.plural and len(replacement.plural) > 1:
            return replacement.plural[-1]  # a plural-only term: the replacement's plural
        return replacement.text
    if term.plural and replacement.plural:
        for i, form in enumerate(term.plural):
            if _key(form) == found and i < len(replacement.plural):
                return replacement.plural[i]
    if term.lang == "ru":
        return _ru_inflect(found, term, replacement)
    if term.lang == "kk-Cyrl":
        return _kk_inflect(found, _key(term.text), _key(replacement.text))
    if term.lang == "kk-Latn":
        from kzgloss.translit import transliterate

        def cyr(s: str) -> str:
            return transliterate(s, "kk-latn-2021", reverse=True).lower()

        form = _kk_inflect(cyr(found), cyr(_key(term.text)), cyr(_key(replacement.text)))
        return transliterate(form, "kk-latn-2021") if form else None
    if term.lang == "en":
        return _en_inflect(found, term, replacement)
    return None


def _en_plural(term: TermRecord) -> str:
    if term.plural and len(term.plural) > 1:
        return _key(term.plural[1])
    from kzgloss.morphology import en_forms

    key = _key(term.text)
    others = sorted(f for f in en_forms(key) if f != key and "'" not in f)
    return others[0] if others else key


def _en_inflect(found: str, term: TermRecord, replacement: TermRecord) -> str | None:
    if found == _en_plural(term):
        if replacement.plural and len(replacement.plural) > 1:
            return replacement.plural[1]
        return _en_plural(replacement)
    return None


def _kk_inflect(found: str, term: str, replacement: str) -> str | None:
    """Same slot of ``kk_forms`` for the last words; the words before are the replacement's."""
    from kzgloss.morphology import kk_forms

    *_, found_last = found.split(" ")
    term_head, _, term_last = term.rpartition(" ")
    repl_head, _, repl_last = replacement.rpartition(" ")
    old_forms, new_forms = kk_forms(term_last), kk_forms(repl_last)
    if found_last not in old_forms or len(old_forms) != len(new_forms):
        return None
    new_last = new_forms[old_forms.index(found_last)]
    return f"{repl_head} {new_last}" if repl_head else new_last


def preload(langs: set[str]) -> None:
    """Load what inflecting terms of these languages needs (pymorphy3's dictionaries take
    ~70 ms, the Kazakh suffix tables ~10 ms), so that forked workers share it instead of each
    loading its own copy on its first finding."""
    if "ru" in langs:
        _morph()
    if langs & {"kk-Cyrl", "kk-Latn"}:
        from kzgloss.morphology import kk_analyses

        kk_analyses("қандастарға")


def _ru_inflect(found: str, term: TermRecord, replacement: TermRecord) -> str | None:
    """Give the replacement the case and number pymorphy3 reads in the found word."""
    if " " in found or " " in _key(replacement.text):
        return None
    from kzgloss.morphology import ru_forms

    lemma = _key(term.text)
    known = ru_forms(lemma)
    nouns = [p for p in _morph().parse(found) if p.tag.POS == "NOUN"]
    own = [p for p in nouns if p.normal_form == lemma] or (nouns if found in known else [])
    tags = [(p.tag.case, p.tag.number) for p in own]
    target = _key(replacement.text)
    parses = [p for p in _morph().parse(target) if p.tag.POS == "NOUN" and p.normal_form == target]
    for case, number in tags:
        for parse in parses:
            wanted = {g for g in (case, number) if g}
            if "Sgtm" in parse.tag and number == "plur":
                wanted.discard("plur")
            form = parse.inflect(wanted)
            if form is not None:
                return form.word
    return None


def _restore_case(form: str, lemma: str) -> str:
    """Capitalise each part of ``form`` whose counterpart in ``lemma`` is capitalised."""
    parts, lemma_parts = re.split(r"([\s\-]+)", form), re.split(r"([\s\-]+)", lemma)
    if len(parts) != len(lemma_parts):
        return form if form[:1].isupper() or not lemma[:1].isupper() else lemma[:1] + form[1:]
    out = []
    for part, model in zip(parts, lemma_parts):
        if model[:1].isupper() and part[:1].islower():
            # The lemma's own capital (İ stays İ in Kazakh Latin) when the letters agree.
            first = model[:1] if _key(model[:1]) == part[:1] else part[:1].upper()
            part = first + part[1:]
        out.append(part)
    return "".join(out)


def match_case(found: str, text: str, *, lang: str) -> str:
    """Give ``text`` the case pattern of ``found``: ALL CAPS, Capitalised, or as it is.

    >>> match_case("ОРАЛМАН", "қандас", lang="kk-Cyrl"), match_case("Oralmans", "kandases", lang="en")
    ('ҚАНДАС', 'Kandases')
    """
    letters = [ch for ch in found if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        if lang == "kk-Latn":
            from kzgloss.translit import kk_upper

            return kk_upper(text)
        return text.upper()
    if found[:1].isupper() and text[:1].islower():
        if lang == "kk-Latn" and text[0] == "i":
            return "İ" + text[1:]
        return text[:1].upper() + text[1:]
    return text
