"""Inflection for lookup and the prose checker: Kazakh suffix chains, Russian lexemes, English.

Kazakh has no maintained offline stemmer, so a word is split into a stem plus a *valid nominal
suffix chain* (plural, possessive, case, then -ғы "that is in"), generated from the allomorph
tables in ``morphology_data/kk_suffixes.toml``. A split is valid only when the chain's vowel
harmony and first consonant fit the stem. Russian uses pymorphy3, imported on first use so that
importing this module costs nothing. English gets plural and possessive forms by rule.

All inputs are lower-case NFC strings; all outputs are lower-case.

>>> kk_lemma_candidates("қандастарға")[:2]
['қандастарға', 'қандастар']
>>> "қандас" in kk_lemma_candidates("қандастарға")
True
>>> sorted(en_forms("camp"))
['camp', "camp's", 'camps', "camps'"]
"""

from __future__ import annotations

import functools
import itertools
import os.path
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:  # pragma: no cover - typing only; pymorphy3 is imported lazily
    import pymorphy3
    from pymorphy3.analyzer import Parse

__all__ = [
    "kk_suffix_chains",
    "kk_analyses",
    "kk_lemma_candidates",
    "kk_forms",
    "ru_lemmas",
    "ru_forms",
    "en_forms",
]

# --------------------------------------------------------------------------------------------
# Kazakh
# --------------------------------------------------------------------------------------------

# Plain os.path and NamedTuple below: pathlib and dataclasses would add ~10 ms to CLI start-up.
_KK_DATA_FILE = os.path.join(os.path.dirname(__file__), "morphology_data", "kk_suffixes.toml")
_HARMONIES = ("back", "front")
_CLASSES = ("vowel", "nasal", "sonorant", "lateral", "voiced", "voiceless")
_CASES = ("dative", "locative", "ablative", "genitive", "accusative", "instrumental")
_POSSESSIVES = ("1sg", "2sg", "2sg_polite", "3", "1pl")
# After these possessives a case table's "poss3"/"poss12" column applies (Krippes: dative -а/-е
# only after 1st/2nd person singular possessives, -на/-не after the 3rd person).
_POSS_COLUMN = {"3": "poss3", "1sg": "poss12", "2sg": "poss12"}
# A stem is at least two letters: "ат" + "қа", but never "а" + anything.
_MIN_STEM = 2
# Russian loans end in a soft sign after these consonants (лагерь, автомобиль, медаль, сентябрь);
# the sign is dropped before a vowel-initial suffix (лагері), so it is restored after them.
_SOFT_SIGN_AFTER = frozenset("вдзлмнпрстф")

_KK_NAME = "kk_suffixes.toml"
_SuffixTable = dict[str, dict[str, str]]  # harmony -> class (or column) -> allomorph


class _KkTables(NamedTuple):
    """The parsed ``kk_suffixes.toml``; built once by :func:`_kk_tables`."""

    letter_class: dict[str, str]
    back: frozenset[str]
    front: frozenset[str]
    glides: frozenset[str]
    voicing: dict[str, str]  # п -> б
    devoicing: dict[str, str]  # б -> п
    plural: _SuffixTable
    possessive: dict[str, _SuffixTable]
    case: dict[str, _SuffixTable]
    attributive: _SuffixTable

    vowels: frozenset[str]  # back | front | glides


def _check_table(name: str, table: Any, extra: Iterable[str] = ()) -> _SuffixTable:
    """Reject a suffix table that misses a harmony or a class, naming what is missing."""
    for harmony in _HARMONIES:
        row = table.get(harmony) if isinstance(table, dict) else None
        if not isinstance(row, dict):
            raise ValueError(f"{_KK_NAME}: [{name}] has no {harmony!r} row")
        missing = [key for key in (*_CLASSES, *extra) if not isinstance(row.get(key), str)]
        if missing:
            raise ValueError(f"{_KK_NAME}: [{name}].{harmony} lacks {', '.join(missing)}")
    return table


@functools.cache
def _kk_tables() -> _KkTables:
    import tomllib

    with open(_KK_DATA_FILE, "rb") as fh:
        data = tomllib.load(fh)
    letter_class = {ch: cls for cls in _CLASSES for ch in data["classes"][cls]}
    voicing = dict(data["alternation"])
    harmony = {key: frozenset(data["harmony"][key]) for key in ("back", "front", "glides")}
    return _KkTables(
        letter_class=letter_class,
        back=harmony["back"],
        front=harmony["front"],
        glides=harmony["glides"],
        voicing=voicing,
        devoicing={v: k for k, v in voicing.items()},
        plural=_check_table("plural", data["plural"]),
        possessive={
            p: _check_table(f"possessive.{p}", data["possessive"][p]) for p in _POSSESSIVES
        },
        case={
            c: _check_table(f"case.{c}", data["case"][c], ("poss3",)) for c in _CASES
        },
        attributive=_check_table("attributive", data["attributive"]),
        vowels=harmony["back"] | harmony["front"] | harmony["glides"],
    )


def _kk_harmony(stem: str) -> str | None:
    """``"back"`` or ``"front"`` from the last vowel; ``None`` for a stem without vowels.

    A final ь makes a loan front (лагерь). у/ю after a vowel, or word-final (келу, бару), take
    the harmony of the vowel before them; elsewhere (институт, су) they count as back.
    """
    t = _kk_tables()
    if stem.endswith("ь"):
        return "front"
    for i in range(len(stem) - 1, -1, -1):
        ch = stem[i]
        if ch in t.front:
            return "front"
        if ch in t.back:
            return "back"
        if ch in t.glides:
            after_vowel = i > 0 and stem[i - 1] in t.vowels
            if after_vowel or i == len(stem) - 1:
                continue
            return "back"
    return "back" if any(ch in t.glides for ch in stem) else None


def _kk_class(stem: str) -> str | None:
    """The class of the stem's last sound (of the letter before a final ь/ъ)."""
    stem = stem.rstrip("ьъ")
    return _kk_tables().letter_class.get(stem[-1]) if stem else None


def _kk_case_suffix(case: str, harmony: str, cls: str, column: str | None = None) -> str:
    row = _kk_tables().case[case][harmony]
    return row.get(column, row[cls]) if column else row[cls]


@functools.cache
def _kk_chains(harmony: str, cls: str) -> frozenset[str]:
    """Every suffix chain a stem of this harmony and final class can take (with "")."""
    t = _kk_tables()
    chains = {"", t.attributive[harmony][cls]}  # -ғы straight on the stem: жазғы, қысқы
    plural = t.plural[harmony][cls]
    for number, number_cls in (("", cls), (plural, t.letter_class[plural[-1]])):
        options: list[tuple[str, str, str | None]] = [(number, number_cls, None)]
        for person in _POSSESSIVES:
            poss = t.possessive[person][harmony][number_cls]
            options.append((number + poss, t.letter_class[poss[-1]], _POSS_COLUMN.get(person)))
        for prefix, prefix_cls, column in options:
            chains.add(prefix)
            for case in _CASES:
                suffix = _kk_case_suffix(case, harmony, prefix_cls, column)
                chains.add(prefix + suffix)
                if case == "locative":  # -дағы: Шыңжаңдағы, лагерьлеріндегі
                    after = t.letter_class[suffix[-1]]
                    chains.add(prefix + suffix + t.attributive[harmony][after])
    return frozenset(chains)


@functools.cache
def kk_suffix_chains() -> frozenset[str]:
    """Every valid Kazakh nominal suffix chain, in every allomorph, including ``""``.

    A chain is (plural)(possessive)(case)(-ғы), generated from ``kk_suffixes.toml``.

    >>> {"", "тарға", "лерінде", "ындағы", "лары", "сына"} <= kk_suffix_chains()
    True
    >>> "а" in kk_suffix_chains(), "ыма" in kk_suffix_chains()
    (False, True)
    """
    return frozenset().union(
        *(_kk_chains(h, c) for h, c in itertools.product(_HARMONIES, _CLASSES))
    )


@functools.cache
def _kk_max_chain() -> int:
    return max(map(len, kk_suffix_chains()))


def _kk_chain_fits(stem: str, chain: str) -> bool:
    cls = _kk_class(stem)
    if cls is None or len(stem) < _MIN_STEM:
        return False
    harmony = _kk_harmony(stem)
    return any(chain in _kk_chains(h, cls) for h in ((harmony,) if harmony else _HARMONIES))


def _kk_stem_variants(surface: str, chain: str) -> list[str]:
    """The lemmas a surface stem may stand for before ``chain``: itself, +ь, б/г/ғ -> п/к/қ."""
    t = _kk_tables()
    if chain[0] not in t.vowels:
        return [surface]
    variants = [] if surface[-1] in "ьъ" else [surface]  # no "лагерьі"
    if surface[-1] in _SOFT_SIGN_AFTER:
        variants.append(surface + "ь")  # лагер|і -> лагерь
    if surface[-1] in t.devoicing:
        variants.append(surface[:-1] + t.devoicing[surface[-1]])  # кітаб|ы -> кітап
    return variants


@functools.cache
def _kk_after_poss3(harmony: str) -> frozenset[str]:
    """The chains that follow a 3rd-person possessive: -н, -ның, -на, -нда, -ндағы, -нан, -мен."""
    chains = {_kk_case_suffix(c, harmony, "vowel", "poss3") for c in _CASES}
    locative = _kk_case_suffix("locative", harmony, "vowel", "poss3")
    chains.add(locative + _kk_tables().attributive[harmony]["vowel"])
    return frozenset(chains)


@functools.cache
def _kk_any_chain() -> frozenset[str]:
    return kk_suffix_chains() | _kk_after_poss3("back") | _kk_after_poss3("front")


def _kk_is_possessed(stem: str) -> bool:
    """Whether ``stem`` may end in a 3rd-person possessive (ауданы, қауымдастығы, мәртебесі)."""
    possessive = {"back": "ы", "front": "і"}.get(_kk_harmony(stem) or "")
    return len(stem) > _MIN_STEM and stem[-1] == possessive


@functools.lru_cache(maxsize=65536)
def _kk_analyses(word: str) -> tuple[tuple[str, str], ...]:
    all_chains = _kk_any_chain()
    found: dict[tuple[str, str], None] = {(word, ""): None}
    lowest = max(_MIN_STEM, len(word) - _kk_max_chain())
    for cut in range(len(word) - 1, lowest - 1, -1):
        surface, chain = word[:cut], word[cut:]
        if chain not in all_chains:
            continue
        if surface[-1] == "-" and len(surface) > _MIN_STEM and surface[-2].isalpha():
            if chain not in kk_suffix_chains():
                continue
            # Suffixes on abbreviations are hyphenated (ҚХР-да); harmony is not checked there.
            found.setdefault((surface[:-1], chain), None)
            continue
        for stem in _kk_stem_variants(surface, chain):
            if _kk_chain_fits(stem, chain):
                found.setdefault((stem, chain), None)
        # Terms often end in a possessed head (автономиялық ауданы, қайта тәрбиелеу лагері):
        # the stored word already has the possessive, so only the case follows (ауданына).
        harmony = _kk_harmony(surface)
        if harmony and chain in _kk_after_poss3(harmony) and _kk_is_possessed(surface):
            found.setdefault((surface, chain), None)
    return tuple(found)


def kk_analyses(
    word: str, *, is_stem: Callable[[str], bool] | None = None
) -> list[tuple[str, str]]:
    """All ``(stem, suffix_chain)`` splits of a Kazakh word, longest stem first.

    The chain must fit the stem's vowel harmony and final sound; the stem is given as a lemma:
    a voiced б/г/ғ before a vowel-initial suffix is also tried as п/к/қ (кітабы -> кітап), and a
    dropped soft sign is restored (лагері -> лагерь). A stem ending in a 3rd-person possessive
    also takes the cases that follow one (ауданына -> ауданы + на), for terms whose last word
    is possessed. ``(word, "")`` always comes first. With ``is_stem``, only splits whose stem
    satisfies it are kept. A chain after a hyphen (ҚХР-да) is returned without the hyphen.

    >>> kk_analyses("лагерінде", is_stem={"лагерь"}.__contains__)
    [('лагерь', 'інде')]
    >>> kk_analyses("оралмана", is_stem={"оралман"}.__contains__)
    []
    """
    analyses = _kk_analyses(word)
    if is_stem is None:
        return list(analyses)
    return [(stem, chain) for stem, chain in analyses if is_stem(stem)]


def kk_lemma_candidates(word: str) -> list[str]:
    """The stems of :func:`kk_analyses`, longest split first, starting with the word itself.

    >>> kk_lemma_candidates("оралмандарға")
    ['оралмандарға', 'оралмандар', 'оралман']
    """
    return list(dict.fromkeys(stem for stem, _ in _kk_analyses(word)))


def _kk_possessed(lemma: str) -> str:
    """The stem a vowel-initial suffix attaches to: лагерь -> лагер, кітап -> кітаб."""
    t = _kk_tables()
    if lemma[-1] in "ьъ":
        return lemma[:-1]
    if len(lemma) >= 2 and lemma[-1] in t.voicing and lemma[-2] in t.vowels:
        return lemma[:-1] + t.voicing[lemma[-1]]
    return lemma


def kk_forms(lemma: str, *, limit: int | None = None) -> list[str]:
    """The common inflected forms of a Kazakh noun, most useful first.

    Order: the lemma, plural, the six cases, 3rd-person possessive and its cases, plural with
    the cases, plural + possessive and its cases, then the -ғы forms. ``limit`` keeps the
    first forms only.

    >>> kk_forms("қандас", limit=5)
    ['қандас', 'қандастар', 'қандасқа', 'қандаста', 'қандастан']
    >>> kk_forms("кітап")[8]
    'кітабы'
    """
    t = _kk_tables()
    harmony, cls = _kk_harmony(lemma) or "back", _kk_class(lemma)
    if cls is None:
        return [lemma][:limit]
    plural = lemma + t.plural[harmony][cls]
    plural_cls = t.letter_class[plural[-1]]

    def declined(base: str, base_cls: str, column: str | None = None) -> list[str]:
        return [base + _kk_case_suffix(c, harmony, base_cls, column) for c in _CASES]

    poss3 = _kk_possessed(lemma) + t.possessive["3"][harmony][cls]
    plural_poss3 = plural + t.possessive["3"][harmony][plural_cls]
    in_suffix = t.attributive[harmony]["vowel"]
    forms = [
        lemma,
        plural,
        *declined(lemma, cls),
        poss3,
        *declined(poss3, "vowel", "poss3"),
        *declined(plural, plural_cls),
        plural_poss3,
        *declined(plural_poss3, "vowel", "poss3"),
        lemma + _kk_case_suffix("locative", harmony, cls) + in_suffix,
        poss3 + _kk_case_suffix("locative", harmony, "vowel", "poss3") + in_suffix,
        plural + _kk_case_suffix("locative", harmony, plural_cls) + in_suffix,
        plural_poss3 + _kk_case_suffix("locative", harmony, "vowel", "poss3") + in_suffix,
    ]
    return list(dict.fromkeys(forms))[:limit]


# --------------------------------------------------------------------------------------------
# Russian
# --------------------------------------------------------------------------------------------

_SURNAME_ENDINGS = ("ов", "ев", "ёв", "ин", "ын")
# Case of an adjective agreeing with a noun in a "second" case (в лесу, чашка чаю).
_ADJ_CASE = {"loc2": "loct", "gen2": "gent", "acc2": "accs", "gen1": "gent", "loc1": "loct"}


@functools.cache
def _morph() -> pymorphy3.MorphAnalyzer:
    """The process's one analyzer (about 0.1 s to load), created on first use."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _with_yo_variants(words: Iterable[str]) -> set[str]:
    out = set(words)
    out.update(w.replace("ё", "е") for w in list(out) if "ё" in w)
    return out


@functools.lru_cache(maxsize=131072)
def ru_lemmas(word: str) -> frozenset[str]:
    """The normal forms of *all* pymorphy3 parses of ``word``, plus the word itself.

    The top parse is often wrong for words outside the dictionary (кандасам -> кандасам),
    so every parse counts. ё is also given as е. Cached; the result is immutable.

    >>> sorted(ru_lemmas("кандасам") & {"кандас", "кандасам"})
    ['кандас', 'кандасам']
    """
    lemmas = {word, *(p.normal_form for p in _morph().parse(word))}
    return frozenset(_with_yo_variants(lemmas) if any("ё" in w for w in lemmas) else lemmas)


def _ru_probe_parses(word: str) -> list[Parse]:
    """Noun parses whose normal form is ``word``, found by parsing inflected guesses of it.

    pymorphy3 may not guess a paradigm for the lemma itself (токаев -> токай), but it does
    for the oblique forms (токаеву -> Surn токаев).
    """
    if word[-1] in "ьй":
        base, endings = word[:-1], ("я", "ю", "е", "ям", "ями", "ях")
    else:
        base, endings = word, ("а", "у", "е", "ам", "ами", "ах")
    parses = []
    for ending in endings:
        parses.extend(
            p
            for p in _morph().parse(base + ending)
            if p.normal_form == word and p.tag.POS == "NOUN"
        )
    return parses


def _ru_lexeme_parse(word: str) -> Parse | None:
    """The parse whose lexeme best represents ``word`` as a dictionary form (see ru_forms)."""
    parses = _morph().parse(word)
    own = [p for p in parses if p.normal_form == word]
    for pos in ("NOUN", "ADJF", None):
        known = [p for p in own if p.is_known and pos in (None, p.tag.POS)]
        if known:
            return max(known, key=lambda p: p.score)
    guesses = [p for p in own if p.tag.POS == "NOUN"]
    surname = word.endswith(_SURNAME_ENDINGS)
    if not guesses or (surname and not any("Surn" in p.tag for p in guesses)):
        guesses += _ru_probe_parses(word)  # ~1 ms: only when the word's own guess is missing
    if guesses:
        keys = [_lexeme_key(p) for p in guesses]
        votes = {key: keys.count(key) for key in keys}
        best = max(
            range(len(guesses)),
            key=lambda i: (surname and "Surn" in guesses[i].tag, votes[keys[i]], guesses[i].score),
        )
        return guesses[best]
    adjectives = [p for p in own if p.tag.POS == "ADJF"]
    if adjectives:
        return max(adjectives, key=lambda p: p.score)
    nouns = [p for p in parses if p.tag.POS == "NOUN"]
    return max(nouns, key=lambda p: p.score) if nouns else (own[0] if own else None)


def _lexeme_key(parse: Parse) -> tuple[str, ...]:
    return tuple(sorted({form.word for form in parse.lexeme}))


def _ru_head(tokens: list[str]) -> tuple[int, Parse] | None:
    """The head noun of a phrase: the first token that is a noun in the nominative."""
    for i, token in enumerate(tokens):
        parses = _morph().parse(token)
        nominative = [p for p in parses if p.tag.POS == "NOUN" and p.tag.case == "nomn"]
        if not nominative or parses[0].tag.POS in ("ADJF", "PRTF"):
            continue
        if any(p.normal_form == token for p in nominative):
            head = _ru_lexeme_parse(token)
            if head is not None and head.tag.POS == "NOUN":
                return i, head
        return i, max(nominative, key=lambda p: (p.is_known, p.score))
    return None


def _ru_agreeing(token: str, head: Parse) -> Parse | None:
    """The parse of ``token`` as an adjective agreeing with the nominative ``head``."""
    number, gender = head.tag.number, head.tag.gender
    for p in _morph().parse(token):
        if p.tag.POS not in ("ADJF", "PRTF") or p.tag.case != "nomn" or p.tag.number != number:
            continue
        if number == "sing" and gender in ("masc", "femn", "neut") and p.tag.gender != gender:
            continue
        return p
    return None


def _ru_inflect_adjective(adj: Parse, form: Parse) -> str | None:
    case = _ADJ_CASE.get(form.tag.case, form.tag.case)
    wanted = {case, form.tag.number}
    if form.tag.number == "sing" and adj.tag.gender:
        wanted.add(adj.tag.gender)
    if case == "accs" and form.tag.animacy:
        inflected = adj.inflect(wanted | {form.tag.animacy}) or adj.inflect(wanted)
    else:
        inflected = adj.inflect(wanted)
    return inflected.word if inflected else None


def _ru_phrase_forms(tokens: list[str]) -> set[str]:
    found = _ru_head(tokens)
    if found is None:
        return set()
    head_i, head = found
    nominative = head if head.tag.case == "nomn" else (head.inflect({"nomn"}) or head)
    gender = nominative.tag.gender if nominative.tag.gender in ("masc", "femn", "neut") else None
    adjectives = {}
    for j in range(head_i):
        adj = _ru_agreeing(tokens[j], nominative)
        if adj is not None:
            adjectives[j] = adj
    forms = set()
    for form in head.lexeme:
        if form.tag.case == "voct" or (
            gender and form.tag.number == "sing" and form.tag.gender != gender
        ):
            continue  # a surname's feminine forms would need feminine adjectives
        words = list(tokens)
        words[head_i] = form.word
        for j, adj in adjectives.items():
            words[j] = _ru_inflect_adjective(adj, form) or ""
        if all(words):
            forms.add(" ".join(words))
    return forms


@functools.lru_cache(maxsize=4096)
def _ru_forms(term: str) -> frozenset[str]:
    tokens = term.split()
    if not any("а" <= ch <= "я" or ch == "ё" for ch in term):
        return frozenset({term})  # pymorphy3 would "inflect" 123 as 123ами
    if len(tokens) == 1:
        parse = _ru_lexeme_parse(term)
        forms = {p.word for p in parse.lexeme} if parse is not None else set()
    else:
        forms = _ru_phrase_forms(tokens)
    return frozenset(_with_yo_variants({term, *forms}))


def ru_forms(term: str) -> set[str]:
    """Every inflected form of a Russian term (a word or a phrase), with ё also as е.

    A single word gives the lexeme of its best noun parse (else adjective), found by parsing
    inflected guesses when the word is outside the dictionary; surnames in -ов/-ев/-ин take
    the surname paradigm. In a phrase, the head (first nominative noun) and the adjectives
    agreeing with it are inflected together; other words stay as they are.

    >>> {"лагерях перевоспитания", "лагерей перевоспитания"} <= ru_forms("лагерь перевоспитания")
    True
    >>> "токаеву" in ru_forms("токаев")
    True
    """
    return set(_ru_forms(term))


# --------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------

_EN_IRREGULAR = {
    "man": "men", "woman": "women", "child": "children", "person": "people",
    "foot": "feet", "tooth": "teeth", "mouse": "mice", "goose": "geese",
    "criterion": "criteria", "phenomenon": "phenomena", "axis": "axes",
    "chairman": "chairmen", "spokesman": "spokesmen", "ombudsman": "ombudsmen",
    "businessman": "businessmen", "policeman": "policemen", "countryman": "countrymen",
    "kinsman": "kinsmen", "congressman": "congressmen", "tribesman": "tribesmen",
    "knife": "knives", "wife": "wives", "life": "lives", "leaf": "leaves", "half": "halves",
    "wolf": "wolves", "shelf": "shelves", "thief": "thieves", "self": "selves",
    "hero": "heroes", "potato": "potatoes", "tomato": "tomatoes", "echo": "echoes",
    "veto": "vetoes", "embargo": "embargoes", "torpedo": "torpedoes",
}  # fmt: skip
_EN_INVARIANT = frozenset(
    "sheep series species deer fish aircraft news headquarters police people "
    "means offspring".split()
)


def _en_plural(word: str) -> str:
    """The plural of one English word: kandas -> kandases, city -> cities, oralman -> oralmans."""
    if word in _EN_INVARIANT:
        return word
    if word in _EN_IRREGULAR:
        return _EN_IRREGULAR[word]
    if word.endswith("sis"):  # analysis, crisis, thesis
        return word[:-2] + "es"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if len(word) > 1 and word[-1] == "y" and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def _en_possessives(singular: str, plural: str) -> list[str]:
    """kandas -> kandas's, kandas'; camps -> camps'; men -> men's; sheep -> sheep's."""
    forms = [singular + "'s"]
    if singular.endswith("s"):
        forms.append(singular + "'")
    if plural != singular:
        forms.append(plural + "'" if plural.endswith("s") else plural + "'s")
    return forms


def en_forms(term: str) -> set[str]:
    """English plural and possessive forms of a term (and the term itself).

    The head is the last word, or the word before "of" (center of political education ->
    centers of political education). Possessives: camp's, camps'; kandas's and kandas'.

    >>> sorted(en_forms("kandas"))
    ['kandas', "kandas'", "kandas's", 'kandases', "kandases'"]
    >>> "centers of political education" in en_forms("center of political education")
    True
    """
    words = term.split()
    if not words:
        return {term}
    head = words.index("of", 1) - 1 if "of" in words[1:] else len(words) - 1
    singular, plural = words[head], _en_plural(words[head])
    forms = {term, " ".join([*words[:head], plural, *words[head + 1 :]])}
    if head == len(words) - 1:
        forms.update(" ".join([*words[:head], f]) for f in _en_possessives(singular, plural))
    else:  # the possessive goes on the end of the phrase: center of political education's
        forms.add(term + "'s")
    return forms
