"""Alphabetical order and initial letters for the A–Z pages, one alphabet per language and script.

Python sorts by code point, which puts Russian ё after я and Kazakh ә after я; a printed
dictionary does not. The alphabets below are the orders of the published alphabets; letters
outside them sort after, by code point, and their words file under "other".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from kzgloss.translit import kk_lower, kk_upper

__all__ = ["Alphabet", "ALPHABETS", "sort_key", "initial"]


@dataclass(frozen=True, slots=True)
class Alphabet:
    """The lower-case letters of one language and script, in order, and how to case them."""

    tag: str
    letters: str
    turkic: bool = False
    #: Letters filed under another letter's heading (Russian dictionaries file ё under е).
    file_under: tuple[tuple[str, str], ...] = ()

    def lower(self, text: str) -> str:
        return kk_lower(text) if self.turkic else unicodedata.normalize("NFC", text).lower()

    def upper(self, text: str) -> str:
        return kk_upper(text) if self.turkic else text.upper()


ALPHABETS: dict[str, Alphabet] = {
    "en": Alphabet("en", "abcdefghijklmnopqrstuvwxyz"),
    # The 33 letters of the Russian alphabet (ГОСТ 7.79-2000 table order).
    "ru": Alphabet("ru", "абвгдеёжзийклмнопрстуфхцчшщъыьэюя", file_under=(("ё", "е"),)),
    # The 42 letters of Kazakh Cyrillic in the order of the 1940 alphabet as taught today
    # (Kazakh letters after their Russian neighbours; і after ы).
    "kk-Cyrl": Alphabet("kk-Cyrl", "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"),
    # The 31 letters of the 2021 Latin alphabet (see translit/tables/kk-latn-2021.toml).
    "kk-Latn": Alphabet("kk-Latn", "aäbdefgğhıijklmnñoöpqrsştuūüvyz", turkic=True),
}

_OTHER = 1000  # above every alphabet's ranks: unknown letters sort after the alphabet


def _letters(text: str, alphabet: Alphabet) -> str:
    return "".join(ch for ch in alphabet.lower(text) if ch.isalnum())


def _base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0]


def sort_key(text: str, alphabet: Alphabet) -> tuple[tuple[int, ...], str]:
    """Dictionary order: letter by letter in the alphabet's order, spaces and hyphens ignored.

    >>> ru = ALPHABETS["ru"]
    >>> sorted(["ёлка", "ель", "яблоко", "жук"], key=lambda w: sort_key(w, ru))
    ['ель', 'ёлка', 'жук', 'яблоко']
    >>> kk = ALPHABETS["kk-Cyrl"]
    >>> sorted(["қала", "кітап", "әке", "бала"], key=lambda w: sort_key(w, kk))
    ['әке', 'бала', 'кітап', 'қала']
    """
    ranks = []
    for ch in _letters(text, alphabet):
        index = alphabet.letters.find(ch)
        ranks.append(index if index >= 0 else _OTHER + ord(ch))
    return tuple(ranks), text


def initial(text: str, alphabet: Alphabet) -> str:
    """The heading a word files under: its first letter in capitals, or ``""`` for "other".

    Letters with a diacritic the alphabet lacks file under their base letter (é under E).

    >>> initial("ёлка", ALPHABETS["ru"]), initial("ikemet", ALPHABETS["kk-Latn"])
    ('Е', 'İ')
    >>> initial("Émigré", ALPHABETS["en"]), initial("1990s", ALPHABETS["en"])
    ('E', '')
    """
    letters = _letters(text, alphabet)
    if not letters:
        return ""
    first = dict(alphabet.file_under).get(letters[0], letters[0])
    if first not in alphabet.letters:
        first = _base(first)
        if first not in alphabet.letters:
            return ""
    return alphabet.upper(first)
