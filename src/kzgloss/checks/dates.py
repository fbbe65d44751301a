"""Dates in checks: the day (or span of days) a passage is about, and dates named in a sentence.

A date may be partial: ``2019`` stands for the whole year and ``2019-03`` for the month. Such a
:class:`DateRange` is checked leniently: a name counts as current when it was current on *any*
day of the range, so a partial date never produces a finding a full date would not.

>>> parse_date("2019-03")
DateRange(start=datetime.date(2019, 3, 1), end=datetime.date(2019, 3, 31))
>>> [str(r.start.year) for r in dates_in("In March 2019 and again in 2021, the city ...", year=2023)]
['2019', '2021']
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from typing import NamedTuple

__all__ = ["DateRange", "parse_date", "dates_in", "has_historical_marker", "current_during"]


class DateRange(NamedTuple):
    start: dt.date
    end: dt.date

    @classmethod
    def day(cls, day: dt.date) -> DateRange:
        return cls(day, day)

    def __str__(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31):
            return str(self.start.year) if self.start.year == self.end.year else \
                f"{self.start.year}–{self.end.year}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


_DATE_VALUE = re.compile(r"^\s*[\"']?(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.+\-Z]*)?[\"']?\s*$")


def _month_range(year: int, month: int) -> DateRange:
    return DateRange(dt.date(year, month, 1),
                     dt.date(year, month, calendar.monthrange(year, month)[1]))


def parse_date(value: str) -> DateRange | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (an ISO time after it is ignored); else ``None``.

    >>> parse_date("2023-09-20T10:00:00Z")
    DateRange(start=datetime.date(2023, 9, 20), end=datetime.date(2023, 9, 20))
    >>> parse_date("next week") is None
    True
    """
    match = _DATE_VALUE.match(value)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return DateRange(dt.date(year, 1, 1), dt.date(year, 12, 31))
        if day is None:
            return _month_range(year, month)
        return DateRange.day(dt.date(year, month, day))
    except ValueError:
        return None


# Month names: English capitalised (so "may" and "march" the words do not count); Russian and
# Kazakh by stem, because they decline (марта, наурызда); қазан ("October", also "cauldron"
# and the city Kazan) only next to a number.
_MONTH_NAMES = (
    ("January", "Jan.", "январ", "қаңтар"),
    ("February", "Feb.", "феврал", "ақпан"),
    ("March", "Mar.", "март", "наурыз"),
    ("April", "Apr.", "апрел", "сәуір"),
    ("May", "мая", "мае", "май", "мамыр"),
    ("June", "июн", "маусым"),
    ("July", "июл", "шілде"),
    ("August", "Aug.", "август", "тамыз"),
    ("September", "Sept.", "Sep.", "сентябр", "қыркүйек"),
    ("October", "Oct.", "октябр"),
    ("November", "Nov.", "ноябр", "қараша"),
    ("December", "Dec.", "декабр", "желтоқсан"),
)
_MONTHS = {name.lower(): number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_EN_MONTHS = "|".join(re.escape(n) for names in _MONTH_NAMES for n in names if n[0].isascii())
_OTHER_MONTHS = "|".join(n for names in _MONTH_NAMES for n in names if not n[0].isascii())
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# "March 4, 2019", "4 March 2019", "4 марта 2019", "2019 жылғы 4 наурыз", "March 2019", "2019",
# "1990s", "2010-х"; a month alone ("in February", "last June") takes the passage's year.
_DATE_MENTION = re.compile(
    rf"(?<![\w-])(?:(?P<decade>(?:1[89]|20)\d0)(?:s|-?х|-?ых|-?шы)"
    rf"|(?P<year>{_YEAR})(?![\d-])"
    rf"|(?P<en>(?:{_EN_MONTHS}))(?!\w)"
    rf"|(?i:(?P<other>(?:{_OTHER_MONTHS})\w*|(?<=\d )қазан\w*|қазан(?= \d))))"
)


def _month_number(word: str) -> int | None:
    word = word.lower()
    if word in ("май", "мая", "мае"):
        return 5
    for name, number in _MONTHS.items():
        if word.startswith(name) and name not in ("май", "мая", "мае"):
            return number
    return 10 if word.startswith("қазан") else None


def dates_in(sentence: str, *, year: int | None, month: int = 12) -> list[DateRange]:
    """The years, months and decades a sentence names, as ranges.

    A month without a year is the last such month up to the passage's date (``year`` and
    ``month``): "in February" of a May 2020 story is February 2020, "last September" is
    September 2019. A month and a year in the same sentence combine ("March 2019").
    ``year=None`` ignores bare months.

    >>> dates_in("в Астане 4 марта 2019 года", year=2020)
    [DateRange(start=datetime.date(2019, 3, 1), end=datetime.date(2019, 3, 31))]
    >>> dates_in("held in Astana last June", year=2018, month=1)
    [DateRange(start=datetime.date(2017, 6, 1), end=datetime.date(2017, 6, 30))]
    >>> dates_in("in the 1990s you may march", year=None)
    [DateRange(start=datetime.date(1990, 1, 1), end=datetime.date(1999, 12, 31))]
    """
    years: list[int] = []
    months: list[int] = []
    out: list[DateRange] = []
    for m in _DATE_MENTION.finditer(sentence):
        if m.group("decade"):
            start = int(m.group("decade"))
            out.append(DateRange(dt.date(start, 1, 1), dt.date(start + 9, 12, 31)))
        elif m.group("year"):
            years.append(int(m.group("year")))
        else:
            number = _month_number(m.group(0))
            if number is not None:
                months.append(number)
    if years and months:
        out.extend(_month_range(years[0], month) for month in months)
        out.extend(DateRange(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years[1:])
    else:
        out.extend(DateRange(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years)
        if year is not None:
            out.extend(_month_range(year if m <= month else year - 1, m) for m in months)
    return out


def current_during(status_at: Callable[[dt.date], str | None], when: DateRange,
                   changes: list[dt.date]) -> bool:
    """Whether a term was in use (preferred or admitted) on some day of ``when``.

    ``status_at(day)`` gives the term's status on a day; ``changes`` are the days its status
    changes, so only the range's ends and the changes inside it need asking.
    """
    days = {when.start, when.end, *(d for d in changes if when.start <= d <= when.end)}
    return any(status_at(day) in ("preferred", "admitted") for day in days)


# Phrases marking a reference as historical, looked for near the term in the same sentence.
_HISTORICAL = re.compile(
    r"then[- ](?:called|known|named|capital|city)|was then|at the time|as it was (?:then )?called"
    r"|formerly|former(?:ly)? (?:name|capital)|renamed|now (?:called|known|named)|\(now\b|, now\b"
    r"|old name|(?:until|before) (?:it was|its) renam|previously (?:called|known|named)|back then"
    r"|at that time"
    r"|тогда(?:шн\w*)?|в то время|прежн\w+ назван|бывш\w*|ныне|переименова\w*|называ\w+ тогда"
    r"|(?:ранее|прежде|раньше)(?: \w+)? (?:называ|именова)\w*"
    r"|сол кез\w*|ол кезде|бұрынғы|бұрын\b|қазіргі|деп аталған|деп аталатын|атауы өзгер\w*",
)  # matched against lower-cased text: IGNORECASE makes ``re`` ~3x slower here


_HISTORICAL_ANCHORS = (
    "then", "time", "as it was", "former", "renam", "now", "old name", "previously", "тогда",
    "в то время", "прежн", "бывш", "ныне", "переименова", "называ", "именова", "сол кез",
    "ол кезде", "бұрын", "қазіргі", "деп атал", "атауы өзгер")


def has_historical_marker(sentence: str, start: int, end: int, *, window: int = 60,
                          bounds: tuple[int, int] | None = None) -> bool:
    """Whether a "then called", "formerly", "тогдашний", "бұрынғы" ... phrase is near the term
    ``sentence[start:end]``. With ``bounds``, ``sentence`` is a longer text already in lower
    case (the same length) and ``bounds`` the sentence's offsets in it: nothing is copied.

    >>> s = "He was held in Astana, as the capital was then called, for a week."
    >>> has_historical_marker(s, s.index("Astana"), s.index("Astana") + 6)
    True
    """
    if bounds is None:
        lo, hi = max(0, start - window), min(len(sentence), end + window)
        text = lower_same_length(sentence[lo:hi])
    else:
        lo, hi = max(bounds[0], start - window), min(bounds[1], end + window)
        text = sentence[lo:hi]
    # Every marker contains one of these words: most windows have none, and twenty-odd
    # substring tests cost a fraction of the regular expression tried at every position.
    for anchor in _HISTORICAL_ANCHORS:
        if anchor in text:
            return _HISTORICAL.search(text) is not None
    return False


def lower_same_length(text: str) -> str:
    """Lower case, the same length (Turkish dotted İ would otherwise become two characters)."""
    return text.replace("İ", "i").lower() if "İ" in text else text.lower()


_SENTENCE_END = re.compile(r"[.!?…]+[»”\"’')\]]*\s+(?=[\"«“„‘(\[]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])|\n\s*\n")


def sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Where each sentence of ``text[start:end]`` ends (offsets in ``text``), the last one
    at ``end``: after ., !, ? or … (and any closing quote or bracket) and white space before a
    capital or digit, or at a blank line. Abbreviations are not told apart.

    >>> sentence_ends("x. Ab. Cd", 3, 9)
    [7, 9]
    """
    return [*(m.end() for m in _SENTENCE_END.finditer(text, start, end)), end]
