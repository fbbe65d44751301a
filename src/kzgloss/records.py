"""Plain records of a termbase, independent of storage and file format.

The glossary files, the database, JSON export and the site all speak these records; each
format module converts to and from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = [
    "LANGS",
    "STATUSES",
    "TERM_TYPES",
    "SourceRecord",
    "HistoryRecord",
    "TermRecord",
    "CitationRecord",
    "ConceptRecord",
    "Glossary",
    "status_on",
]

#: Language tags of terms (BCP 47). "kk" alone is accepted on input and read as kk-Cyrl.
LANGS = ("en", "ru", "kk-Cyrl", "kk-Latn", "kk-Arab")
#: Term statuses, after ISO 12620 / TBX "normativeAuthorization" plus superseded and proposed.
STATUSES = ("preferred", "admitted", "deprecated", "superseded", "forbidden", "proposed")
TERM_TYPES = (
    "full-form", "short-form", "abbreviation", "transliteration", "variant", "former-name",
)
POS = ("noun", "proper-noun", "adjective", "verb", "phrase")
GENDERS = ("m", "f", "n")
NUMBERS = ("singular", "plural")
REGISTERS = ("neutral", "official", "informal", "derogatory", "historical")
LATIN_SCHEMES = ("kk-latn-2021", "kk-latn-2018", "kk-latn-2017", "informal")
ORIGINS = ("attested", "editorial")


# Field order here is the canonical order of keys in the glossary files.


@dataclass(slots=True)
class SourceRecord:
    id: str
    title: str
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    text_file: str | None = None
    note: str | None = None


@dataclass(slots=True)
class HistoryRecord:
    date: dt.date
    status: str
    replaced_by: str | None = None
    note: str | None = None


@dataclass(slots=True)
class TermRecord:
    text: str
    lang: str
    status: str
    type: str | None = None
    pos: str | None = None
    gender: str | None = None
    number: str | None = None
    register: str | None = None
    scheme: str | None = None
    plural: list[str] | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    replaced_by: str | None = None
    origin: str = "editorial"
    note: str | None = None
    history: list[HistoryRecord] = field(default_factory=list)


@dataclass(slots=True)
class CitationRecord:
    source: str
    quote: str
    term: str | None = None
    locator: str | None = None


@dataclass(slots=True)
class ConceptRecord:
    id: str
    subject: str | None = None
    see_also: list[str] = field(default_factory=list)
    definition: dict[str, str] = field(default_factory=dict)
    note: dict[str, str] = field(default_factory=dict)
    terms: list[TermRecord] = field(default_factory=list)
    citations: list[CitationRecord] = field(default_factory=list)


@dataclass(slots=True)
class Glossary:
    concepts: list[ConceptRecord] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)


def status_on(
    *,
    status: str,
    valid_from: dt.date | None,
    valid_until: dt.date | None,
    history: list[tuple[dt.date, str]] | tuple = (),
    on: dt.date,
) -> str | None:
    """The status a term had on the day *on*; ``None`` when it was not yet in use.

    With a history, the last entry dated on or before *on* wins (before the first entry the
    term was not in use, unless that entry retires it: then it was preferred). Without one, a term is not in
    use before ``valid_from``, has its recorded status from ``valid_until`` on, and was
    preferred before ``valid_until``.

    >>> d = dt.date
    >>> status_on(status="superseded", valid_from=d(2019, 3, 23), valid_until=d(2022, 9, 17),
    ...           on=d(2020, 1, 1))
    'preferred'
    >>> status_on(status="superseded", valid_from=None, valid_until=d(2020, 5, 13), on=d(2021, 1, 1))
    'superseded'
    >>> status_on(status="preferred", valid_from=d(2020, 5, 13), valid_until=None, on=d(2019, 1, 1)) is None
    True
    """
    if history:
        current = None
        for date, entry_status in sorted(history, key=lambda h: h[0]):
            if date <= on:
                current = entry_status
        if current is not None:
            return current
        first = min(history, key=lambda h: h[0])[1]
        # A history that opens with the term being retired implies it was in use before.
        return "preferred" if first in ("superseded", "deprecated") else None
    if valid_from is not None and on < valid_from:
        return None
    if valid_until is not None:
        return status if on >= valid_until else "preferred"
    return status
