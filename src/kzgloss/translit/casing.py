"""Turkic-aware upper and lower case for Kazakh Latin text.

The Kazakh Latin alphabet of 2021 keeps the Turkish pairs İ i (и, й) and I ı (і). Python's
``str.upper`` and ``str.lower`` do not: ``"i".upper() == "I"`` and ``"İ".lower()`` is ``"i̇"``
(two code points, ``i`` + U+0307 COMBINING DOT ABOVE). These two functions do the Turkic
mapping for the dotted and dotless i (Unicode SpecialCasing.txt, conditions ``tr``/``az``) and
leave every other character to ``str.upper``/``str.lower``.
"""

from __future__ import annotations

import unicodedata

__all__ = ["kk_upper", "kk_lower"]

_DOT_ABOVE = "\u0307"
_UPPER_I = str.maketrans({"i": "İ", "ı": "I"})
_LOWER_I = str.maketrans({"İ": "i", "I": "ı"})


def kk_upper(s: str) -> str:
    """Upper-case ``s`` with i→İ and ı→I; the result is NFC.

    >>> kk_upper("şyñjañ ūiğyr ıle")
    'ŞYÑJAÑ ŪİĞYR ILE'
    """
    s = unicodedata.normalize("NFC", s)
    # "i̇" (i + U+0307) is what str.lower() makes of İ: read it as the dotted i it stands for.
    s = s.replace("i" + _DOT_ABOVE, "i")
    return unicodedata.normalize("NFC", s.translate(_UPPER_I).upper())


def kk_lower(s: str) -> str:
    """Lower-case ``s`` with İ→i and I→ı; the result is NFC and never gains a U+0307.

    >>> kk_lower("ŞYÑJAÑ ŪİĞYR ILE")
    'şyñjañ ūiğyr ıle'
    """
    s = unicodedata.normalize("NFC", s)
    return unicodedata.normalize("NFC", s.translate(_LOWER_I).lower())
