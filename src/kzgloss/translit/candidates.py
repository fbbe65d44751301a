"""Plausible Cyrillic readings of Kazakh typed in any Latin alphabet.

Kazakh Latin comes in three official alphabets (2017 apostrophes, 2018 acute accents, 2021
diacritics) and in informal ASCII (sh, zh, ng, gh; k for қ). The same letter means different
things in each: "i" is и/й in 2021 but і in 2018, "u" is у in 2021 but ұ in 2018. So the text
is read with every alphabet it could be in, the one its special letters point to first, and
the readings are merged word by word.

For informal ASCII, which cannot tell а/ә, о/ө, у/ұ/ү, и/і, к/қ or г/ғ apart, Kazakh vowel
harmony picks the letter: back vowels (а о ұ ы) go with қ ғ ұ, front ones (ә е ө ү і) with
к г ү, and у next to a vowel is the consonant у (ауыл, тау).
"""

from __future__ import annotations

import re
import unicodedata

from kzgloss.translit import engine
from kzgloss.translit.schemes import get_scheme

__all__ = ["latin_to_cyrillic_candidates"]

MAX_CANDIDATES = 8

_MARK_2018 = re.compile("[áóúýǵńÁÓÚÝǴŃ]")
_MARK_2021 = re.compile("[äöüūğñşÄÖÜŪĞÑŞİ]")
_MARK_2017 = re.compile("[aogniusycAOGNIUSYC]['’ʼ`´]")
_WORD = re.compile(r"(?:[^\W\d_]|['’ʼ`´](?=[^\W\d_]))+|[\W\d_]+")

_BACK, _FRONT = frozenset("аоұы"), frozenset("әеөүі")
_VOWELS = _BACK | _FRONT | frozenset("иуяюё")


def _schemes_for(text: str) -> list[str]:
    """The alphabets ``text`` may be in, the likeliest first."""
    if _MARK_2018.search(text):
        return ["kk-latn-2018", "kk-latn-informal", "kk-latn-2021"]
    if _MARK_2021.search(text):
        return ["kk-latn-2021", "kk-latn-informal", "kk-latn-2018"]
    if _MARK_2017.search(text):
        return ["kk-latn-2017", "kk-latn-informal", "kk-latn-2021"]
    if "ı" in text:
        return ["kk-latn-2021", "kk-latn-2018", "kk-latn-informal"]
    return ["kk-latn-informal", "kk-latn-2021", "kk-latn-2018"]


def _side(low: str, k: int, *, ahead: bool) -> str | None:
    """"back" or "front" for the vowel nearest to position k, looking ahead first or behind."""
    after, before = range(k + 1, len(low)), range(k - 1, -1, -1)
    for j in [*after, *before] if ahead else [*before, *after]:
        if low[j] in _BACK:
            return "back"
        if low[j] in _FRONT:
            return "front"
    return None


def _harmonize(word: str) -> str:
    """Pick ә/ө/ү/ұ/і/қ/ғ in an informal reading by vowel harmony (one letter for one)."""
    # Per letter, so the list stays aligned with the word ("İ".lower() is two code points).
    low = [c.lower() if len(c.lower()) == 1 else c for c in word]
    vowel_at = lambda j: 0 <= j < len(low) and low[j] in _VOWELS  # noqa: E731
    # Vowels first. о/ө and ұ/ү stand in the first syllable of a root, so the vowels after them
    # follow their class: look ahead. і follows the vowel before it (Серік|жан): look behind.
    for k, c in enumerate(low):
        if c == "о" and _side("".join(low), k, ahead=True) == "front":
            low[k] = "ө"
        elif c == "и" and _side("".join(low), k, ahead=False) in ("front", None):
            low[k] = "і"
        elif c == "у" and not (vowel_at(k - 1) or vowel_at(k + 1)):
            low[k] = "ү" if _side("".join(low), k, ahead=True) == "front" else "ұ"
    for k, c in enumerate(low):  # then к/қ, г/ғ by the adjacent vowel, else the nearest one
        if c in "кг":
            near = low[k + 1] if vowel_at(k + 1) else low[k - 1] if vowel_at(k - 1) else None
            back = near in _BACK if near else _side("".join(low), k, ahead=True) == "back"
            low[k] = {"к": "қ", "г": "ғ"}[c] if back else c
    return "".join(h.upper() if o.isupper() else h for o, h in zip(word, low, strict=True))


def _word_readings(word: str, schemes: list[str]) -> list[str]:
    readings: list[str] = []
    for name in schemes:
        table = engine.reverse_table(get_scheme(name, reverse=True).table("kk"))
        reading = engine.apply(table, word)
        if name == "kk-latn-informal":
            readings.append(_harmonize(reading))
            if "ng" in word.lower():  # "Shynzhang": ng written once, ң meant twice
                readings.append(_harmonize(re.sub("н(?=[^аәеиоөұүыіуяюё])", "ң", reading)))
            readings.append(reading)
        else:
            readings.append(reading)
        if name == "kk-latn-2018" and word[:1] == "I":  # 2018 has one capital I for ı and i
            reading = engine.apply(table, "ı" + word[1:])
            readings.append(reading[0].upper() + reading[1:])
    # A reading that kept Latin letters is one the alphabet could not read: drop it.
    cyrillic = [r for r in readings if not any(c.isalpha() and c.isascii() or "LATIN" in unicodedata.name(c, "") for c in r)]
    return list(dict.fromkeys(cyrillic or readings[:1]))


def latin_to_cyrillic_candidates(text: str) -> list[str]:
    """Plausible Kazakh Cyrillic readings of Latin ``text``, best first, at most eight.

    >>> latin_to_cyrillic_candidates("kandas")
    ['қандас', 'кандас']
    >>> latin_to_cyrillic_candidates("Şyñjañ")[0]
    'Шыңжаң'
    >>> latin_to_cyrillic_candidates("Qazaqstan respýblıkasy")[0]
    'Қазақстан республикасы'
    """
    text = unicodedata.normalize("NFC", text)
    schemes = _schemes_for(text)
    parts = [
        _word_readings(m.group(), schemes) if m.group()[0].isalpha() else [m.group()]
        for m in _WORD.finditer(text)
    ]
    width = max((len(p) for p in parts), default=0)
    combined = ("".join(p[min(j, len(p) - 1)] for p in parts) for j in range(width))
    return list(dict.fromkeys(combined))[:MAX_CANDIDATES]
