"""Kazakh Arabic script (töte) read back to Cyrillic.

The letters ا و ۇ ى each stand for a back and a front vowel (а/ә, о/ө, ұ/ү, ы/і). A word is
front when it carries the hamza (U+0674, or U+0621 as Kazakh websites write it) or shows
frontness by ە, ك or گ (Baitursynov's rule, see ``tables/kk-arab.toml``) -- unless it also has
ق or ع: қ and ғ are back letters (the same rule omits the hamza for them), so such a word is a
mixed loan read as back (ەكونوميكالىق -> економикалық). Every other word is read as back.
Loans and names without қ/ғ still come out wrong (رەسپۋبليكاسى -> республикәсі; бірақ, which
has no sign at all, reads as бырақ).
"""

from __future__ import annotations

import unicodedata

from kzgloss.translit import engine

__all__ = ["arabic_to_cyrillic"]

TABLE = "kk-arab.toml"
HAMZA = "\u0674"
_FRONT_SIGNS = frozenset("\u06d5\u0643\u06af")  # ە, ك, گ
_BACK_SIGNS = frozenset("\u0642\u0639")  # ق (қ), ع (ғ)
_TO_FRONT = str.maketrans("аоұыАОҰЫ", "әөүіӘӨҮІ")


def _is_letter(c: str) -> bool:
    return c.isalpha() or c == HAMZA


def arabic_to_cyrillic(text: str) -> str:
    """Read Kazakh töte text as Kazakh Cyrillic, word by word.

    >>> arabic_to_cyrillic("ىلە قازاق اۆتونوميالىق وبلىسى")
    'іле қазақ автономиялық облысы'
    >>> arabic_to_cyrillic("ءۇيى، ءماتىن؟")
    'үйі, мәтін?'
    """
    table = engine.reverse_table(TABLE)
    folded = "".join(table.fold.get(c, c) for c in unicodedata.normalize("NFC", text))
    out: list[str] = []
    i = 0
    while i < len(folded):
        k = i
        while k < len(folded) and _is_letter(folded[k]) == _is_letter(folded[i]):
            k += 1
        chunk = folded[i:k]
        if _is_letter(chunk[0]):
            front = HAMZA in chunk or (
                any(c in _FRONT_SIGNS for c in chunk) and not any(c in _BACK_SIGNS for c in chunk)
            )
            cyrillic = engine.apply(table, chunk.replace(HAMZA, ""))
            out.append(cyrillic.translate(_TO_FRONT) if front else cyrillic)
        else:
            out.append(engine.apply(table, chunk))
        i = k
    return "".join(out)
