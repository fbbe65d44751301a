"""Mend Cyrillic read back from Kazakh Latin (2021) where the letter rules cannot know.

The 2021 alphabet drops ь and ъ, writes э as e and both х and һ as h, so ``lager`` reads as
"лагер" and ``ekonomika`` as "економика". Russian loans are recovered by trying the soft
sign and э against pymorphy3's Russian dictionary, but only for words that look borrowed
(they break Kazakh vowel harmony, or contain ф в ц ч щ ё); native words with һ come from a
stem list (``tables/kk-latn-2021-words.toml``).
"""

from __future__ import annotations

import functools
import re
import tomllib
from importlib import resources

__all__ = ["mend_word", "mend_text"]

_BACK = set("аоұы")
_FRONT = set("әеөүі")
_LOAN_LETTERS = set("фвцчщёэ")
_CONSONANTS = set("бвгджзклмнпрстфхцчшщ")
_KAZAKH_ONLY = set("әғқңөұүһі")
_WORD = re.compile(r"[а-яёәғқңөұүһі]+", re.IGNORECASE)


@functools.cache
def _h_stems() -> tuple[tuple[str, str], ...]:
    data = tomllib.loads(
        resources.files("kzgloss.translit").joinpath("tables/kk-latn-2021-words.toml").read_text("utf-8"))
    return tuple(sorted(((stem.replace("һ", "х"), stem) for stem in data["h"]["stems"]),
                        key=lambda pair: -len(pair[0])))


@functools.cache
def _known() -> object:
    from kzgloss.morphology import _morph  # the one shared pymorphy3 instance

    return _morph()


def _looks_borrowed(word: str) -> bool:
    letters = set(word)
    if letters & _KAZAKH_ONLY:
        return False
    if letters & _LOAN_LETTERS or "иа" in word or "иу" in word:
        return True
    return bool(letters & _BACK) and "е" in letters


def _variants(word: str) -> list[str]:
    out = []
    if word.startswith("е"):
        out.append("э" + word[1:])
    if not _looks_borrowed(word):
        return out
    bases = [word]
    folded = word.replace("иа", "я").replace("иу", "ю").replace("йо", "ё")
    if folded != word:
        bases.insert(0, folded)
        out.insert(0, folded)
    for base in bases:
        if base[-1] in _CONSONANTS:
            out.append(base + "ь")
        for i in range(1, len(base) - 1):
            if base[i] in _CONSONANTS and base[i] not in "жшщчй" and (
                    base[i + 1] in _CONSONANTS or base[i + 1] in "еёюяи"):
                out.append(base[:i + 1] + "ь" + base[i + 1:])
            if base[i] == "е" and base[i - 1] in "аоуиыэ":
                out.append(base[:i] + "э" + base[i + 1:])
    return out


def _is_lemma(word: str) -> bool:
    return any(p.normal_form == word for p in _known().parse(word) if p.is_known)


@functools.lru_cache(maxsize=4096)
def mend_word(word: str) -> str:
    """The right Cyrillic spelling of one lower-case word read back from Latin 2021.

    >>> mend_word("шахарының"), mend_word("автомобил"), mend_word("економика"), mend_word("тал")
    ('шаһарының', 'автомобиль', 'экономика', 'тал')
    >>> mend_word("октиабр"), mend_word("енергия")
    ('октябрь', 'энергия')
    """
    for plain, stem in _h_stems():
        if word.startswith(plain):
            return stem + word[len(plain):]
    if len(word) < 4 or set(word) & _KAZAKH_ONLY or _is_lemma(word):
        return word
    for variant in _variants(word):
        if _is_lemma(variant):
            return variant
    return word


def mend_text(text: str) -> str:
    """Apply :func:`mend_word` to every Cyrillic word of *text*, keeping its case."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        mended = mend_word(word.lower())
        if mended == word.lower():
            return word
        if word.isupper() and len(word) > 1:
            return mended.upper()
        if word[0].isupper():
            return mended[0].upper() + mended[1:]
        return mended

    return _WORD.sub(fix, text)
