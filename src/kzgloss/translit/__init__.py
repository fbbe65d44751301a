"""Transliteration between Kazakh/Russian Cyrillic, Kazakh Latin, romanizations and töte.

Every scheme is a data table under ``tables/`` (its header cites the standard) walked by one
engine (:mod:`kzgloss.translit.engine`); :data:`SCHEMES` lists them. Tables are read on first
use and cached, so importing this package does no work.

>>> transliterate("Қазақстан", "kk-latn-2021")
'Qazaqstan'
>>> transliterate("Iasaui", "kk-latn-2021", reverse=True)
'Ясауи'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from kzgloss.errors import UsageError
from kzgloss.translit import engine
from kzgloss.translit.arabic import arabic_to_cyrillic
from kzgloss.translit.candidates import latin_to_cyrillic_candidates
from kzgloss.translit.casing import kk_lower, kk_upper
from kzgloss.translit.schemes import SCHEMES, Scheme, get_scheme

__all__ = [
    "SCHEMES",
    "Scheme",
    "transliterate",
    "latin_to_cyrillic_candidates",
    "arabic_to_cyrillic",
    "kk_upper",
    "kk_lower",
]


def transliterate(
    text: str,
    scheme: str,
    *,
    lang: str = "kk",
    reverse: bool = False,
    lexicon: Mapping[str, str] | None = None,
) -> str:
    """Transliterate Cyrillic ``text`` of language ``lang`` with ``scheme``, or read it back.

    With ``reverse=True`` the text is read back to Cyrillic; ``lexicon`` then maps whole words
    (their Latin form, any case) to the Cyrillic form to write instead, in the case of the
    input word -- the termbase's own spellings for what the rules get wrong (шаһар, Жиһаз).
    Non-letters, and letters the table does not know, are copied unchanged; the result is NFC.
    Raises :class:`~kzgloss.errors.UsageError` for an unknown scheme or language, or a
    direction the scheme does not have.

    >>> transliterate("ЩУКИН Юлия", "icao", lang="ru")
    'SHCHUKIN Iuliia'
    >>> transliterate("Būryñğy ötken zamanda", "kk-latn-2021", reverse=True)
    'Бұрыңғы өткен заманда'
    >>> transliterate("Bağdat şaharynyñ", "kk-latn-2021", reverse=True, lexicon={"şaharynyñ": "шаһарының"})
    'Бағдат шаһарының'
    """
    found = get_scheme(scheme, lang=lang, reverse=reverse)
    if lexicon is not None and not reverse:
        raise UsageError("lexicon is used only when reading back (reverse=True)")
    if found.name == "kk-arab" and reverse:
        return arabic_to_cyrillic(text)
    name = found.table(lang)
    if not reverse:
        return engine.apply(engine.forward_table(name), text)
    table = engine.reverse_table(name)
    words = None
    if lexicon:
        lower = kk_lower if table.source_case == "turkic" else str.lower
        words = {lower(unicodedata.normalize("NFC", key)): value for key, value in lexicon.items()}
    result = engine.apply(table, text, words=words)
    if found.name == "kk-latn-2021" and lang == "kk":
        from kzgloss.translit.loans import mend_text

        result = mend_text(result)
    return result
