"""The term matcher: built once from the termbase, then run over any number of texts.

Every term becomes *surface forms*: its text, the forms in its ``plural`` field, generated
inflections (Russian lexemes and English plurals from :mod:`kzgloss.morphology`) and, for
Latin script, the form without diacritics. Kazakh terms also become *stems*: a stem matches a
word that starts with it when the rest of the word is a valid suffix chain for that stem
(:func:`kzgloss.morphology.kk_analyses`), so «оралмандарға» is оралман but «оралған» and
«оралу» are not.

Finding a term is two steps. An Aho-Corasick automaton (pyahocorasick, in C) runs over the
whole text once and stops only where a word starts with the first word of some form; this is
the part that touches every character, and it runs at the speed of the plain automaton. At
those few places one trie-shaped regular expression over all forms is matched, anchored: it
takes the longest form that starts there plus the rest of its last word, and knows that any run
of white space, any hyphen or dash, any double quote and any apostrophe are the same separator.
The dicts behind it say which terms that form belongs to and check any suffix. (Scanning the
whole text with the regular expression alone is correct too, but about 4x slower, because
``re`` tries it at every character.)

By default only terms that can lead to a finding (not preferred, dated, or derogatory) are
compiled, together with the other terms that share a word with them: a longer term that is
fine (“Oralman Programme”, “Nursultan Nazarbayev”) must still win over the shorter one inside
it. ``scope="all"`` compiles every term (the ``.po`` checks need that).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import ahocorasick

from kzgloss.records import ConceptRecord, TermRecord

__all__ = ["Matcher", "TermRef", "Hit", "fold_text", "canonical", "term_forms", "is_flaggable"]

EXACT, STEM = "exact", "stem"

# Separator and quote characters that match any of their kind (in the canonical form of a
# term: " " for any run of white space, "-" for any hyphen or dash, '"' for any double quote,
# "'" for any apostrophe).
_SEP_CLASS = {
    " ": r"\s+",
    "-": "[-\u2010\u2011\u2012\u2013]",
    '"': "[\"«»“”„]",
    "'": "['’ʼ]",
}
_CANON = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "’": "'", "ʼ": "'",
})
_SPACES = re.compile(r"\s+")

# The candidate text the automaton runs over: the folded text with the same length, where every
# separator that can stand inside a form is one character ("-", '"', "'") and every other
# character that can stand before a word is a space, so that a form's first word, with one of
# those four characters before it, is found only where a word starts.
_TO_SPACE = ("\t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
             "\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000"
             "()[]{}<>/\\|*+=~#:;!?.,&%$@^`\u2014\u2015\u2026\u00b7\u2022\u2018\u201a\u2039\u203a")
_TO_SEP = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
           "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "’": "'", "ʼ": "'"}
_BEFORE_WORD = (" ", "-", '"', "'")
_CHUNK = 4096
_MEMO_LIMIT = 200_000
_TOKEN_TABLE = str.maketrans({**{ch: " " for ch in _TO_SPACE}, **_TO_SEP})


def candidate_text(folded: str) -> str:
    """``" "`` plus ``folded`` with separators unified, the same length as ``folded`` + 1.

    >>> candidate_text("«нұр–сұлтан»,\\n(астана)")
    ' "нұр-сұлтан"   астана '
    """
    text = folded
    for ch in _TO_SPACE:
        if ch in text:
            text = text.replace(ch, " ")
    for ch, sep in _TO_SEP.items():
        if ch in text:
            text = text.replace(ch, sep)
    return " " + text


def _first_word(key: str) -> str:
    """The part of a form that the automaton looks for: its first word, separators unified."""
    return key.translate(_TOKEN_TABLE).strip().partition(" ")[0]


_KK_POSS3_TAILS = frozenset(
    "н ның нің на не нда нде нан нен мен ндағы ндегі".split())


def fold_text(text: str) -> str:
    """Lower-case ``text`` without changing its length: İ→i, ё→е, ı→i.

    >>> fold_text("İLE Ёлка")
    'ile елка'
    """
    if "İ" in text:
        text = text.replace("İ", "i")
    text = text.lower()
    if "ё" in text:
        text = text.replace("ё", "е")
    if "ı" in text:
        text = text.replace("ı", "i")
    return text


def canonical(text: str) -> str:
    """The key of a (folded) form: one space, one hyphen, one quote and one apostrophe kind.

    >>> canonical("нур‑султан  «оралман»")
    'нур-султан "оралман"'
    """
    text = text.translate(_CANON)
    if "  " in text or "\n" in text or "\t" in text or "\u00a0" in text or "\r" in text:
        text = _SPACES.sub(" ", text)
    return text


def _strip_marks(text: str) -> str:
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)))


def _key(text: str) -> str:
    return canonical(fold_text(unicodedata.normalize("NFC", text.strip())))


class TermRef(NamedTuple):
    """One term of one concept, as reached through one of its forms."""

    concept: ConceptRecord
    term: TermRecord


class Hit(NamedTuple):
    """A term found in a text: ``[start, end)`` and the terms the found form belongs to.

    ``refs`` pairs each term with whether the form was exact (``True``) or a stem plus a
    valid suffix chain (``False``).
    """

    start: int
    end: int
    refs: tuple[tuple[TermRef, bool], ...]


def is_flaggable(term: TermRecord) -> bool:
    """Whether a term can ever lead to a finding in prose (so the prose matcher needs it)."""
    return (term.status in ("deprecated", "superseded", "forbidden")
            or term.register == "derogatory"
            or bool(term.valid_from or term.valid_until or term.history))


def _kk_stem_variants(last: str) -> list[str]:
    """The written stems a Kazakh word takes before a vowel: лагерь → лагер, кітап → кітаб."""
    out = [last]
    if last.endswith("ь"):
        out.append(last[:-1])
    voicing = {"п": "б", "к": "г", "қ": "ғ"}
    if len(last) > 2 and last[-1] in voicing and last[-2] in "аәеиоөұүыіэюя":
        out.append(last[:-1] + voicing[last[-1]])
    return out


def term_forms(term: TermRecord) -> tuple[set[str], set[str]]:
    """``(exact forms, stems)`` of a term, as keys (folded, canonical).

    >>> from kzgloss.records import TermRecord
    >>> exact, stems = term_forms(TermRecord("Uighur", "en", "deprecated", plural=["Uighur", "Uighurs"]))
    >>> sorted(exact), sorted(stems)
    (['uighur', 'uighurs'], [])
    """
    text = unicodedata.normalize("NFC", term.text)
    forms = {text, *(term.plural or ())}
    lower = fold_text(text)
    if term.lang == "ru":
        from kzgloss.morphology import ru_forms

        forms |= ru_forms(lower)
    elif term.lang == "en":
        from kzgloss.morphology import en_forms

        forms |= {f for f in en_forms(lower) if "'" not in f}
    exact = {_key(f) for f in forms if f.strip()}
    if term.lang in ("en", "kk-Latn"):
        exact |= {_strip_marks(f) for f in exact}
    stems: set[str] = set()
    if term.lang in ("kk-Cyrl", "kk-Latn"):
        for form in {_key(text), *(_key(p) for p in term.plural or ())}:
            head, _, last = form.rpartition(" ")
            variants = _kk_stem_variants(last) if term.lang == "kk-Cyrl" else [last]
            stems |= {f"{head} {v}" if head else v for v in variants}
        if term.lang == "kk-Latn":
            stems |= {_strip_marks(s) for s in stems}
    return exact, stems


class _Trie:
    """A character trie compiled to one regular expression."""

    def __init__(self) -> None:
        self.root: dict[str, dict] = {}

    def add(self, key: str) -> None:
        node = self.root
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(self) -> str:
        return self._node(self.root) or "(?!)"

    def _node(self, node: dict[str, dict]) -> str:
        # Iterative over single-child chains, recursive at branches (depth = branch points).
        parts = []
        while True:
            children = [ch for ch in node if ch]
            if len(children) == 1 and "" not in node:
                ch = children[0]
                parts.append(_SEP_CLASS.get(ch) or re.escape(ch))
                node = node[ch]
                continue
            break
        children = sorted(ch for ch in node if ch)
        if not children:
            return "".join(parts)
        leaves = [ch for ch in children if set(node[ch]) == {""} and ch not in _SEP_CLASS]
        alternatives = [(_SEP_CLASS.get(ch) or re.escape(ch)) + self._node(node[ch])
                        for ch in children if ch not in leaves]
        if len(leaves) == 1:
            alternatives.append(re.escape(leaves[0]))
        elif leaves:
            alternatives.append("[" + "".join(re.escape(ch) for ch in leaves) + "]")
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if "" in node:
            body = f"(?:{body})?"
        return "".join(parts) + body


class Matcher:
    """Finds the terms of a termbase in text; build once, then call :meth:`scan` per text.

    >>> from kzgloss.records import ConceptRecord, TermRecord
    >>> kandas = ConceptRecord("kandas", terms=[
    ...     TermRecord("қандас", "kk-Cyrl", "preferred"),
    ...     TermRecord("оралман", "kk-Cyrl", "superseded", replaced_by="қандас")])
    >>> m = Matcher([kandas])
    >>> text = "Оралмандарға көмек. Ол елге оралған."
    >>> [(text[h.start:h.end], h.refs[0][0].term.text) for h in m.scan(text)]
    [('Оралмандарға', 'оралман')]
    """

    def __init__(self, concepts: Iterable[ConceptRecord], *, scope: str = "flaggable") -> None:
        #: Every concept by id (replacements may name a term of another concept).
        self.concepts = {concept.id: concept for concept in concepts}
        self.scope = scope
        #: Results worth keeping for the matcher's lifetime (statuses on a date, inflections).
        self.memo: dict[tuple, object] = {}
        self.exact: dict[str, list[TermRef]] = {}
        self.stems: dict[str, list[TermRef]] = {}
        wanted: list[tuple[TermRef, set[str], set[str]]] = []
        others: list[tuple[TermRef, set[str], set[str]]] = []
        entries = []
        for concept in self.concepts.values():
            for term in concept.terms:
                if term.lang == "kk-Arab" and scope != "all":
                    continue
                exact, stems = term_forms(term)
                entries.append((TermRef(concept, term), exact, stems))
        # A hyphenated name is also written with a space ("Nur Sultan", "Ata Jurt"): that form
        # is added unless some term has it as a form of its own (a listed variant must keep
        # its own reading).
        explicit = {form for _, exact, _ in entries for form in exact}
        for ref, exact, _ in entries:
            if ref.term.pos == "proper-noun":
                exact |= {loose for form in exact if "-" in form
                          for loose in (form.replace("-", " "),) if loose not in explicit}
        for entry in entries:
            (wanted if scope == "all" or is_flaggable(entry[0].term) else others).append(entry)
        overlaps = _Overlaps(wanted)
        wanted += [entry for entry in others if overlaps.touches(entry[1], entry[2])]
        trie = _Trie()
        for ref, exact, stems in wanted:
            for form in exact:
                self.exact.setdefault(form, []).append(ref)
                trie.add(form)
            for form in stems:
                self.stems.setdefault(form, []).append(ref)
                trie.add(form)
        self.size = len(self.exact) + len(self.stems)
        self._exact_pairs = {key: tuple((ref, True) for ref in refs) for key, refs in self.exact.items()}
        self.regex = re.compile(r"(?<!\w)" + trie.pattern() + r"\w*")
        #: What :meth:`_resolve` made of a found string (it depends on nothing else).
        self._resolved: dict[str, Hit | None] = {}
        #: The ids of the ``refs`` tuples (kept alive by the dicts above) that no finding
        #: can come from.
        self._quiet_exact = frozenset(id(pairs) for pairs in self._exact_pairs.values() if _quiet(pairs))
        self._quiet = set(self._quiet_exact)
        self._automaton = ahocorasick.Automaton()
        for word in {_first_word(key) for key in (*self.exact, *self.stems)}:
            if word:
                for before in _BEFORE_WORD:
                    self._automaton.add_word(before + word, len(word))
        if len(self._automaton):
            self._automaton.make_automaton()

    def forget(self) -> None:
        """Drop what earlier scans memoised, as a new process starts (benchmarks measure cold
        runs with it; a long-lived process may call it to free memory)."""
        self.memo.clear()
        self._resolved.clear()
        self._quiet.intersection_update(self._quiet_exact)

    def scan(self, text: str, *, folded: str | None = None, flaggable_only: bool = False) -> Iterator[Hit]:
        """Every term in ``text``, leftmost-longest, as :class:`Hit` values in text order.

        ``folded`` is :func:`fold_text` of ``text`` when the caller has it already. With
        ``flaggable_only``, a form none of whose terms can lead to a finding in prose is still
        matched (a longer term that is fine must win over a shorter one inside it) but not
        yielded.
        """
        if not len(self._automaton):
            return
        folded = fold_text(text) if folded is None else folded
        candidates = candidate_text(folded)
        exact = self._exact_pairs
        match = self.regex.match
        iter_long = self._automaton.iter_long
        resolved_memo = self._resolved
        quiet = self._quiet
        pos = 0  # in ``candidates``, which is one character ahead of ``folded``
        size = len(candidates)
        chunk_start = 0
        # The automaton copies the text it is given, so it runs over chunks that end before a
        # space (no first word crosses one): starting it again after a rejected span then costs
        # a chunk, not the whole text.
        while chunk_start < size:
            chunk_end = candidates.find(" ", chunk_start + _CHUNK)
            if chunk_end < 0:
                chunk_end = size
            if pos < chunk_end:
                chunk = candidates[chunk_start:chunk_end]
                while True:
                    # The next form must start after this (in ``folded``): the last hit's end.
                    taken = pos - 1
                    for end, length in iter_long(chunk, max(pos - chunk_start, 0)):
                        # The first word of a form ends at ``end`` (exclusive, in ``folded``).
                        end += chunk_start
                        start = end - length
                        if start <= taken:
                            # Inside the last hit (a stem's ending, a multi-word term's next
                            # word): skip it, unless it runs past the hit's end.
                            if end <= taken:
                                continue
                            pos = taken + 1
                            break
                        m = match(folded, start)
                        if m is None:
                            if _no_word_inside(chunk, start + 1 - chunk_start, end + 1 - chunk_start):
                                continue
                            pos = start + 1  # a form may start inside the rejected word
                            break
                        found = m.group()
                        pairs = exact.get(found) if found.isalpha() else None
                        if pairs is not None:
                            hit_end = start + len(found)
                            if not (flaggable_only and id(pairs) in quiet):
                                yield Hit(start, hit_end, pairs)
                        else:
                            resolved = resolved_memo.get(found, False)
                            if resolved is False:
                                if len(resolved_memo) > _MEMO_LIMIT:
                                    resolved_memo.clear()
                                    quiet.intersection_update(self._quiet_exact)
                                resolved = resolved_memo[found] = self._resolve(found)
                                if resolved is not None and _quiet(resolved.refs):
                                    quiet.add(id(resolved.refs))
                            if resolved is None:
                                if _no_word_inside(chunk, start + 1 - chunk_start, end + 1 - chunk_start):
                                    continue
                                pos = start + 1  # a form may start inside the rejected span
                                break
                            hit_end = start + resolved.end
                            if not (flaggable_only and id(resolved.refs) in quiet):
                                yield Hit(start, hit_end, resolved.refs)
                        if hit_end < end:
                            pos = hit_end + 1  # a form may start inside the first word
                            break
                        taken = hit_end
                    else:
                        break
                    if pos >= chunk_end:
                        break
            chunk_start = chunk_end

    def _resolve(self, found: str) -> Hit | None:
        """The longest form at the start of ``found`` (a match of :attr:`regex`), as a hit
        inside ``found`` (starting at 0), or ``None``; it depends on ``found`` alone."""
        start = 0
        key = canonical(found)
        refs = self.exact.get(key)
        if refs:
            return Hit(start, start + len(found), tuple((ref, True) for ref in refs))
        # The longest form failed: try shorter prefixes, ending at a word end (exact forms) or
        # anywhere inside the last word (stems with a suffix chain).
        for cut in range(len(found), 0, -1):
            word_end = cut
            while word_end < len(found) and (found[word_end].isalnum() or found[word_end] == "_"):
                word_end += 1
            prefix = canonical(found[:cut])
            at_word_end = word_end == cut
            if at_word_end and cut < len(found):
                refs = self.exact.get(prefix)
                if refs:
                    return Hit(start, start + cut, tuple((ref, True) for ref in refs))
            stems = self.stems.get(prefix)
            if stems:
                tail = found[cut:word_end]
                word_start = max(found.rfind(" ", 0, cut), found.rfind("\n", 0, cut)) + 1
                word = canonical(found[word_start:word_end])
                good = tuple((ref, False) for ref in stems
                             if _valid_tail(ref.term, word, prefix, tail))
                if good:
                    return Hit(start, start + word_end, good)
        return None


def _no_word_inside(chunk: str, start: int, end: int) -> bool:
    """Whether no word starts inside ``chunk[start:end]`` after its first character (no
    separator a form's first word may follow)."""
    word = chunk[start:end]
    return "-" not in word and '"' not in word and "'" not in word


def _quiet(refs: tuple[tuple[TermRef, bool], ...]) -> bool:
    return not any(is_flaggable(ref.term) for ref, _ in refs)


def _valid_tail(term: TermRecord, word: str, stem: str, tail: str) -> bool:
    """Whether ``word`` (the last word of the match) is the term's last word plus a suffix chain."""
    if not tail:
        return True
    if not tail.isalpha():
        return False
    lemma_last = _key(term.text).rpartition(" ")[2]
    stem_last = stem.rpartition(" ")[2]
    from kzgloss.morphology import kk_analyses

    if term.lang == "kk-Latn":
        from kzgloss.translit import transliterate

        # Kazakh Latin text is written in any of the official alphabets (2021; 2018 with
        # acutes: "oralmandarǵa"; 2017 with apostrophes) or informally: the suffixes are
        # read back to Cyrillic by each until one gives a valid chain.
        for scheme in _KK_LATIN_SCHEMES:
            cyrillic = transliterate(word, scheme, reverse=True).lower()
            lemmas = {transliterate(lemma_last, scheme, reverse=True).lower(),
                      transliterate(stem_last, scheme, reverse=True).lower()}
            if kk_analyses(cyrillic, is_stem=lemmas.__contains__):
                return True
        # Informal Latin drops the marks (ғ, қ, ә ... written g, k, a): such a tail is accepted
        # when it is some suffix chain with its marks dropped ("Oralmandarga").
        if tail.isascii() and tail.lower() in _kk_ascii_chains():  # "i" for і and ы alike
            return True
    elif kk_analyses(word, is_stem={lemma_last, stem_last}.__contains__):
        return True
    # A term that already ends in the 3rd-person possessive (лагері, ауданы) takes the
    # case endings of that column: лагерінде, ауданына.
    return stem_last[-1:] in ("і", "ы") and tail in _KK_POSS3_TAILS


_KK_LATIN_SCHEMES = ("kk-latn-2021", "kk-latn-2018", "kk-latn-2017", "kk-latn-informal")


@functools.cache
def _kk_ascii_chains() -> frozenset[str]:
    """Every Kazakh suffix chain in the 2021 Latin alphabet with its marks dropped ("ga", "dyn")."""
    from kzgloss.morphology import kk_suffix_chains
    from kzgloss.translit import transliterate

    return frozenset(_strip_marks(transliterate(chain, "kk-latn-2021")).lower().replace("ı", "i")
                     for chain in kk_suffix_chains() if chain)
_TOKEN_SPLIT = re.compile(r"[\s\-\"']+")


def _tokens(form: str) -> list[str]:
    """The words of a form, split at white space, hyphens and quotes."""
    return [t for t in _TOKEN_SPLIT.split(form) if t]


class _Overlaps:
    """Whether a term that gives no finding must still be matched because it can decide what
    a flaggable term's match is: it shares a form with one (several readings: no finding),
    it is at least as long as a flaggable form that starts with its first word ("Oralman
    Programme" hides "oralman"), or a flaggable form can start at one of its later words
    (or a Kazakh stem can run into them). A term that only *begins* a longer flaggable form
    ("Xinjiang" before "Xinjiang Uighur Autonomous Region") is not needed: the longer form
    wins where it matches, and where it does not the shorter one hides nothing.
    """

    def __init__(self, entries: list[tuple[TermRef, set[str], set[str]]]) -> None:
        #: First word of a flaggable form -> the fewest words of such a form.
        self.first: dict[str, int] = {}
        #: Flaggable stems that make up a whole form's first word (a word starting with one
        #: may be that form).
        self.stem_starts: set[str] = set()
        #: Every prefix of the above (a stem in a quiet term may run into them).
        self.prefixes: set[str] = set()
        for _, exact, stems in entries:
            for form in exact | stems:
                tokens = _tokens(form)
                if not tokens:
                    continue
                self.first[tokens[0]] = min(len(tokens), self.first.get(tokens[0], len(tokens)))
                self.prefixes.update(tokens[0][:k] for k in range(1, len(tokens[0]) + 1))
            for form in stems:
                tokens = _tokens(form)
                if len(tokens) == 1:
                    self.stem_starts.add(tokens[0])

    def _starts_here(self, token: str, words: int, first: bool) -> bool:
        """Whether a flaggable form may start at a word ``token`` of a quiet form of ``words``
        words (``first``: its first word, where only a form no longer than it matters)."""
        n = self.first.get(token)
        if n is not None and (not first or n <= words):
            return True
        return any(token[:k] in self.stem_starts for k in range(1, len(token) + 1))

    def touches(self, exact: set[str], stems: set[str]) -> bool:
        for form in exact:
            tokens = _tokens(form)
            if any(self._starts_here(t, len(tokens), i == 0) for i, t in enumerate(tokens)):
                return True
        for form in stems:
            tokens = _tokens(form)
            if any(self._starts_here(t, len(tokens), i == 0) for i, t in enumerate(tokens[:-1])):
                return True
            # The last word is a stem: the word in the text is longer, and a flaggable form
            # may start with it or be found in it.
            last = tokens[-1] if tokens else ""
            if last and (last in self.prefixes or self._starts_here(last, len(tokens), len(tokens) == 1)):
                return True
        return False
