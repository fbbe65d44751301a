"""Term checks on prose: what a found term means at its place in the text.

A :class:`TermHit` is one term found by the :class:`~kzgloss.checks.matcher.Matcher`, read in
context: the language of its paragraph, the date the passage is about, whether it stands in a
quotation or is mentioned as a word, and whether its sentence marks it as historical. The rule
functions below (KZ101–KZ104) look at a hit and yield at most one :class:`Finding` between
them; :func:`mixed_script` (KZ105) looks at the text itself.

The rules, as a style editor would apply them:

* **Dates.** A term is judged on the date its passage is about: a ``<!-- kzgloss: date=... -->``
  comment, else the document's date (front matter, HTML meta), else ``--date``, else today. A
  name that was not in use then is a finding (KZ103) unless its sentence names a year or month
  in which it was in use ("in March 2019 ... Astana"), or calls it historical near the term
  ("as the capital was then called", "then-", "formerly", "тогда", "бұрынғы" ...). A
  superseded term (KZ101) follows the date of writing, not the year its sentence names: only
  a marker or a passage date excuses it. Partial dates count leniently: "2019" means "on some
  day of 2019".
* **Quotation.** Inside “…” «…» „…“ "…" ‘…’ '…', after "the term"/"the word"/"so-called"/
  "called"/"называли", before Kazakh «термині», «деген», the quotative «деп», a verb of calling
  ("их больше не называют") or a gloss ("oralman [term for ...]", "(literally ...)"), a term is
  quoted or mentioned, not used: its finding is capped at ``info`` (``--quotes report`` keeps
  the severity, ``--quotes ignore`` drops it). A spelling variant after "called" is still the
  writer's spelling; a forbidden term in a catalog is excused only by quotation marks.
* **Look-alikes.** A term written with a capital (a name) matches only a word with a capital
  (Атажұрт the group, not атажұрт "homeland"); a place name right after a capitalised given name
  ("Dinmukhamed Konaev"; pymorphy3 tells "столице Казахстана Нур-Султане" apart), before another
  capitalised word in English ("Astana Times"), or after a team or company word ("FC Astana")
  is part of another name; a Russian or Kazakh common noun capitalised inside a sentence or
  before a surname is a person ("Оралман Ахметова"); Kazakh stems match only with a valid
  suffix chain (оралған is not оралман), in Cyrillic or any Kazakh Latin alphabet.
"""

from __future__ import annotations

import bisect
from itertools import accumulate
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from kzgloss.checks.dates import DateRange, current_during, dates_in, has_historical_marker, \
    sentence_ends
from kzgloss.checks.documents import Document
from kzgloss.checks.findings import Finding, Severity
from kzgloss.checks.inflect import inflect_like
from kzgloss.checks.matcher import Hit, Matcher, TermRef, fold_text, is_flaggable
from kzgloss.records import ConceptRecord, TermRecord, status_on
from kzgloss.text import fix_homoglyphs, script_of

__all__ = [
    "CheckOptions", "TermHit", "DocumentScan", "superseded_term", "forbidden_term",
    "name_not_current", "spelling_variant", "mixed_script", "term_hits",
]

QUOTE_MODES = ("report", "info", "ignore")


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What a run of the checks is told from outside the files."""

    lang: str | None = None            # en | ru | kk | kk-Cyrl | kk-Latn | kk-Arab
    date: DateRange | None = None      # --date: for documents that give none
    quotes: str = "info"               # report | info | ignore
    today: dt.date = field(default_factory=dt.date.today)


# --- reading a term in context -----------------------------------------------------------

_KK_LETTERS = re.compile(r"[әғқңөұүһі]")
# One match per word that has a Kazakh letter: from its first one to the word's end (a
# leading ``\w*`` would make ``re`` backtrack at every character).
_KK_LETTER_WORD = re.compile(r"[әғқңөұүһі]\w*")
_CYR_WORD = re.compile(r"[а-яёәғқңөұүһі]+")
_LAT_WORD = re.compile(r"[a-zäöüūışğñ]+")
_KK_CYR_WORDS = frozenset("және мен деп бұл үшін туралы бойынша жылы болды еді осы сол оның бар жоқ "
                          "деген да де ма ме ол біз олар".split())
_RU_WORDS = frozenset("и в на не что по с для как это из о к от за он она они был была были также "
                      "который которые при так".split())
_KK_LAT_WORDS = frozenset("jäne men dep bul üşın turaly boiynşa jyly boldy edı osy sol onyñ bar joq "
                          "degen".split())
_KK_LAT_LETTER_WORD = re.compile(r"[äöüūışğñ]\w*")
_EN_WORDS = frozenset("the of and to in is was for that on with as by are were from has have".split())


def detect_lang(text: str, script: str) -> str:
    """``ru`` or ``kk-Cyrl`` for Cyrillic, ``en`` or ``kk-Latn`` for Latin text.

    >>> detect_lang("Оралмандар туралы заң қабылданды.", "Cyrl"), detect_lang("Закон об оралманах.", "Cyrl")
    ('kk-Cyrl', 'ru')
    """
    return _detect_lang(fold_text(text), 0, len(text), script)


def _detect_lang(folded: str, start: int, end: int, script: str) -> str:
    """:func:`detect_lang` of ``folded[start:end]``, already folded (no copy is made)."""
    # Only the function words the text has are counted (list.count runs in C).
    if script == "Cyrl":
        words = _CYR_WORD.findall(folded, start, end)
        present = set(words)
        kk = len(_KK_LETTER_WORD.findall(folded, start, end)) + \
            2 * sum(map(words.count, present & _KK_CYR_WORDS))
        ru = 2 * sum(map(words.count, present & _RU_WORDS))
        return "kk-Cyrl" if kk > ru or (words and kk >= 0.15 * len(words) and kk >= ru) else "ru"
    if script == "Latn":
        words = _LAT_WORD.findall(folded, start, end)
        present = set(words)
        kk = len(_KK_LAT_LETTER_WORD.findall(folded, start, end)) + \
            2 * sum(map(words.count, present & _KK_LAT_WORDS))
        en = 2 * sum(map(words.count, present & _EN_WORDS))
        return "kk-Latn" if kk > en else "en"
    return "kk-Arab" if script == "Arab" else "en"


def _lang_for_script(lang: str | None, script: str) -> str | None:
    if not lang:
        return None
    lang = {"kk-cyrl": "kk-Cyrl", "kk-latn": "kk-Latn", "kk-arab": "kk-Arab"}.get(lang.lower(), lang)
    if lang.startswith("kk"):
        return {"Cyrl": "kk-Cyrl", "Latn": "kk-Latn", "Arab": "kk-Arab"}.get(script, lang)
    if lang == "ru" and script == "Cyrl" or lang == "en" and script == "Latn":
        return lang
    return None


_OPEN_CLOSE = {"«": "»", "„": "“”", "“": "”", "‘": "’", '"': '"', "'": "'"}
# Quotation marks, but not an apostrophe between two letters or digits (Kazakhstan’s, don't):
# the regular expression skips those in C, and they are most of the "’" in English text. (It
# starts with one character class, so ``re`` skips to the next mark; an alternation with a
# lookbehind first is ~7x slower.)
_QUOTE_CHARS = re.compile("[«»„“”‘’\"'](?!(?<=[^\\W_]['’])[^\\W_])")


def quote_spans(par: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each quotation in a paragraph (marks included); unclosed ones run
    to the end of their line. Apostrophes inside words (Kazakhstan’s, don't) are not quotes.

    >>> p = 'He said "the term \\'Oralman\\' is gone" and Atajurt’s «друг „Х“».'
    >>> [p[s:e] for s, e in quote_spans(p)]
    ['"the term \\'Oralman\\' is gone"', "'Oralman'", '«друг „Х“»', '„Х“']
    """
    if _QUOTE_CHARS.search(par) is None:
        return []
    stack: list[tuple[str, int]] = []  # (the marks that close it, offset)
    spans: list[tuple[int, int]] = []
    n = len(par)
    for m in _QUOTE_CHARS.finditer(par):
        ch, i = m.group(), m.start()
        before = par[i - 1] if i else " "
        after = par[i + 1] if i + 1 < n else " "
        if stack and not before.isspace() and not after.isalnum():  # it can close one
            k = len(stack) - 1
            while k >= 0 and ch not in stack[k][0]:
                k -= 1
            if k >= 0:
                spans.append((stack[k][1], i + 1))
                del stack[k:]
                continue
        if ch in _OPEN_CLOSE and (ch in "«„" or not after.isspace() and not before.isalnum()):
            stack.append((_OPEN_CLOSE[ch], i))
    # An unclosed quotation runs to the end of its line, not of the paragraph: text taken
    # from web pages often has one paragraph per line and no blank lines, and one mis-nested
    # "…"…"…" must not turn everything after it into quotation.
    for _, start in stack:
        end = par.find("\n", start)
        spans.append((start, n if end < 0 else end))
    return sorted(spans)


# Before a term: words that make it a word being talked about ("the term", "spelled"), and
# words that introduce it as a name ("called", "so-called"). Both make a deprecated *term* a
# mention; only the first makes a spelling variant one ("a group called Ata-Jurt" is the
# writer's own spelling of the name).
_WORD_MARKERS = frozenset(
    f"{w}{s}" for w in "term word name label expression title spelling transliteration".split()
    for s in ("", "s")) | {"spelled", "spelt"}
_WORD_PREFIXES = ("термин", "слово", "слова", "названи", "написани", "сөзі")
_NAMING_MARKERS = frozenset({"called", "so-called", "dubbed", "т.н.", "зовут", "звали"})
_NAMING_PREFIXES = ("называ", "именова")  # так называемый, называли, именовали
_QUOTE_OPENERS = "\"«“„‘'"


def _mention_before(window: str) -> str | None:
    """``"word"``, ``"naming"`` or ``None``: what the last word of ``window`` (the folded
    text before a term), after at most one ":" or "," and one opening quote, makes of it."""
    text = window.rstrip()
    if text[-1:] and text[-1] in _QUOTE_OPENERS:
        text = text[:-1].rstrip()
    if text[-1:] in (":", ","):
        text = text[:-1].rstrip()
    words = text.rsplit(None, 2)[-2:]
    if not words:
        return None
    last = words[-1].lstrip("([{" + _QUOTE_OPENERS)
    if last in _WORD_MARKERS or last.startswith(_WORD_PREFIXES):
        return "word"
    if last in _NAMING_MARKERS or last.startswith(_NAMING_PREFIXES) or \
            len(words) == 2 and (words[0], last) in (("known", "as"), ("т.", "н.")):
        return "naming"
    return None


# After a term: "... термині", "... деген", or a gloss, as translated news explains a word:
# any [square-bracket] insertion (the mark of an editor's words inside reproduced text:
# "oralman [ethnic Kazakhs that have returned ...]"), or a (round) one that says so:
# "kandas (literally 'kin')".
_MENTION_AFTER = re.compile(
    r"\s*[\"»”“’']?\s*(?:термин\w*|сөз\w*|деген\b|деп\b|атау\w*|\[\s*[^\W\d_]"
    r"|(?:[^\W\d_]+\s+){0,3}(?:не\s+)?(?:называ|именова|зовут|звали)\w*"
    r"|\(\s*(?:(?:a|the)\s+)?(?:term|word|name)\b|\(\s*(?:literally|lit\.|meaning)\b"
    r"|\(\s*(?:kazakh|russian|chinese|uyghur|uighur)\s+(?:for|word)\b"
    r"|\(\s*(?:букв\w*|т\.\s?е\.|термин\w*|сөзбе-сөз))")  # .match
_STREET = re.compile(r"(?:улиц\w*|ул\.|проспект\w*|пр\.|имени|им\.|street|avenue|st\.|ave\.)\s*$",
                     re.IGNORECASE)
_STREET_AFTER = re.compile(r"^\s*(?:көшесі\w*|даңғылы\w*|атындағы|street|avenue)", re.IGNORECASE)
# A place's name as the name of a team, club or company ("the team Astana", "FC Astana",
# "клуб «Астана»", "Astana cycling team", "«Астана» клубы").
_ORG_BEFORE = re.compile(
    r"(?:\bteam|\bclub|\bfc|\bcompany|\bfirm|\bbank|\bairlines?|\bhotel|\bbrand|\bкоманд\w*"
    r"|\bклуб\w*|\bфк|\bкомпани\w*|\bбанк\w*|\bотел\w*|\bбренд\w*)\s*[\"«“„]?\s*$", re.IGNORECASE)
_ORG_AFTER = re.compile(
    r"^\s*[\"»”“]?\s*(?:(?:cycling|football|pro|hockey)\s+)?(?:team|club|fc|командасы|клубы)\b",
    re.IGNORECASE)


_PARAGRAPH_BREAK = re.compile(r"(\n[ \t\r]*\n|\u2029)")
# These two start with a literal, so ``re`` skips from one "\n" to the next.
_ODD_BREAK = re.compile(r"\n[ \t\r]+\n")
_BLANK_LINE = re.compile(r"(\n[ \t\r]*\n)")
_PLAIN_BREAK = re.compile("\n\n")


def paragraph_starts(text: str) -> list[int]:
    """The offset where each paragraph starts: after a blank line or U+2029.

    >>> paragraph_starts("a\\n\\nb\\n \\n\\nc")
    [0, 3, 7]
    """
    if "\u2029" in text:
        # Paragraphs and breaks alternate in the split; their lengths add up in C.
        return [0, *list(accumulate(map(len, _PARAGRAPH_BREAK.split(text))))[1::2]]
    if _ODD_BREAK.search(text) is None:
        # Blank lines are plain "\n\n": re skips from one to the next (non-overlapping, left
        # to right, as str.split cuts), without copying the paragraphs.
        return [0, *[m.end() for m in _PLAIN_BREAK.finditer(text)]]
    # No alternation: re skips to each "\n" (the one with U+2029 tries every character).
    return [0, *list(accumulate(map(len, _BLANK_LINE.split(text))))[1::2]]


class DocumentScan:
    """A document being checked, with the per-paragraph facts worked out on first need."""

    def __init__(self, doc: Document, matcher: Matcher, options: CheckOptions) -> None:
        self.doc = doc
        self.matcher = matcher
        self.options = options
        self.folded = fold_text(doc.text)
        self._paragraphs: list[int] | None = None
        self._langs: dict[tuple[int, str], str] = {}
        self._quotes: dict[int, list[tuple[int, int]]] = {}
        self._sentences: dict[int, list[int]] = {}  # paragraph -> sentence ends
        # Hits come in text order: the paragraph and sentence of the last one are asked again.
        self._last_paragraph = (0, 0)
        self._last_sentence = (0, 0)
        if len(matcher.memo) > 200_000:
            matcher.memo.clear()
        self.default_date = doc.date or options.date or DateRange.day(options.today)

    def paragraph(self, offset: int) -> tuple[int, int]:
        last = self._last_paragraph
        if last[0] <= offset < last[1]:
            return last
        if self._paragraphs is None:
            self._paragraphs = paragraph_starts(self.doc.text)
        i = bisect.bisect_right(self._paragraphs, offset) - 1
        start = self._paragraphs[i]
        end = self._paragraphs[i + 1] if i + 1 < len(self._paragraphs) else len(self.doc.text)
        self._last_paragraph = (start, end)
        return start, end

    def lang_at(self, offset: int, script: str) -> str:
        lang = _lang_for_script(self.options.lang, script) or _lang_for_script(self.doc.lang, script)
        if lang:
            return lang
        start, end = self.paragraph(offset)
        key = (start, script)
        lang = self._langs.get(key)
        if lang is None:
            lang = self._langs[key] = _detect_lang(self.folded, start, end, script)
        return lang

    def quoted(self, start: int, end: int) -> bool:
        p_start, p_end = self.paragraph(start)
        if _QUOTE_CHARS.search(self.doc.text, p_start, start) is None:
            return False  # every quotation that holds the term opens before it
        if p_start not in self._quotes:
            self._quotes[p_start] = quote_spans(self.doc.text[p_start:p_end])
        return any(s <= start - p_start and end - p_start <= e for s, e in self._quotes[p_start])

    def sentence(self, start: int) -> tuple[int, int]:
        last = self._last_sentence
        if last[0] <= start < last[1]:
            return last
        p_start, p_end = self.paragraph(start)
        ends = self._sentences.get(p_start)
        if ends is None:
            ends = self._sentences[p_start] = sentence_ends(self.doc.text, p_start, p_end)
        i = bisect.bisect_right(ends, start)
        found = (ends[i - 1] if i else p_start), (ends[i] if i < len(ends) else p_end)
        self._last_sentence = found
        return found


@dataclass(slots=True)
class TermHit:
    """One found term in context; what the KZ1xx rules look at."""

    scan: DocumentScan
    start: int
    end: int
    found: str
    concept: ConceptRecord
    term: TermRecord
    lang: str
    date: DateRange
    current: bool

    @property
    def text(self) -> str:
        return self.scan.doc.text

    def sentence(self) -> tuple[int, int]:
        return self.scan.sentence(self.start)

    @property
    def quoted(self) -> bool:
        return self.scan.quoted(self.start, self.end)

    @property
    def mentioned(self) -> bool:
        """The term is talked about or introduced as a name, not used."""
        return self.mention is not None

    @property
    def mention(self) -> str | None:
        """``"word"`` when the term is talked about as a word ("the term oralman", "oralman
        [term for ...]", "also spelled Ata-Jurt"), ``"naming"`` when it is introduced as a
        name ("a group called Ata-Jurt", "so-called"), else ``None``."""
        # On the folded (lower-case, same length) text, in place; the words that make a term
        # a mention are short: 40 characters either side hold them. Bounded by the paragraph,
        # not the sentence: a sentence end (. ! ? …) between them and the term already fails
        # both patterns, so the sentence need not be worked out.
        s, e = self.scan.paragraph(self.start)
        folded = self.scan.folded
        if _MENTION_AFTER.match(folded, self.end, min(e, self.end + 40)):
            return "word"
        return _mention_before(folded[max(s, self.start - 40):self.start])

    @property
    def historical(self) -> bool:
        """The sentence names a time when the term was in use, or calls the reference historical."""
        is_name = _dated(self.term) and category(self.term) == "name"
        folded = self.scan.folded
        if not is_name and not has_historical_marker(folded, self.start, self.end,
                                                     bounds=self.scan.paragraph(self.start)):
            # No marker near it in the paragraph, so none in its sentence: a term (not a
            # name) is then not historical, and the sentence need not be worked out.
            return False
        s, e = self.sentence()
        if has_historical_marker(folded, self.start, self.end, bounds=(s, e)):
            return True
        if not is_name:
            # Names follow the date of the event, terms the date of writing: "in 2019
            # thousands of oralmans arrived" is the writer's own voice today, while "in 2021
            # he moved to Nur-Sultan" is right. A "then called" marker, a quotation or a
            # passage date comment excuse a term.
            return False
        memo = self.scan.matcher.memo
        for when in dates_in(self.text[s:e], year=self.date.end.year, month=self.date.end.month):
            key = ("current", id(self.term), when)
            current = memo.get(key)
            if current is None:
                current = memo[key] = _current_during(self.term, when)
            if current:
                return True
        return False

    @property
    def part_of_other_name(self) -> bool:
        """A given name before the term, a street word, or (English) a capitalised word after it."""
        s, e = self.sentence()
        # The words that matter stand right before and after the term: the patterns (anchored
        # at the end of ``before``) are run on its last 60 characters only.
        lead = max(s, self.start - 60)
        before, after = self.text[lead:self.start], self.text[self.end:min(e, self.end + 60)]
        if _STREET.search(before) or _STREET_AFTER.match(after):
            return True
        if _ORG_BEFORE.search(before[-30:]) or _ORG_AFTER.match(after):
            return True
        prev = _PREV_WORD.search(before)
        if prev and prev.group(1)[0].isupper():
            kind = _name_kind(prev.group(1))
            # A given name makes the term a surname ("Динмухамед Конаев"), wherever it stands;
            # another capitalised word does so unless it only starts the sentence.
            if kind == "given" or kind is None and \
                    self.text[s:lead + prev.start()].strip(" \"«“„‘'(—–-"):
                return True
        if script_of(self.found) == "Latn":
            nxt = _NEXT_WORD.match(after)
            if nxt and nxt.group(1)[0].isupper() and not self._title_case(nxt.end()):
                return True
        return False

    @property
    def used_as_name(self) -> bool:
        """A common noun written as (part of) a proper name: a person called Оралман
        ("Оралман Ахметова", "улица Оралмана Ахметова"), not the word оралман."""
        found, term = self.found, self.term
        if not (found[:1].isupper() and term.text[:1].islower()) or found.isupper() or self.mentioned:
            return False
        s, e = self.sentence()
        before, after = self.text[s:self.start], self.text[self.end:e]
        if _STREET.search(before) or _STREET_AFTER.match(after):
            return True
        line_start = self.text.rfind("\n", s, self.start) + 1
        lead = self.text[max(s, line_start):self.start].rstrip()
        at_start = not lead or _ALNUM.search(lead) is None or lead[-1] in ":«\"“„(—–-'‘"
        if not at_start and script_of(found) == "Cyrl":
            return True  # Russian and Kazakh write common nouns in lower case
        nxt = _NEXT_WORD.match(after)
        return bool(nxt and nxt.group(1)[0].isupper() and not nxt.group(1).isupper()
                    and fold_text(found) == fold_text(term.text) and not self._title_case(nxt.end()))

    def _title_case(self, after_next: int) -> bool:
        """Whether the sentence's other words are mostly capitalised (a headline)."""
        s, e = self.sentence()
        words = _LONG_WORD.findall(self.text[s:self.start]) + \
            _LONG_WORD.findall(self.text[self.end + after_next:e])
        return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w’'-]*)")
_PREV_WORD = re.compile(r"([^\W\d_][\w’'.-]*)\s+$")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_ALNUM = re.compile(r"[^\W_]")


_KK_GENITIVE = re.compile(r"(?:ның|нің|дың|дің|тың|тің)$")


def _name_kind(word: str) -> str | None:
    """What a capitalised word before a place's name is, where that can be told: ``"place"``
    for a Kazakh genitive ("Қазақстанның Нұр-Сұлтан қаласы") or a word pymorphy3 knows as a
    geographical name ("в столице Казахстана Нур-Султане"), ``"given"`` for a Russian given
    name it knows ("Динмухамед Конаев"), else ``None`` ("Dinmukhamed")."""
    lower = word.lower()
    if _KK_GENITIVE.search(lower):
        return "place"
    if not ("а" <= lower[:1] <= "я" or lower[:1] == "ё") or _KK_LETTERS.search(lower):
        return None  # pymorphy3 knows Russian only
    from kzgloss.morphology import _morph  # the one shared pymorphy3 instance

    parses = _morph().parse(lower)
    if any("Geox" in p.tag and p.is_known for p in parses):
        return "place"
    # A given name it knows, or guesses with confidence (Kazakh names are mostly guesses:
    # "Динмухамед" 1.0, "Бауыржан" 0.62; the pronoun "олар" only 0.26).
    best = max(parses, key=lambda p: p.score, default=None)
    return "given" if best is not None and "Name" in best.tag and best.score >= 0.5 else None


def _dated(term: TermRecord) -> bool:
    return bool(term.valid_from or term.valid_until or term.history)


def _status_at(term: TermRecord, day: dt.date) -> str | None:
    return status_on(status=term.status, valid_from=term.valid_from, valid_until=term.valid_until,
                     history=[(h.date, h.status) for h in term.history], on=day)


def _current_during(term: TermRecord, when: DateRange) -> bool:
    changes = [d for d in (term.valid_from, term.valid_until, *(h.date for h in term.history)) if d]
    return current_during(lambda day: _status_at(term, day), when, changes)


def _case_ok(found: str, term: TermRecord) -> bool:
    """A capitalised term (a name) needs a capital in the text; an abbreviation needs all capitals."""
    letters = [ch for ch in term.text if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return all(ch.isupper() for ch in found if ch.isalpha())
    if term.text[:1].isupper() or term.text[:1] in "«\"" and term.text[1:2].isupper():
        first = next((ch for ch in found if ch.isalpha()), "")
        return first.isupper()
    return True


def _has_upper(found: str) -> bool:
    return not found.islower()


def _needs_capital(term: TermRecord, memo: dict) -> bool:
    """Whether a lower-case match of this term is no match (names and abbreviations)."""
    key = ("capital", id(term))
    if key not in memo:
        memo[key] = not _case_ok(fold_text(term.text), term)
    return memo[key]  # type: ignore[return-value]


def term_hits(scan: DocumentScan) -> Iterator[TermHit]:
    """Every term of the document that may need a finding, read in context."""
    doc = scan.doc
    for hit in scan.matcher.scan(doc.text, folded=scan.folded, flaggable_only=True):
        date, off = doc.passage_at(hit.start) if doc.passages else (None, False)
        if off:
            continue
        found = doc.text[hit.start:hit.end]
        term_hit = _read_hit(scan, hit, found, date or scan.default_date)
        if term_hit is not None and not term_hit.used_as_name:
            yield term_hit


def _read_hit(scan: DocumentScan, hit: Hit, found: str, date: DateRange) -> TermHit | None:
    memo = scan.matcher.memo
    # What depends only on the form as found and the terms it reads as: the terms its case
    # allows, and whether they are in more than one language. (The key holds ``hit.refs`` alive,
    # so its id is not reused while the entry exists.)
    key = ("refs", found, id(hit.refs))
    entry = memo.get(key)
    if entry is None:
        refs = [ref for ref, _ in hit.refs if _case_ok(found, ref.term)] if _has_upper(found) \
            else [ref for ref, _ in hit.refs if not _needs_capital(ref.term, memo)]
        several = len({ref.term.lang for ref in refs}) > 1
        entry = memo[key] = (hit.refs, refs, script_of(found) if several else None)
    refs, script = entry[1], entry[2]
    if not refs:
        return None
    lang = ""
    if script is not None:
        # The language decides which term the form is read as; when no reading (nor the one
        # of all the terms together) can give a finding, there is no need to ask it.
        key = ("some reading", found, id(hit.refs), date)
        some = memo.get(key)
        if some is None:
            some = memo[key] = any(
                _reading(group, date, memo) is not None
                for group in (refs, *({ref.term.lang: [r for r in refs if r.term.lang == ref.term.lang]
                                       for ref in refs}.values())))
        if not some:
            return None
        lang = scan.lang_at(hit.start, script)
    key = ("reading", found, id(hit.refs), lang, date)
    reading = memo.get(key, False)
    if reading is False:
        reading = memo[key] = _reading([ref for ref in refs if ref.term.lang == lang] or refs, date, memo)
    if reading is None:
        return None
    ref, current = reading
    return TermHit(scan, hit.start, hit.end, found, ref.concept, ref.term, ref.term.lang, date, current)


def _reading(refs: list[TermRef], date: DateRange, memo: dict) -> tuple[TermRef, bool] | None:
    """The term a hit is read as and whether it was in use, or ``None`` when no finding can
    follow: several terms read the same way give a finding only if every reading gives one
    (precision)."""
    readings = []
    for ref in {id(ref.term): ref for ref in refs}.values():
        key = ("current", id(ref.term), date)
        current = memo.get(key)
        if current is None:
            current = memo[key] = _current_during(ref.term, date)
        if not is_flaggable(ref.term) or (current and not _always_flagged(ref.term)):
            return None
        readings.append((ref, current))
    return readings[0]


def _always_flagged(term: TermRecord) -> bool:
    """Flagged even when in use: forbidden terms and derogatory ones that are still preferred."""
    return term.status == "forbidden" or (term.register == "derogatory" and
                                          term.status in ("preferred", "admitted"))


# --- what to suggest ---------------------------------------------------------------------

def _find_term(concept: ConceptRecord, text: str, lang: str,
               concepts: dict[str, ConceptRecord]) -> TermRecord | None:
    if ":" in text:
        concept_id, text = text.split(":", 1)
        concept = concepts.get(concept_id, concept)
    same = [t for t in concept.terms if t.text == text]
    return next((t for t in same if t.lang == lang), same[0] if same else None)


def _memoised(kind: str):
    """Memoise a function of a hit's term, language and date in the matcher's memo."""
    def wrap(func):
        def memoised(hit: TermHit) -> TermRecord | None:
            memo = hit.scan.matcher.memo
            key = (kind, id(hit.term), hit.lang, hit.date)
            if key not in memo:
                memo[key] = func(hit)
            return memo[key]  # type: ignore[return-value]
        memoised.__doc__ = func.__doc__
        return memoised
    return wrap


@_memoised("current term")
def _current_term(hit: TermHit) -> TermRecord | None:
    """The concept's term in the hit's language that was in use on the hit's date."""
    for h in sorted(hit.term.history, key=lambda h: h.date, reverse=True):
        if h.date <= hit.date.end and h.replaced_by:
            found = _find_term(hit.concept, h.replaced_by, hit.lang, hit.scan.matcher.concepts)
            if found is not None and _current_during(found, hit.date):
                return found
    candidates = [t for t in hit.concept.terms if t.lang == hit.lang and t is not hit.term
                  and t.register != "derogatory" and _current_during(t, hit.date)]
    rank = {"preferred": 0, "admitted": 1}
    candidates.sort(key=lambda t: (rank.get(t.status, 2), t.type not in ("full-form", "short-form", None)))
    return candidates[0] if candidates else None


@_memoised("replacement")
def _replacement(hit: TermHit) -> TermRecord | None:
    """The term to use instead: the one the term names, else the one in use on the date."""
    if hit.term.replaced_by:
        found = _find_term(hit.concept, hit.term.replaced_by, hit.lang, hit.scan.matcher.concepts)
        if found is not None and (_current_during(found, hit.date) or not _dated(hit.term)):
            return found
    return _current_term(hit)


def _suggest(hit: TermHit, replacement: TermRecord | None) -> tuple[str | None, str]:
    """``(suggestion, note)``: the replacement in the found form, and a note when it is not."""
    if replacement is None:
        return None, ""
    memo = hit.scan.matcher.memo
    key = ("inflect", hit.found, id(hit.term), id(replacement))
    if key not in memo:
        memo[key] = inflect_like(hit.found, hit.term, replacement)
    suggestion, exact = memo[key]  # type: ignore[misc]
    return suggestion, "" if exact else "; inflect it to fit"


# --- the rules ---------------------------------------------------------------------------

def category(term: TermRecord) -> str:
    """Which of the KZ101-KZ104 rules can apply to a term (at most one does)."""
    if term.status == "forbidden" or (term.register == "derogatory" and term.status in ("preferred", "admitted")):
        return "forbidden"
    if term.pos == "proper-noun" and (term.type == "former-name" or _dated(term)):
        return "name"
    if term.type == "variant":
        return "variant"
    return "term"


class _Verdict(NamedTuple):
    """What a rule says of a term as found, on a date, before looking at its context."""

    severity: Severity
    message: str
    suggestion: str | None


def _verdict(hit: TermHit, code: str, judge: Callable[[TermHit], _Verdict | None]) -> _Verdict | None:
    """``judge(hit)``, memoised: it depends on the form as found, the term, language and date."""
    memo = hit.scan.matcher.memo
    key = (code, hit.found, id(hit.term), hit.lang, hit.date)
    verdict = memo.get(key, False)
    if verdict is False:
        verdict = memo[key] = judge(hit)
    return verdict  # type: ignore[return-value]


def _finding(hit: TermHit, code: str, verdict: _Verdict) -> Iterator[Finding]:
    """Yield the finding, capped at ``info`` (or dropped) inside quotations and mentions."""
    severity, message, suggestion = verdict
    quoted = hit.quoted
    # A spelling variant is the writer's spelling even where it introduces a name; a catalog's
    # translation is the product's own voice, where a forbidden term is not excused by a verb
    # of saying around it (only by quotation marks).
    if code == "KZ104":
        mentioned = hit.mention == "word"
    elif code == "KZ102" and hit.scan.doc.kind == "po":
        mentioned = False
    else:
        mentioned = hit.mentioned
    if quoted or mentioned:
        mode = hit.scan.options.quotes
        if mode == "ignore":
            return
        if mode == "info":
            severity = Severity.INFO
        message += " (in a quotation)" if quoted else " (mentioned as a word)"
    doc = hit.scan.doc
    span = doc.source_span(hit.start, hit.end)
    line, column = doc.line_col(span[0])
    yield Finding(path=doc.path, line=line, column=column, text=hit.found,
                  concept=hit.concept.id, rule=code, severity=severity, message=message,
                  suggestion=suggestion, span=span)


def _since(term: TermRecord, hit: TermHit) -> str:
    if term.valid_until and hit.date.start >= term.valid_until:
        return f" since {term.valid_until.isoformat()}"
    return ""


def _register(term: TermRecord) -> str:
    return f" ({term.register})" if term.register in ("derogatory", "informal") else ""


def superseded_term(hit: TermHit) -> Iterator[Finding]:
    """KZ101: a superseded or deprecated term in the writer's own voice."""
    if category(hit.term) != "term" or hit.current:
        return
    verdict = _verdict(hit, "KZ101", _superseded_verdict)
    if verdict is not None and not hit.historical:
        yield from _finding(hit, "KZ101", verdict)


def _superseded_verdict(hit: TermHit) -> _Verdict | None:
    status = _status_at(hit.term, hit.date.end)
    if status is None or status in ("preferred", "admitted"):
        # Not yet the official term ("қандас" in 2019, when it had been proposed): a word
        # that is not retired is no finding; only a name can be used too early (KZ103).
        return None
    replacement = _replacement(hit)
    suggestion, note = _suggest(hit, replacement)
    use = f"; use “{replacement.text}”" if replacement else ""
    message = f"“{hit.found}” is {status}{_since(hit.term, hit)}{_register(hit.term)}{use}{note}"
    return _Verdict(Severity.WARNING, message, suggestion)


def forbidden_term(hit: TermHit) -> Iterator[Finding]:
    """KZ102: a forbidden term (error) or a derogatory one (warning)."""
    if category(hit.term) == "forbidden":
        yield from _finding(hit, "KZ102", _verdict(hit, "KZ102", _forbidden_verdict))  # type: ignore[arg-type]


def _forbidden_verdict(hit: TermHit) -> _Verdict:
    forbidden = hit.term.status == "forbidden"
    replacement = _replacement(hit)
    suggestion, note = _suggest(hit, replacement)
    use = f"; use “{replacement.text}”" if replacement else ""
    what = "forbidden" if forbidden else "derogatory"
    message = f"“{hit.found}” is {what}{use}{note}"
    return _Verdict(Severity.ERROR if forbidden else Severity.WARNING, message, suggestion)


def name_not_current(hit: TermHit) -> Iterator[Finding]:
    """KZ103: a place or name that was not in use on the date the passage is about."""
    if category(hit.term) != "name" or hit.current or hit.historical or hit.part_of_other_name \
            or _names_the_change(hit):
        return
    yield from _finding(hit, "KZ103", _verdict(hit, "KZ103", _name_verdict))  # type: ignore[arg-type]


def _name_verdict(hit: TermHit) -> _Verdict:
    replacement = _current_term(hit)
    suggestion, note = _suggest(hit, replacement)
    term = hit.term
    if term.valid_from and hit.date.end < term.valid_from:
        why = f"not yet in use on {hit.date} (from {term.valid_from.isoformat()})"
    else:
        when = _in_use(term)
        why = f"not the name in use on {hit.date}" + (f" (in use {when})" if when else "")
    use = f"; on that date it was “{replacement.text}”" if replacement else ""
    message = f"“{hit.found}” was {why}{use}{note}"
    return _Verdict(Severity.WARNING, message, suggestion)


def _names_the_change(hit: TermHit) -> bool:
    """The sentence also names the place by another of its names: it is about the renaming
    ("restore the name from Nur-Sultan to Astana", "Nur-Sultan – again Astana")."""
    s, e = hit.sentence()
    folded = hit.scan.folded
    sentence = folded[s:hit.start] + " " + folded[hit.end:e]
    found = folded[hit.start:hit.end]
    memo = hit.scan.matcher.memo
    key = ("other names", id(hit.term))
    others = memo.get(key)
    if others is None:
        others = memo[key] = [fold_text(term.text) for term in hit.concept.terms
                              if term is not hit.term and term.lang != "kk-Arab"
                              and term.pos == "proper-noun"]
    return any(other not in found and found not in other and _word_in(other, sentence)
               for other in others)  # type: ignore[attr-defined]


def _word_in(word: str, text: str) -> bool:
    """``word`` at the start of a word of ``text`` (inflected forms end in a suffix)."""
    i = text.find(word)
    while i >= 0:
        if i == 0 or not text[i - 1].isalnum():
            return True
        i = text.find(word, i + 1)
    return False


def _in_use(term: TermRecord) -> str:
    if term.history:
        spans, start = [], None
        for h in sorted(term.history, key=lambda h: h.date):
            if h.status in ("preferred", "admitted") and start is None:
                start = h.date
            elif h.status not in ("preferred", "admitted"):
                spans.append(f"until {h.date.isoformat()}" if start is None else
                             f"{start.isoformat()} to {h.date.isoformat()}")
                start = None
        if start is not None:
            spans.append(f"from {start.isoformat()}")
        return ", ".join(spans)
    if term.valid_from and term.valid_until:
        return f"{term.valid_from.isoformat()} to {term.valid_until.isoformat()}"
    if term.valid_until:
        return f"until {term.valid_until.isoformat()}"
    return ""


def spelling_variant(hit: TermHit) -> Iterator[Finding]:
    """KZ104: a spelling variant that is not the house form."""
    if category(hit.term) == "variant" and not hit.current:
        yield from _finding(hit, "KZ104", _verdict(hit, "KZ104", _variant_verdict))  # type: ignore[arg-type]


def _variant_verdict(hit: TermHit) -> _Verdict:
    replacement = _replacement(hit)
    suggestion, note = _suggest(hit, replacement)
    house = f"; the house spelling is “{replacement.text}”" if replacement else ""
    message = f"“{hit.found}” is not the house spelling{house}{note}"
    return _Verdict(Severity.WARNING, message, suggestion)


# --- KZ105: mixed scripts ------------------------------------------------------------------

# One byte per character of the text, "L" for a Latin letter (A-Z, a-z, U+00C0-U+024F), "C" for
# a Cyrillic one (U+0400-U+04FF), " " for anything else: the UTF-8 bytes translated through a
# table, continuation bytes deleted (each character has exactly one byte that is not one).
# A word mixing scripts has "LC" or "CL" in it; bytes.find finds those at memchr speed, where a
# regular expression over the text would try a character class at every position.
_SCRIPT_TABLE = bytes(
    ord("L") if 65 <= b <= 90 or 97 <= b <= 122 or 0xC3 <= b <= 0xC9
    else ord("C") if 0xD0 <= b <= 0xD3 else ord(" ")
    for b in range(256))
_CONTINUATION = bytes(range(0x80, 0xC0))
_WORD = re.compile(r"\w+")


def script_joins(text: str) -> list[int]:
    """Offsets of the first letter of each Latin-Cyrillic or Cyrillic-Latin pair of letters.

    >>> script_joins("кaндас Atajurt Кazakh")
    [0, 1, 15]
    """
    flags = text.encode("utf-8", "surrogatepass").translate(_SCRIPT_TABLE, _CONTINUATION)
    joins = []
    for pair in (b"LC", b"CL"):
        i = flags.find(pair)
        while i >= 0:
            joins.append(i)
            i = flags.find(pair, i + 1)
    return sorted(joins)


def mixed_script(scan: DocumentScan) -> Iterator[Finding]:
    """KZ105: each letter of the minority script inside a word that mixes Cyrillic and Latin."""
    text = scan.doc.text
    for start, end in scan.doc.placeholders:
        text = text[:start] + " " * (end - start) + text[end:]
    seen_end = -1
    for join in script_joins(text):
        if join < seen_end:
            continue
        start = join
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        word_match = _WORD.match(text, start)
        if word_match is None:  # pragma: no cover - the join is made of word characters
            continue
        seen_end = word_match.end()
        if scan.doc.passages and scan.doc.passage_at(start)[1]:
            continue
        if _foreign_word_with_suffix(word_match.group()):
            continue
        yield from _odd_letters(scan, word_match.group(), start)


_WORD_AND_SUFFIX = re.compile(r"([A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f\d]+)([а-яёәғқңөұүһі]+)")
_LAT_LOOKALIKES = frozenset("aceopxyABCEHKMOPTX")


def _foreign_word_with_suffix(word: str) -> bool:
    """A Latin word or acronym with a Russian or Kazakh ending ("URLдың", "Facebookта",
    "iPhoneның"): written on purpose, not a look-alike letter. A leading run made only of
    letters that look Cyrillic ("caйт") is still a typo.

    >>> _foreign_word_with_suffix("URLдың"), _foreign_word_with_suffix("caйт"), _foreign_word_with_suffix("кaндас")
    (True, False, False)
    """
    m = _WORD_AND_SUFFIX.fullmatch(word)
    return bool(m) and not set(m.group(1)) <= _LAT_LOOKALIKES


def _odd_letters(scan: DocumentScan, word: str, start: int) -> Iterator[Finding]:
    script = script_of(word)
    mended = fix_homoglyphs(word)
    for i, ch in enumerate(word):
        if not ch.isalpha():
            continue
        is_cyr = "\u0400" <= ch <= "\u04ff"
        if (script == "Cyrl") == is_cyr:
            continue
        other = "Cyrillic" if is_cyr else "Latin"
        replacement = mended[i] if mended[i] != ch else None
        offset = scan.doc.source_span(start + i, start + i + 1)[0]
        line, column = scan.doc.line_col(offset)
        fix = f"; it looks like {'Latin' if is_cyr else 'Cyrillic'} “{replacement}”" if replacement else ""
        message = (f"{other} “{ch}” (U+{ord(ch):04X}) at letter {i + 1} of the "
                   f"{'Cyrillic' if script == 'Cyrl' else 'Latin'} word “{word}”{fix}")
        yield Finding(path=scan.doc.path, line=line, column=column, text=ch, concept=None,
                      rule="KZ105", severity=Severity.ERROR, message=message,
                      suggestion=replacement, span=(offset, offset + 1))
