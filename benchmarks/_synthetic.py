"""A deterministic synthetic termbase and query sets for ``benchmarks/lookup.py``.

Words are pseudo-words recombined from the syllables of real words: the terms, definitions,
notes and citations of the shipped glossary (weighted up) plus the Kazakh, Russian and English
CLDR display names (languages, territories, currencies, scripts, months) that babel ships.
Kazakh words keep vowel harmony (syllables of one harmony class), Russian nouns end in real
noun suffixes and their adjectives agree in gender, English terms include ``X of Y`` and
hyphenated forms, and a fifth of the concepts are hyphenated Kazakh proper names with an
English news spelling and a Russian press spelling. The real glossary concepts are included
too, so that queries for real terms have real neighbours.

Per synthetic concept: one English, one Russian, one Kazakh Cyrillic term, its Kazakh Latin
2021 form (``transliterate(text, "kk-latn-2021", lang="kk")``), for a fifth of them a töte
form (``"kk-arab"``), and for half of them a second English term and for 30 % a second Russian
term (variants, synonyms, abbreviations) -- about 5.0 terms per concept.

Nothing here uses :mod:`kzgloss.morphology` to make Kazakh inflected queries: the suffixes
are attached by the textbook allomorph rules below, independently of the code under test.
Russian case forms come from ``kzgloss.morphology.ru_forms`` as the benchmark's brief asks.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from kzgloss.records import ConceptRecord, Glossary, TermRecord
from kzgloss.text import folded_key

REPO = Path(__file__).resolve().parents[1]
GLOSSARY_DIR = REPO / "glossary"

_WORD = re.compile(r"[^\W\d_]+")

KK_VOWELS = "аәеиоөұүыіуюяэё"
KK_BACK = set("аоұы")
KK_FRONT = set("әеөүі")
KK_LETTERS = set("абвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")
KK_ONLY = set("әғқңөұүһі")
RU_VOWELS = "аеёиоуыэюя"
RU_LETTERS = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
EN_VOWELS = "aeiouy"
EN_LETTERS = set("abcdefghijklmnopqrstuvwxyz")
KK_LATN_ALPHABET = "abcdefghijklmnopqrstuvwxyzäöüūğñşı"

# --------------------------------------------------------------------------------------------
# vocabulary and syllables
# --------------------------------------------------------------------------------------------


def _real_glossary() -> Glossary:
    from kzgloss.glossary_files import read_glossary_dir

    return read_glossary_dir(GLOSSARY_DIR)


def _cldr_words(code: str) -> list[str]:
    try:
        from babel import Locale
    except ImportError:  # babel is a dependency, but keep the benchmark runnable without it
        return []
    loc = Locale.parse(code)
    out: list[str] = []
    for table in (loc.languages, loc.territories, loc.currencies, loc.scripts):
        for key in sorted(table):
            value = table[key]
            if isinstance(value, str):
                out.extend(_WORD.findall(value))
    for ctx in ("format", "stand-alone"):
        for width in ("wide",):
            months = loc.months.get(ctx, {}).get(width, {})
            for key in sorted(months):
                out.extend(_WORD.findall(months[key]))
    return out


def _vocabulary(glossary: Glossary) -> dict[str, list[str]]:
    """Real words per language (lower case, script-checked), glossary words weighted x5."""
    raw: dict[str, list[str]] = {"en": [], "ru": [], "kk": []}
    for concept in glossary.concepts:
        for kind in (concept.definition, concept.note):
            for lang in sorted(kind):
                if lang in raw:
                    raw[lang].extend(_WORD.findall(kind[lang]) * 5)
        for term in concept.terms:
            lang = {"en": "en", "ru": "ru", "kk-Cyrl": "kk"}.get(term.lang)
            if lang:
                raw[lang].extend(_WORD.findall(term.text) * 5)
        for citation in concept.citations:
            raw["en"].extend(_WORD.findall(citation.quote))
    for lang in raw:  # each CLDR word once ("тілі" ends hundreds of language names)
        raw[lang].extend(dict.fromkeys(w.lower() for w in _cldr_words(lang)))
    letters = {"en": EN_LETTERS, "ru": RU_LETTERS, "kk": KK_LETTERS}
    out: dict[str, list[str]] = {}
    for lang, words in raw.items():
        good = []
        for w in words:
            w = w.lower()
            if len(w) < 3 or not set(w) <= letters[lang]:
                continue
            if lang == "ru" and set(w) & KK_ONLY:
                continue
            good.append(w)
        out[lang] = good
    return out


@dataclass
class Syllables:
    initial: list[str]
    medial: list[str]
    final: list[str]
    short: list[str]  # real one- and two-syllable words


def _syllabify(word: str, vowels: str) -> list[str]:
    parts = re.findall(f"[^{vowels}]*[{vowels}]+", word)
    if not parts:
        return [word]
    tail = word[sum(len(p) for p in parts):]
    parts[-1] += tail
    return parts


def _syllables(words: list[str], vowels: str) -> Syllables:
    s = Syllables([], [], [], [])
    for w in words:
        parts = _syllabify(w, vowels)
        if len(parts) <= 2 and len(w) <= 6:
            s.short.append(w)
        if len(parts) < 2:
            continue
        s.initial.append(parts[0])
        s.medial.extend(parts[1:-1])
        s.final.append(parts[-1])
    if not s.medial:
        s.medial = list(s.initial)
    return s


def kk_harmony(word: str) -> str:
    """"back" or "front" by the last harmony vowel (loans with only и/у/я count as back).

    Russian surname endings -ев/-ов do not count (Тоқаевқа), and a final soft sign is front
    (автомобильге).
    """
    word = word.lower()
    if word.endswith("ь"):
        return "front"
    if word.endswith(("ев", "ёв")) and len(word) > 3:
        word = word[:-2]
    for ch in reversed(word):
        if ch in KK_BACK:
            return "back"
        if ch in KK_FRONT:
            return "front"
    return "back"


def _kk_class(syllable: str) -> str:
    if set(syllable) & KK_BACK:
        return "back"
    if set(syllable) & KK_FRONT:
        return "front"
    return "neutral"


# --------------------------------------------------------------------------------------------
# Kazakh suffixes (textbook allomorph rules; independent of kzgloss.morphology)
# --------------------------------------------------------------------------------------------

_KK_VOWEL_END = set("аәеиоөұүыіюяэё")
_KK_SONORANT = set("рйу")
_KK_NASAL = set("мнң")
_KK_LZJ = set("лзж")


def _kk_final(word: str) -> str:
    last = word.rstrip("ьъ")[-1:] or word[-1]
    if last in _KK_VOWEL_END:
        return "vowel"
    if last in _KK_SONORANT:
        return "sonorant"
    if last in _KK_NASAL:
        return "nasal"
    if last in _KK_LZJ:
        return "lzj"
    return "voiceless"  # voiceless consonants and б в г д


def kk_suffix(word: str, case: str, *, poss3: bool = False) -> str:
    """The suffix of *case* for *word* (vowel harmony and first-consonant assimilation)."""
    back = kk_harmony(word) == "back"
    a, e = ("а", "ы") if back else ("е", "і")
    if poss3:  # after the 3rd-person possessive -(с)ы/-(с)і
        return {"dative": "н" + a, "locative": "нд" + a, "ablative": "нан" if back else "нен",
                "genitive": "н" + e + "ң", "accusative": "н"}[case]
    fin = _kk_final(word)
    if case == "plural":
        c = {"vowel": "л", "sonorant": "л", "nasal": "д", "lzj": "д", "voiceless": "т"}[fin]
        return c + a + "р"
    if case == "dative":
        return ("қ" if back else "к") + a if fin == "voiceless" else ("ғ" if back else "г") + a
    if case == "locative":
        return ("т" if fin == "voiceless" else "д") + a
    if case == "ablative":
        c = {"vowel": "д", "sonorant": "д", "lzj": "д", "nasal": "н", "voiceless": "т"}[fin]
        return c + a + "н"
    if case == "genitive":
        c = {"vowel": "н", "nasal": "н", "sonorant": "д", "lzj": "д", "voiceless": "т"}[fin]
        return c + e + "ң"
    if case == "accusative":
        c = {"vowel": "н", "nasal": "д", "sonorant": "д", "lzj": "д", "voiceless": "т"}[fin]
        return c + e
    raise ValueError(case)


KK_CASE_CHAINS = (
    ("plural",), ("dative",), ("locative",), ("ablative",), ("genitive",), ("accusative",),
    ("plural", "dative"), ("plural", "genitive"), ("plural", "locative"),
)


def kk_inflect(term: str, chain: tuple[str, ...], *, poss3: bool = False) -> str:
    words = term.split(" ")
    last = words[-1]
    for i, case in enumerate(chain):
        last += kk_suffix(last, case, poss3=poss3 and i == 0)
    return " ".join(words[:-1] + [last])


# --------------------------------------------------------------------------------------------
# spellings
# --------------------------------------------------------------------------------------------

_KK_TO_RU = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")


def ru_press_spelling(kk: str) -> str:
    """Kazakh Cyrillic as Russian media write it (Тоқаев -> Токаев)."""
    return kk.translate(_KK_TO_RU)


_INFORMAL = {
    "а": ["a"], "ә": ["a", "a", "ae"], "б": ["b"], "в": ["v"], "г": ["g"], "ғ": ["gh", "g"],
    "д": ["d"], "е": ["e"], "ё": ["yo"], "ж": ["zh", "zh", "j"], "з": ["z"], "и": ["i"],
    "й": ["y", "i"], "к": ["k"], "қ": ["q", "k"], "л": ["l"], "м": ["m"], "н": ["n"],
    "ң": ["ng"], "о": ["o"], "ө": ["o"], "п": ["p"], "р": ["r"], "с": ["s"], "т": ["t"],
    "у": ["u"], "ұ": ["u"], "ү": ["u"], "ф": ["f"], "х": ["kh", "h"], "һ": ["h"], "ц": ["ts"],
    "ч": ["ch"], "ш": ["sh"], "щ": ["shch"], "ъ": [""], "ы": ["y"], "і": ["i"], "ь": [""],
    "э": ["e"], "ю": ["yu"], "я": ["ya"],
}


def informal_latin(kk: str, rng: random.Random | None = None) -> str:
    """ASCII Kazakh as typed without a Kazakh layout (sh, zh, ng; q or k for қ)."""
    out = []
    for ch in kk:
        low = ch.lower()
        options = _INFORMAL.get(low)
        if options is None:
            out.append(ch)
            continue
        rep = options[0] if rng is None else rng.choice(options)
        out.append(rep[:1].upper() + rep[1:] if ch != low else rep)
    return "".join(out)


def en_news_spelling(kk: str) -> str:
    """The English news spelling of a Kazakh name: informal ASCII with k for қ, kh for х."""
    text = informal_latin(kk)
    return text.replace("q", "k").replace("Q", "K")


_LAT_TO_CYR = (
    ("iia", "ия"), ("ia", "я"), ("iu", "ю"), ("shch", "щ"), ("sh", "ш"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("ts", "ц"),
    ("ya", "я"), ("yu", "ю"), ("yo", "ё"), ("gh", "г"), ("ng", "н"),
    ("a", "а"), ("ä", "а"), ("b", "б"), ("c", "ц"), ("d", "д"), ("e", "е"), ("f", "ф"),
    ("g", "г"), ("ğ", "г"), ("h", "х"), ("i", "и"), ("ı", "и"), ("j", "ж"), ("k", "к"),
    ("l", "л"), ("m", "м"), ("n", "н"), ("ñ", "н"), ("o", "о"), ("ö", "о"), ("p", "п"),
    ("q", "к"), ("r", "р"), ("s", "с"), ("ş", "ш"), ("t", "т"), ("u", "у"), ("ū", "у"),
    ("ü", "у"), ("v", "в"), ("w", "у"), ("x", "х"), ("y", "ы"), ("z", "з"),
)


def latin_typed_in_cyrillic(latin: str) -> str:
    """Latin (2021 or informal) retyped on a Russian keyboard, letter by letter."""
    out = []
    i = 0
    # one lower-case letter per letter ("İ".lower() is two code points)
    low = "".join("i" if ch == "İ" else ch.lower()[:1] for ch in latin)
    while i < len(latin):
        for src, dst in _LAT_TO_CYR:
            if low.startswith(src, i):
                # i/y after a vowel and not before one is the glide й (Qytai -> Кытай)
                if src in ("i", "y") and i > 0 and low[i - 1] in "aeiouyäöüū" and (
                        i + 1 == len(low) or low[i + 1] not in "aeiouyäöüūı"):
                    dst = "й"
                out.append(dst.upper() if latin[i] != low[i] else dst)
                i += len(src)
                break
        else:
            out.append(latin[i])
            i += 1
    return "".join(out)


def strip_diacritics(text: str) -> str:
    text = text.replace("ı", "i").replace("İ", "I")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


# --------------------------------------------------------------------------------------------
# the generator
# --------------------------------------------------------------------------------------------

RU_NOUN_SUFFIXES = (  # (suffix, gender, weight)
    ("ция", "f", 6), ("ние", "n", 6), ("ство", "n", 5), ("тор", "m", 4), ("ник", "m", 3),
    ("тель", "m", 3), ("ка", "f", 4), ("ра", "f", 2), ("на", "f", 2), ("сть", "f", 2),
    ("нт", "m", 2), ("зм", "m", 2), ("т", "m", 3), ("р", "m", 3), ("н", "m", 3), ("в", "m", 1),
    ("лог", "m", 1), ("дия", "f", 2),
)
RU_ADJ = (("ск", {"m": "ий", "f": "ая", "n": "ое"}), ("н", {"m": "ый", "f": "ая", "n": "ое"}),
          ("ческ", {"m": "ий", "f": "ая", "n": "ое"}), ("льн", {"m": "ый", "f": "ая", "n": "ое"}),
          ("тельн", {"m": "ый", "f": "ая", "n": "ое"}))
EN_PREFIXES = ("re", "anti", "non", "co", "self", "post", "pre", "cross", "ex", "pro")
KK_ADJ_SUFFIXES_BACK = ("лық", "дық", "тық", "сыз", "ды", "лы")
KK_ADJ_SUFFIXES_FRONT = ("лік", "дік", "тік", "сіз", "ді", "лі")
KK_SURNAME = ("ов", "ев", "баев", "ұлы")


@dataclass
class Meta:
    """What the generator knows about a concept (for making queries)."""

    kind: str               # common | name | real
    kk_poss3: bool = False  # the Kazakh term's last word carries the 3rd-person possessive


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.real = _real_glossary()
        vocab = _vocabulary(self.real)
        self.en = _syllables(vocab["en"], EN_VOWELS)
        self.ru = _syllables(vocab["ru"], RU_VOWELS)
        kk = _syllables(vocab["kk"], KK_VOWELS)
        self.kk: dict[str, Syllables] = {}
        for harmony in ("back", "front"):
            ok = {harmony, "neutral"}
            self.kk[harmony] = Syllables(
                [s for s in kk.initial if _kk_class(s) in ok],
                [s for s in kk.medial if _kk_class(s) in ok],
                [s for s in kk.final if _kk_class(s) in ok],
                [s for s in kk.short if _kk_class(s) == harmony
                 or (_kk_class(s) == "neutral" and harmony == "back")],
            )
        self.kk_initial_all = kk.initial
        self.ru_suffixes = [s for s, _, w in RU_NOUN_SUFFIXES for _ in range(w)]
        self.ru_gender = {s: g for s, g, _ in RU_NOUN_SUFFIXES}
        self.taken: dict[str, str] = {}  # folded key -> concept id (uniqueness of synthetic terms)

    # --- words -------------------------------------------------------------------------

    def _n_syllables(self) -> int:
        return self.rng.choices((2, 3, 4), weights=(45, 38, 17))[0]

    def en_word(self) -> str:
        r, s = self.rng, self.en
        if r.random() < 0.06:
            return r.choice(s.short)
        n = self._n_syllables()
        return r.choice(s.initial) + "".join(r.choice(s.medial) for _ in range(n - 2)) + r.choice(s.final)

    def kk_word(self, harmony: str | None = None) -> str:
        r = self.rng
        for _ in range(50):
            first = r.choice(self.kk_initial_all)
            h = harmony or (_kk_class(first) if _kk_class(first) != "neutral" else r.choice(("back", "front")))
            s = self.kk[h]
            if harmony is not None:
                first = r.choice(s.initial)
            if r.random() < 0.06 and s.short:
                word = r.choice(s.short)
            else:
                n = self._n_syllables()
                word = first + "".join(r.choice(s.medial) for _ in range(n - 2)) + r.choice(s.final)
            if set(word) & (KK_BACK | KK_FRONT) and kk_harmony(word) == h:
                return word
        return word

    def ru_stem(self) -> str:
        r, s = self.rng, self.ru
        n = r.choices((1, 2, 3), weights=(35, 45, 20))[0]
        return r.choice(s.initial) + "".join(r.choice(s.medial) for _ in range(n - 1))

    def ru_noun(self) -> tuple[str, str]:
        suffix = self.rng.choice(self.ru_suffixes)
        return self.ru_stem() + suffix, self.ru_gender[suffix]

    def ru_adj(self, gender: str) -> str:
        stem, endings = self.rng.choice(RU_ADJ)
        return self.ru_stem() + stem + endings[gender]

    @staticmethod
    def ru_genitive(noun: str, gender: str) -> str:
        for end, gen in (("ция", "ции"), ("дия", "дии"), ("ние", "ния"), ("ство", "ства"),
                         ("сть", "сти"), ("ель", "еля"), ("ка", "ки"), ("а", "ы")):
            if noun.endswith(end):
                return noun[: -len(end)] + gen
        return noun + "а"

    # --- terms ---------------------------------------------------------------------------

    def en_common(self) -> str:
        r = self.rng
        p = r.random()
        if p < 0.45:
            return self.en_word()
        if p < 0.78:
            return f"{self.en_word()} {self.en_word()}"
        if p < 0.88:
            return f"{self.en_word()} of {self.en_word()}"
        if p < 0.95:
            return f"{r.choice(EN_PREFIXES)}-{self.en_word()} {self.en_word()}"
        return f"{self.en_word()} {self.en_word()} {self.en_word()}"

    def ru_common(self) -> str:
        p = self.rng.random()
        noun, gender = self.ru_noun()
        if p < 0.55:
            return noun
        if p < 0.85:
            return f"{self.ru_adj(gender)} {noun}"
        noun2, gender2 = self.ru_noun()
        if p < 0.95:
            return f"{noun} {self.ru_genitive(noun2, gender2)}"
        return f"{self.ru_adj(gender)} {noun} {self.ru_genitive(noun2, gender2)}"

    def kk_common(self) -> tuple[str, bool]:
        r = self.rng
        p = r.random()
        if p < 0.50:
            return self.kk_word(), False
        if p < 0.70:  # adjective + noun
            h = r.choice(("back", "front"))
            adj = self.kk_word(h) + r.choice(KK_ADJ_SUFFIXES_BACK if h == "back" else KK_ADJ_SUFFIXES_FRONT)
            return f"{adj} {self.kk_word()}", False
        if p < 0.85:  # noun + noun-poss3 (адам құқықтары)
            head = self.kk_word()
            back = kk_harmony(head) == "back"
            poss = ("ы" if back else "і") if head[-1] not in _KK_VOWEL_END else ("сы" if back else "сі")
            return f"{self.kk_word()} {head}{poss}", True
        if p < 0.95:
            return f"{self.kk_word()} {self.kk_word()} {self.kk_word()}", False
        return f"{self.kk_word()}-{self.kk_word()}", False

    def kk_name(self) -> str:
        r = self.rng

        def cap(w: str) -> str:
            return w[:1].upper() + w[1:]

        p = r.random()
        if p < 0.35:  # place
            return cap(self.kk_word())
        if p < 0.45:  # hyphenated place
            return f"{cap(self.kk_word())}-{cap(self.kk_word())}"
        given = cap(self.kk_word())
        if r.random() < 0.25:
            given = f"{given}-{cap(self.kk_word())}"
        surname = cap(self.kk_word())
        surname += r.choice(KK_SURNAME) if surname[-1] not in _KK_VOWEL_END else "ев"
        return f"{given} {surname}"

    def _claim(self, text: str, concept_id: str) -> bool:
        key = folded_key(text)
        if not key or key in self.taken:
            return False
        self.taken[key] = concept_id
        return True

    def _fresh(self, make, concept_id: str, tries: int = 40):  # noqa: ANN001
        for _ in range(tries):
            value = make()
            text = value[0] if isinstance(value, tuple) else value
            if self._claim(text, concept_id):
                return value
        return None

    # --- concepts --------------------------------------------------------------------------

    def concepts(self, n: int) -> tuple[Glossary, dict[str, Meta]]:
        from kzgloss.translit import transliterate

        r = self.rng
        glossary = Glossary(concepts=[], sources=list(self.real.sources))
        meta: dict[str, Meta] = {}
        for concept in self.real.concepts:
            glossary.concepts.append(concept)
            meta[concept.id] = Meta("real")
            for term in concept.terms:
                self.taken.setdefault(folded_key(term.text), concept.id)
        n_synthetic = max(0, n - len(self.real.concepts))
        width = len(str(n_synthetic))
        made = 0
        while made < n_synthetic:
            cid = f"syn-{made + 1:0{width}d}"
            is_name = r.random() < 0.20
            terms: list[TermRecord] = []
            poss3 = False
            if is_name:
                kk = self._fresh(self.kk_name, cid)
                if kk is None:
                    continue
                ru = ru_press_spelling(kk)
                en = en_news_spelling(kk)
                for text in (ru, en):
                    self.taken.setdefault(folded_key(text), cid)
                pos = "proper-noun"
            else:
                got = self._fresh(self.kk_common, cid)
                en = self._fresh(self.en_common, cid)
                ru = self._fresh(self.ru_common, cid)
                if got is None or en is None or ru is None:
                    continue
                kk, poss3 = got
                pos = "noun"
            latn = transliterate(kk, "kk-latn-2021", lang="kk")
            self.taken.setdefault(folded_key(latn), cid)
            terms.append(TermRecord(text=en, lang="en", status="preferred", type="full-form", pos=pos))
            if r.random() < 0.50:
                extra = self._en_variant(en, cid, is_name)
                if extra:
                    terms.append(TermRecord(text=extra, lang="en", status=self._variant_status(),
                                            type="variant", pos=pos))
            terms.append(TermRecord(text=ru, lang="ru", status="preferred", type="full-form", pos=pos))
            if r.random() < 0.30:
                extra = self._ru_variant(ru, cid, is_name)
                if extra:
                    terms.append(TermRecord(text=extra, lang="ru", status=self._variant_status(),
                                            type="variant", pos=pos))
            terms.append(TermRecord(text=kk, lang="kk-Cyrl", status="preferred", type="full-form", pos=pos))
            terms.append(TermRecord(text=latn, lang="kk-Latn", status="preferred",
                                    type="transliteration", pos=pos, scheme="kk-latn-2021"))
            if r.random() < 0.20:
                terms.append(TermRecord(text=transliterate(kk, "kk-arab", lang="kk"), lang="kk-Arab",
                                        status="preferred", type="transliteration", pos=pos))
            glossary.concepts.append(ConceptRecord(id=cid, subject="synthetic", terms=terms))
            meta[cid] = Meta("name" if is_name else "common", kk_poss3=poss3)
            made += 1
        return glossary, meta

    def _variant_status(self) -> str:
        return self.rng.choices(("admitted", "superseded", "deprecated"), weights=(6, 2, 2))[0]

    def _en_variant(self, en: str, cid: str, is_name: bool) -> str | None:
        r = self.rng
        words = en.split()
        candidates = []
        if is_name:
            candidates.append(en.replace("zh", "j").replace("Zh", "J") if "zh" in en.lower() else None)
            candidates.append(en.replace("-", " ") if "-" in en else None)
            candidates.append(words[-1] if len(words) > 1 else None)  # surname alone (Tokayev)
        else:
            for a, b in (("our", "or"), ("ise", "ize"), ("tre", "ter"), ("ll", "l")):
                if a in en:
                    candidates.append(en.replace(a, b, 1))
            if "-" in en:
                candidates.append(en.replace("-", ""))
            if len(words) >= 2:
                initials = "".join(w[0] for w in words if w not in ("of", "and")).upper()
                if len(initials) >= 3:
                    candidates.append(initials)
            candidates.append(self.en_common())  # a synonym
        candidates = [c for c in candidates if c]
        r.shuffle(candidates)
        for c in candidates:
            if self._claim(c, cid):
                return c
        return None

    def _ru_variant(self, ru: str, cid: str, is_name: bool) -> str | None:
        words = ru.split()
        candidates = []
        if is_name and len(words) > 1:
            candidates.append(words[-1])
        if len(words) >= 2:
            initials = "".join(w[0] for w in words).upper()
            if len(initials) >= 3:
                candidates.append(initials)
        if not is_name:
            candidates.append(self.ru_common())
        self.rng.shuffle(candidates)
        for c in candidates:
            if self._claim(c, cid):
                return c
        return None


# --------------------------------------------------------------------------------------------
# queries
# --------------------------------------------------------------------------------------------

CLASSES = ("exact", "folded", "cross-script", "inflected", "misspelled")


@dataclass
class Query:
    cls: str
    sub: str
    text: str
    concept: str
    source: str  # the stored term the query was made from


class QueryMaker:
    """Makes queries whose intended concept is unambiguous in the termbase."""

    def __init__(self, glossary: Glossary, meta: dict[str, Meta], seed: int) -> None:
        self.rng = random.Random(seed * 7919 + 17)
        self.glossary = glossary
        self.meta = meta
        self.by_id = {c.id: c for c in glossary.concepts}
        self.owners: dict[str, set[str]] = defaultdict(set)
        for concept in glossary.concepts:
            for term in concept.terms:
                self.owners[folded_key(term.text)].add(concept.id)
        self.loose_owners: dict[str, set[str]] | None = None
        self.real_ids = [c.id for c in glossary.concepts if meta[c.id].kind == "real"]
        self.syn_ids = [c.id for c in glossary.concepts if meta[c.id].kind != "real"]

    def _unambiguous(self, text: str, concept: str, sub: str = "", source: str = "") -> bool:
        """No other concept has a term with the same folded key -- and, for queries typed
        without Kazakh letters (informal Latin, Latin retyped in Cyrillic), with the same
        loose key: "какстан" is as much кақстан as қақстан, so no lookup can be wrong there."""
        key = folded_key(text)
        if not key or not self.owners.get(key, {concept}) <= {concept}:
            return False
        if sub in ("informal", "latin-in-cyrillic"):
            from kzgloss.text import loose_key

            if self.loose_owners is None:
                self.loose_owners = defaultdict(set)
                for c in self.glossary.concepts:
                    for term in c.terms:
                        if term.lang in ("kk-Cyrl", "ru"):
                            self.loose_owners[loose_key(term.text)].add(c.id)
            # informal Latin is made from the Kazakh Cyrillic term and loses what its loose key loses
            reading = text if sub == "latin-in-cyrillic" else source
            if not self.loose_owners.get(loose_key(reading), {concept}) <= {concept}:
                return False
        return True

    def _pick_concept(self, real_share: float) -> ConceptRecord:
        ids = self.real_ids if self.real_ids and self.rng.random() < real_share else self.syn_ids
        return self.by_id[self.rng.choice(ids)]

    def make(self, cls: str, n: int, *, real_share: float = 0.2) -> list[Query]:
        maker = getattr(self, "_" + cls.replace("-", "_"))
        out: list[Query] = []
        seen: set[str] = set()
        attempts = 0
        while len(out) < n and attempts < n * 200:
            attempts += 1
            concept = self._pick_concept(real_share)
            made = maker(concept, len(out))
            if made is None:
                continue
            sub, text, source = made
            text = " ".join(text.split())
            if not text or text in seen or not self._unambiguous(text, concept.id, sub, source):
                continue
            if cls != "exact" and text == source:
                continue
            seen.add(text)
            out.append(Query(cls, sub, text, concept.id, source))
        return out

    def _terms(self, concept: ConceptRecord, langs: tuple[str, ...]) -> list[TermRecord]:
        return [t for t in concept.terms if t.lang in langs]

    # exact: a stored term as typed
    def _exact(self, concept: ConceptRecord, i: int):  # noqa: ANN202
        term = self.rng.choice(concept.terms)
        return term.lang, term.text, term.text

    # folded: case / diacritics / hyphen changed
    def _folded(self, concept: ConceptRecord, i: int):  # noqa: ANN202
        r = self.rng
        terms = self._terms(concept, ("en", "ru", "kk-Cyrl", "kk-Latn"))
        if not terms:
            return None
        term = r.choice(terms)
        text = term.text
        ops = []
        if "-" in text:
            ops.append("hyphen")
        elif " " in text and term.lang != "kk-Arab":
            ops.append("join")
        if strip_diacritics(text) != text:
            ops.append("diacritics")
        r.shuffle(ops)
        ops = ops[: r.randint(1, 2)] if ops else []
        if not ops or r.random() < 0.5:
            ops.append("case")
        for op in ops:
            if op == "hyphen":
                text = text.replace("-", r.choice(("", " ")))
            elif op == "join":
                text = text.replace(" ", r.choice(("-", "")), 1)
            elif op == "diacritics":
                text = strip_diacritics(text)
            elif op == "case":
                choice = r.choice(("upper", "lower", "title", "first"))
                text = {"upper": text.upper(), "lower": text.lower(), "title": text.title(),
                        "first": text[:1].swapcase() + text[1:]}[choice]
        return "+".join(sorted(ops)), text, term.text

    # cross-script: Kazakh Cyrillic typed in Latin (2021 or informal), Latin typed in Cyrillic
    def _cross_script(self, concept: ConceptRecord, i: int):  # noqa: ANN202
        kk = self._terms(concept, ("kk-Cyrl",))
        latn = self._terms(concept, ("kk-Latn",))
        if not kk:
            return None
        kind = ("latn-2021", "informal", "latin-in-cyrillic")[i % 3]
        if kind == "latn-2021":
            from kzgloss.translit import transliterate

            term = self.rng.choice(kk)
            text = transliterate(term.text, "kk-latn-2021", lang="kk")
            if self.rng.random() < 0.5:  # typed without the diacritics
                kind = "latn-2021-ascii"
                text = strip_diacritics(text)
            return kind, text, term.text
        if kind == "informal":
            term = self.rng.choice(kk)
            return kind, informal_latin(term.text, self.rng), term.text
        source = self.rng.choice(latn) if latn else None
        if source is None:
            return None
        return kind, latin_typed_in_cyrillic(source.text), source.text

    # inflected: Russian case forms (ru_forms), Kazakh suffix chains with vowel harmony
    def _inflected(self, concept: ConceptRecord, i: int):  # noqa: ANN202
        r = self.rng
        if i % 2 == 0:
            from kzgloss.morphology import ru_forms

            terms = [t for t in self._terms(concept, ("ru",)) if not t.text.isupper()]
            if not terms:
                return None
            term = r.choice(terms)
            forms = sorted(f for f in ru_forms(term.text.lower()) if folded_key(f) != folded_key(term.text))
            if not forms:
                return None
            return "ru", r.choice(forms), term.text
        terms = [t for t in self._terms(concept, ("kk-Cyrl",)) if not t.text.isupper()]
        if not terms:
            return None
        term = r.choice(terms)
        text = term.text.strip("«»\"")
        last = text.split()[-1]
        poss3 = self.meta[concept.id].kk_poss3 or (
            self.meta[concept.id].kind == "real" and " " in text and last[-1] in "ыі")
        is_name = self.meta[concept.id].kind == "name" or term.pos == "proper-noun"
        chains = [c for c in KK_CASE_CHAINS if not ((poss3 or is_name) and c[0] == "plural")]
        chain = r.choice(chains)
        return "kk:" + "+".join(chain), kk_inflect(text.lower() if r.random() < 0.5 else text, chain,
                                                   poss3=poss3), term.text

    # misspelled: one edit in a word of >= 6 letters
    def _misspelled(self, concept: ConceptRecord, i: int):  # noqa: ANN202
        r = self.rng
        options = []
        for term in self._terms(concept, ("en", "ru", "kk-Cyrl", "kk-Latn")):
            for m in re.finditer(r"[^\W\d_]+", term.text):
                if len(m.group()) >= 6:
                    options.append((term, m))
        if not options:
            return None
        term, m = r.choice(options)
        word = m.group()
        capital = word[0].isupper() and not word.isupper()
        if capital:  # edit the letters, keep the capital where it was (Алматы -> Ламаты)
            word = word[0].lower() + word[1:]
        alphabet = {"en": "abcdefghijklmnopqrstuvwxyz", "ru": "абвгдежзийклмнопрстуфхцчшщыьэюя",
                    "kk-Cyrl": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
                    "kk-Latn": KK_LATN_ALPHABET}[term.lang]
        op = ("substitution", "deletion", "insertion", "transposition")[i % 4]
        k = r.randrange(len(word))
        if op == "substitution":
            new = word[:k] + r.choice([c for c in alphabet if c != word[k].lower()]) + word[k + 1:]
        elif op == "deletion":
            new = word[:k] + word[k + 1:]
        elif op == "insertion":
            new = word[:k] + r.choice(alphabet) + word[k:]
        else:
            pairs = [j for j in range(len(word) - 1) if word[j] != word[j + 1]]
            if not pairs:
                return None
            k = r.choice(pairs)
            new = word[:k] + word[k + 1] + word[k] + word[k + 2:]
        if new.lower() == word.lower():
            return None
        if capital:
            new = new[:1].upper() + new[1:]
        text = term.text[: m.start()] + new + term.text[m.end():]
        return f"{term.lang}:{op}", text, term.text
