"""Unicode normalisation and the search keys every lookup and check is built on.

Text is stored in NFC. Comparison goes through keys of decreasing strictness:

* :func:`exact_key` -- NFC + case folding (Turkic-aware: ``İ`` folds to ``i``, ``ı`` stays).
* :func:`folded_key` -- also drops diacritics, hyphens, spaces and punctuation, and ``ё``→``е``.
  Kazakh letters stay letters here: ``қ`` and ``к`` remain different.
* :func:`loose_key` -- also folds the Kazakh-only Cyrillic letters onto Russian ones
  (``қ``→``к``, ``ә``→``а`` ...), so "кандас" bridges to "қандас".
* :func:`skeleton_key` -- a script-free Latin skeleton: Cyrillic and Latin Kazakh/Russian in any
  romanization (2021, 2018, informal, BGN/PCGN, ICAO) collapse to one ASCII string.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "nfc",
    "exact_key",
    "folded_key",
    "loose_key",
    "skeleton_key",
    "script_of",
    "fix_homoglyphs",
    "KAZAKH_LETTERS",
    "FOLD_TABLES",
]

#: The letters of the Kazakh Cyrillic alphabet that Russian does not have.
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

_KK_TO_RU = str.maketrans("әғқңөұүһі", "агкноууhи".replace("h", "х"))

# Cyrillic (Kazakh and Russian) → ASCII skeleton. Deliberately lossy: the skeleton is a bridge
# between scripts and romanizations, never a transliteration to show anyone.
_CYR_SKELETON = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "h", "һ": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "s", "ъ": "",
    "ы": "i", "і": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}

# Latin digraphs of the informal, BGN/PCGN, ICAO and English news spellings, folded onto the
# same skeleton letters as the Cyrillic map above. Longest first.
_LATIN_DIGRAPHS = (
    ("shch", "s"), ("sch", "s"), ("kh", "h"), ("zh", "j"), ("sh", "s"), ("ch", "c"),
    ("ts", "c"), ("tz", "c"), ("gh", "g"), ("ng", "n"), ("ya", "ia"), ("yu", "iu"),
    ("yo", "e"), ("ye", "e"), ("dj", "j"), ("dzh", "j"),
)
_LATIN_SINGLE = str.maketrans({"q": "k", "y": "i", "w": "u", "x": "h", "c": "c", "ı": "i"})

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_DOUBLES = re.compile(r"(.)\1+")

# Latin letters that look like Cyrillic ones, and back (used to mend pasted text).
_LAT_TO_CYR = str.maketrans("aAcCeEHiIKkMoOpPTxXyB", "аАсСеЕНіІКкМоОрРТхХуВ")
_CYR_TO_LAT = str.maketrans("аАсСеЕНіІКкМоОрРТхХуВ", "aAcCeEHiIKkMoOpPTxXyB")
_CONFUSABLE = frozenset("aAcCeEHiIKkMoOpPTxXyBаАсСеЕНіІКкМоОрРТхХуВ")


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC.

    >>> nfc("e\\u0301") == "\\u00e9"
    True
    """
    return unicodedata.normalize("NFC", text)


def exact_key(text: str) -> str:
    """NFC, Turkic-aware case folding and collapsed whitespace.

    >>> exact_key("  Атажұрт  Еріктілері ")
    'атажұрт еріктілері'
    >>> exact_key("İLE")
    'ile'
    """
    text = nfc(text).replace("İ", "i").replace("I\u0307", "i")
    text = text.casefold()
    return " ".join(text.split())


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    kept = []
    for ch in decomposed:
        if unicodedata.combining(ch):
            # Keep the marks that make Cyrillic й and ё distinct letters only in NFC form;
            # ё is folded to е on purpose, й stays й (the breve is re-composed below).
            if ch == "\u0306" and kept and kept[-1] in "иИ":
                kept.append(ch)
            continue
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def folded_key(text: str) -> str:
    """Case-, diacritic-, hyphen- and space-insensitive key; Kazakh letters kept.

    >>> folded_key("Ata-Jurt") == folded_key("Atajurt")
    True
    >>> folded_key("re-education camp")
    'reeducationcamp'
    >>> folded_key("Şyñjañ")
    'synjan'
    >>> folded_key("Қандас")
    'қандас'
    """
    text = exact_key(text).replace("ё", "е").replace("ı", "i")
    if any(ch in KAZAKH_LETTERS or "\u0400" <= ch <= "\u04ff" for ch in text):
        # Cyrillic: the Kazakh letters are letters, not accented ones; strip only true marks.
        text = "".join(ch for ch in unicodedata.normalize("NFC", text) if not unicodedata.combining(ch))
    else:
        text = _strip_marks(text)
    return _NON_WORD.sub("", text)


def loose_key(text: str) -> str:
    """:func:`folded_key` with Kazakh letters folded to their Russian look-alikes.

    >>> loose_key("қандас") == loose_key("кандас")
    True
    """
    return folded_key(text).translate(_KK_TO_RU)


def skeleton_key(text: str) -> str:
    """A lossy ASCII skeleton shared by Cyrillic and every Latin spelling of a word.

    >>> skeleton_key("Шыңжаң") == skeleton_key("Şyñjañ") == skeleton_key("Shynzhang")
    True
    >>> skeleton_key("Uighur") == skeleton_key("Uyghur")
    True
    >>> skeleton_key("қандас") == skeleton_key("qandas") == skeleton_key("kandas")
    True
    """
    text = folded_key(text)
    out = []
    for ch in text:
        mapped = _CYR_SKELETON.get(ch)
        out.append(mapped if mapped is not None else ch)
    text = "".join(out)
    text = _strip_marks(text)
    for src, dst in _LATIN_DIGRAPHS:
        text = text.replace(src, dst)
    text = text.translate(_LATIN_SINGLE)
    text = _DOUBLES.sub(r"\1", text)
    return text


def script_of(word: str) -> str:
    """The dominant script of *word*: ``"Cyrl"``, ``"Latn"``, ``"Arab"`` or ``""``.

    >>> script_of("қандас"), script_of("qandas"), script_of("قانداس")
    ('Cyrl', 'Latn', 'Arab')
    """
    counts = {"Cyrl": 0, "Latn": 0, "Arab": 0}
    for ch in word:
        if "\u0400" <= ch <= "\u04ff":
            counts["Cyrl"] += 1
        elif "\u0600" <= ch <= "\u06ff" or "\ufb50" <= ch <= "\ufeff":
            counts["Arab"] += 1
        elif ch.isalpha() and ch.isascii() or "\u00c0" <= ch <= "\u024f":
            counts["Latn"] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ""


def fix_homoglyphs(text: str) -> str:
    """Replace look-alike letters of the minority script inside each word.

    A Latin "a" inside a Cyrillic word (text pasted from the web) becomes Cyrillic "а".

    >>> fix_homoglyphs("кaндас") == "кандас"
    True
    >>> fix_homoglyphs("Atаjurt") == "Atajurt"
    True
    """

    def mend(match: re.Match[str]) -> str:
        word = match.group(0)
        # Letters with no look-alike decide the word's script; look-alikes only break ties.
        telling = "".join(ch for ch in word if ch not in _CONFUSABLE)
        script = script_of(telling) or script_of(word)
        if script == "Cyrl":
            return word.translate(_LAT_TO_CYR)
        if script == "Latn":
            return word.translate(_CYR_TO_LAT)
        return word

    return re.sub(r"\w+", mend, text)


#: The folding tables, for ports of these keys to other languages (the site's search script
#: folds queries in the browser with exactly these tables).
FOLD_TABLES = {
    "kk_to_ru": _KK_TO_RU,
    "cyr_skeleton": _CYR_SKELETON,
    "latin_digraphs": _LATIN_DIGRAPHS,
    "latin_single": _LATIN_SINGLE,
}
