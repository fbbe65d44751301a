"""The termbase as gettext catalogs: ``glossary.pot`` and one ``glossary.po`` per locale.

One entry per concept: ``msgctxt`` is the concept id, ``msgid`` the preferred English term and
``msgstr`` the term preferred in the locale on the export date (plural forms where the
glossary records them). Extracted comments carry the definition, admitted variants, the
terms not to use (with the date and the replacement) and the sources cited; the reference
points at the glossary file. Untranslated concepts stay empty. The same termbase and date
always give the same bytes: no timestamp of the run is written, only the date of the latest
change in the termbase on or before the export date.

    >>> from kzgloss.records import ConceptRecord, TermRecord
    >>> c = ConceptRecord("kandas", terms=[TermRecord("kandas", "en", "preferred"),
    ...                                    TermRecord("қандас", "kk-Cyrl", "preferred")])
    >>> catalog = build_catalog([c], [], LOCALES["kk"], on=dt.date(2024, 1, 1))
    >>> [(e.msgctxt, e.msgid, e.msgstr) for e in catalog.entries]
    [('kandas', 'kandas', 'қандас')]
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from kzgloss.mo_writer import MoMessage, mo_key, write_mo, write_mo_encoded
from kzgloss.po_parser import PoEntry
from kzgloss.po_writer import format_entry, format_head, format_header, format_msgstrs, write_po
from kzgloss.records import ConceptRecord, SourceRecord, TermRecord, status_on

if TYPE_CHECKING:
    from kzgloss.reader import Reader

__all__ = [
    "LocaleSpec",
    "LOCALES",
    "DEFAULT_LOCALES",
    "Catalog",
    "build_catalog",
    "build_catalogs",
    "write_catalog",
    "write_catalog_mo",
    "export_po",
    "DOMAIN",
]

DOMAIN = "glossary"
#: What GNU ``msginit -l ru`` writes, and what translators and tools expect for Russian
#: (shared/reference/linguistics.md §4); babel's CLDR-derived expression has 4 forms.
RU_PLURAL_FORMS = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                   "(n%100<10 || n%100>=20) ? 1 : 2);")
#: babel's ``Catalog(locale="kk")``; GNU ``msginit -l kk`` writes no Plural-Forms at all.
KK_PLURAL_FORMS = "nplurals=2; plural=(n != 1);"
_RETIRED = frozenset(("deprecated", "superseded", "forbidden"))
_SOURCE_ORDER = ("preferred", "admitted", "proposed")  # the msgid: the English term
_TARGET_ORDER = ("preferred", "admitted")               # msgstr: the locale's term
_FUZZY = ("fuzzy",)
_new_tuple = tuple.__new__  # a NamedTuple without its Python-level __new__ (one call less)
_GUESSED = "#. plural forms are not all recorded in the glossary: check them"
_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class LocaleSpec:
    """How one catalog is made: which terms fill it and what its header says."""

    code: str                      # gettext locale ("" for the template)
    term_lang: str                 # terms of this language fill msgstr
    team: str                      # Language-Team
    plural_forms: str
    nplurals: int
    definition_lang: str | None    # definition shown besides the English one
    translit_scheme: str | None = None  # fill gaps by transliterating kk-Cyrl terms
    # Kazakh keeps a noun singular after a numeral ("бес қандас"), so repeating the
    # singular is right for every count; in Russian it is a guess to be checked.
    singular_for_all_counts: bool = False


# The template's msgids are English: its header says so, which also keeps ``msgfmt --check``
# clean (the xgettext placeholders "nplurals=INTEGER" and an empty Language fail it).
TEMPLATE = LocaleSpec("", "en", "English", KK_PLURAL_FORMS, 2, None)
LOCALES: dict[str, LocaleSpec] = {
    spec.code: spec for spec in (
        LocaleSpec("kk", "kk-Cyrl", "Kazakh", KK_PLURAL_FORMS, 2, "kk",
                   singular_for_all_counts=True),
        LocaleSpec("kk@latin", "kk-Latn", "Kazakh (Latin script, 2021 alphabet)",
                   KK_PLURAL_FORMS, 2, "kk", translit_scheme="kk-latn-2021",
                   singular_for_all_counts=True),
        LocaleSpec("ru", "ru", "Russian", RU_PLURAL_FORMS, 3, "ru"),
    )
}
DEFAULT_LOCALES = tuple(LOCALES)


@dataclass(slots=True)
class Catalog:
    """A locale's catalog: the header entry first, then one entry per concept."""

    spec: LocaleSpec
    header: PoEntry
    entries: list[PoEntry]

    @property
    def is_template(self) -> bool:
        return not self.spec.code


class _Term(NamedTuple):
    """A term as a catalog shows it on the export date."""

    text: str
    plural: tuple[str, ...] | None
    status: str
    since: dt.date | None
    replaced_by: str | None
    transliterated_from: str | None = None


_WHITESPACE = re.compile(r"(\s+)")


def _shown(text: str, plural: tuple[str, ...] | None, status: str,
           valid_from: dt.date | None, valid_until: dt.date | None, replaced_by: str | None,
           history: Sequence[tuple[dt.date, str, str | None]], on: dt.date) -> _Term | None:
    """A term as shown on ``on``; ``history`` holds ``(date, status, replaced_by)`` in order."""
    if replaced_by and ":" in replaced_by:
        replaced_by = replaced_by.split(":", 1)[1]
    if not history and valid_from is None and valid_until is None:
        return _Term(text, plural, status, None, replaced_by)
    shown = status_on(status=status, valid_from=valid_from, valid_until=valid_until,
                      history=[(h[0], h[1]) for h in history], on=on)
    if shown is None:
        return None
    since = None
    if history:
        past = [h for h in history if h[0] <= on]
        if past:
            last = max(past, key=lambda h: h[0])
            since = last[0]
            if last[2]:
                replaced_by = last[2].split(":", 1)[-1]
    elif valid_until is not None and on >= valid_until:
        since = valid_until
    elif valid_from is not None:
        since = valid_from
    return _Term(text, plural, shown, since, replaced_by)


def _term_on(term: TermRecord, on: dt.date) -> _Term | None:
    return _shown(term.text, tuple(term.plural) if term.plural else None, term.status,
                  term.valid_from, term.valid_until, term.replaced_by,
                  [(h.date, h.status, h.replaced_by) for h in term.history], on)


def _pick(terms: Sequence[_Term], statuses: Iterable[str]) -> _Term | None:
    for status in statuses:
        for term in terms:
            if term.status == status:
                return term
    return None


def _do_not_use(term: _Term) -> str:
    """ "оралман, superseded 2020-05-13 by қандас" """
    text = f"{term.text}, {term.status}"
    if term.since is not None:
        text += f" {term.since.isoformat()}"
    if term.replaced_by:
        text += f" by {term.replaced_by}"
    return text


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _source_line(source: SourceRecord) -> str:
    details = ", ".join(x for x in (source.publisher, source.date) if x)
    return f"#. source: {_one_line(source.title)}" + (f" ({details})" if details else "")


def _plural_forms(term: _Term, spec: LocaleSpec) -> tuple[tuple[str, ...], bool]:
    """``nplurals`` forms for ``term``, and whether they are a guess (then fuzzy)."""
    n = spec.nplurals
    forms = term.plural
    if forms and len(forms) >= n:
        # CLDR lists (one, few, many, other) hold GNU's (one, few, many) first.
        return tuple(forms[:n]), False
    if not forms:
        return (term.text,) * n, not spec.singular_for_all_counts
    return tuple(forms) + (forms[-1],) * (n - len(forms)), True


class _Builder:
    """Builds every catalog's entry for a concept in one pass, with shared caches.

    The terms of a concept are evaluated on the export date once for all locales (by the
    caller: see ``entries`` and ``_read_termbase``), source lines are formatted once per
    list of cited sources, and transliteration is cached per word: a termbase repeats its
    words ("ауданы", "партиясы") far more than its terms, and the schemes map each
    whitespace-separated word on its own (a test checks this).
    """

    def __init__(self, specs: Sequence[LocaleSpec], sources: Iterable[SourceRecord],
                 on: dt.date) -> None:
        self.specs = specs
        self.on = on
        self.source_lines = {s.id: _source_line(s) for s in sources}
        self._cited: dict[tuple[str, ...], list[str]] = {}
        self._words: dict[str, dict[str, str]] = {}
        self._transliterate: Callable[..., str] | None = None
        # Per spec: the language of its terms (None for the template), its transliteration
        # scheme, the language of its own definition ("" for none) and that line's prefix.
        self._plan = [(spec, spec.term_lang if spec.code else None, spec.translit_scheme,
                       spec.definition_lang or "", f"#. definition ({spec.code}): ")
                      for spec in specs]

    def transliterate(self, text: str, scheme: str) -> str:
        words = self._words.get(scheme)
        if words is None:
            if self._transliterate is None:
                from kzgloss.translit import transliterate

                self._transliterate = transliterate
            words = self._words[scheme] = {}
        # Whole texts share the table with words (a text with a space is no word): a term
        # comes back as a plural form, a definition in every copy of the concept.
        found = words.get(text)
        if found is not None:
            return found
        parts = _WHITESPACE.split(text)
        if len(parts) == 1:
            found = words[text] = self._transliterate(text, scheme, lang="kk")
            return found
        for i in range(0, len(parts), 2):
            word = parts[i]
            found = words.get(word)
            if found is None:
                found = words[word] = self._transliterate(word, scheme, lang="kk")
            parts[i] = found
        found = words[text] = "".join(parts)
        return found

    def _locale_terms(self, by_lang: dict[str, list[_Term]], spec: LocaleSpec,
                      with_plurals: bool) -> Sequence[_Term]:
        """The locale's terms; for kk@latin, recorded Latin terms, then transliterations.

        A recorded Latin term without plural forms takes them from the Cyrillic term it
        transliterates. Plural forms are only shown for a concept whose msgid has a plural
        (``with_plurals``), and a replacement only for a retired term: the rest is not
        transliterated.
        """
        scheme = spec.translit_scheme
        if scheme is None:
            return by_lang.get(spec.term_lang, ())
        terms = list(by_lang.get(spec.term_lang, ()))
        cyrillics = by_lang.get("kk-Cyrl", ())
        if not cyrillics:
            return terms
        tr = self.transliterate
        have = {t.text.casefold(): i for i, t in enumerate(terms)} if terms else {}
        for cyrillic in cyrillics:
            text = tr(cyrillic.text, scheme)
            folded = text.casefold()
            at = have.get(folded)
            if at is None:
                have[folded] = len(terms)
                plural = cyrillic.plural
                replaced_by = cyrillic.replaced_by
                terms.append(_new_tuple(_Term, (
                    text,
                    tuple([tr(p, scheme) for p in plural]) if plural and with_plurals else None,
                    cyrillic.status, cyrillic.since,
                    tr(replaced_by, scheme) if replaced_by and cyrillic.status in _RETIRED
                    else None,
                    cyrillic.text)))
            elif with_plurals and terms[at].plural is None and cyrillic.plural is not None:
                terms[at] = terms[at]._replace(
                    plural=tuple(tr(p, scheme) for p in cyrillic.plural))
        return terms

    def _cited_lines(self, source_ids: Sequence[str]) -> list[str]:
        key = tuple(source_ids)
        lines = self._cited.get(key)
        if lines is None:
            known = self.source_lines
            lines = self._cited[key] = [known[s] for s in dict.fromkeys(key) if s in known]
        return lines

    def entries(self, concept: ConceptRecord) -> list[PoEntry]:
        """One entry per spec, in the order of ``self.specs``."""
        by_lang: dict[str, list[_Term]] = {}
        for term in concept.terms:
            if term.lang == "kk-Latn" and term.scheme not in (None, "kk-latn-2021"):
                continue
            shown = _term_on(term, self.on)
            if shown is not None:
                by_lang.setdefault(term.lang, []).append(shown)
        return self.concept_entries(concept.id, concept.definition, by_lang,
                                    [c.source for c in concept.citations])

    def concept_entries(self, concept_id: str, definition: dict[str, str],
                        by_lang: dict[str, list[_Term]],
                        source_ids: Sequence[str]) -> list[PoEntry]:
        """The entries of one concept from its terms as shown on the export date (by
        language, in term order), its definitions and the ids of the sources it cites."""
        english = by_lang.get("en", ())
        # _pick(terms, ...) is the first term when it is preferred (the common case)
        source = (english[0] if english[0].status == "preferred"
                  else _pick(english, _SOURCE_ORDER)) if english else None
        msgid = source.text if source else (english[0].text if english else concept_id)
        forms = source.plural if source else None
        plural = forms[1] if forms and len(forms) > 1 else None
        en_definition = definition.get("en")
        shared = ["#. definition: " + _one_line(en_definition)] \
            if en_definition is not None else []
        cited = self._cited_lines(source_ids) if source_ids else ()
        reference = f"#: glossary/concepts/{concept_id}.toml"
        out = []
        for spec, term_lang, scheme, definition_lang, definition_prefix in self._plan:
            if term_lang is None:  # the template
                terms, target, chosen = english, None, source
            else:
                terms = by_lang.get(term_lang, ()) if scheme is None else \
                    self._locale_terms(by_lang, spec, plural is not None)
                chosen = target = (terms[0] if terms[0].status == "preferred"
                                   else _pick(terms, _TARGET_ORDER)) if terms else None
            comments = shared.copy()
            local = definition.get(definition_lang)
            if local is not None:
                if scheme is not None:
                    local = self.transliterate(local, scheme)
                comments.append(definition_prefix + _one_line(local))
            if chosen is not None and chosen.transliterated_from is not None:
                comments.append(f"#. transliterated ({scheme}) from "
                                f"{chosen.transliterated_from}")
            if terms:
                variants = retired = None
                for t in terms:
                    status = t.status
                    if status == "admitted":
                        if t is not chosen:
                            if variants is None:
                                variants = [t.text]
                            else:
                                variants.append(t.text)
                    elif status in _RETIRED:
                        if retired is None:
                            retired = ["#. do not use: " + _do_not_use(t)]
                        else:
                            retired.append("#. do not use: " + _do_not_use(t))
                if variants is not None:
                    comments.append("#. variants: " + ", ".join(variants))
                if retired is not None:
                    comments += retired
            if cited:
                comments += cited
            if plural is None:
                comments.append(reference)
                out.append(_new_tuple(PoEntry, (concept_id, msgid, None,
                                                (target.text if target else "",), (),
                                                False, 0, tuple(comments))))
                continue
            if target is None:
                msgstrs: tuple[str, ...] = ("",) * spec.nplurals
                guessed = False
            else:
                msgstrs, guessed = _plural_forms(target, spec)
            if guessed:
                comments += (_GUESSED, reference, "#, fuzzy")
                out.append(_new_tuple(PoEntry, (concept_id, msgid, plural, msgstrs, _FUZZY,
                                                False, 0, tuple(comments))))
            else:
                comments.append(reference)
                out.append(_new_tuple(PoEntry, (concept_id, msgid, plural, msgstrs, (),
                                                False, 0, tuple(comments))))
        return out


def _revision_date(concepts: Iterable[ConceptRecord], on: dt.date) -> dt.date:
    """The latest dated change in the termbase on or before ``on`` (deterministic)."""
    latest = _EPOCH
    for concept in concepts:
        for term in concept.terms:
            dates = [term.valid_from, term.valid_until] + [h.date for h in term.history]
            for date in dates:
                if date is not None and latest < date <= on:
                    latest = date
    return latest


def _header(spec: LocaleSpec, revision: dt.date) -> PoEntry:
    stamp = f"{revision.isoformat()} 00:00+0000"
    fields = [
        ("Project-Id-Version", "kzgloss-glossary"),
        ("Report-Msgid-Bugs-To", ""),
        ("POT-Creation-Date", stamp),
        ("PO-Revision-Date", stamp),
        ("Last-Translator", "kzgloss termbase"),
        ("Language-Team", spec.team),
        ("Language", spec.code or spec.term_lang),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", spec.plural_forms),
        ("X-Generator", "kzgloss export po"),
    ]
    what = f"{spec.team} terms" if spec.code else "Template"
    comments = (
        f"# {what} of the kzgloss glossary: one entry per concept, msgctxt = concept id.",
        "# Generated by `kzgloss export po` from the termbase; edit the glossary, not this file.",
    )
    return PoEntry(None, "", None, (format_header(fields),), (), False, 0, comments)


@contextlib.contextmanager
def _aborted_on_error(streams: list[_Stream]) -> Iterator[None]:
    """On an error in the block, remove the ``.tmp`` file of every stream, then re-raise."""
    try:
        yield
    except BaseException:
        for stream in streams:
            stream.abort()
        raise


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while catalogs are built and written.

    The export allocates millions of small containers and frees almost none until it ends;
    the collector would walk them again and again, for nothing (a third of the export's
    time at 100k concepts). Nothing here makes reference cycles.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _specs(locales: Iterable[str]) -> list[LocaleSpec]:
    return [TEMPLATE] + [LOCALES[code] for code in dict.fromkeys(locales)]


def build_catalogs(concepts: Sequence[ConceptRecord], sources: Sequence[SourceRecord], *,
                   locales: Iterable[str] = DEFAULT_LOCALES,
                   on: dt.date | None = None) -> list[Catalog]:
    """The template and one catalog per locale code (``kk``, ``kk@latin``, ``ru``)."""
    with _gc_paused():
        return _build(concepts, sources, _specs(locales), on or dt.date.today())


def build_catalog(concepts: Sequence[ConceptRecord], sources: Iterable[SourceRecord],
                  spec: LocaleSpec, *, on: dt.date) -> Catalog:
    """The catalog of one locale (``TEMPLATE`` for the .pot) for the termbase as of ``on``."""
    return _build(concepts, sources, [spec], on)[0]


def _build(concepts: Sequence[ConceptRecord], sources: Iterable[SourceRecord],
           specs: Sequence[LocaleSpec], on: dt.date) -> list[Catalog]:
    builder = _Builder(specs, sources, on)
    return _catalogs(specs, _revision_date(concepts, on),
                     (builder.entries(c) for c in sorted(concepts, key=lambda c: c.id)))


def _catalogs(specs: Sequence[LocaleSpec], revision: dt.date,
              rows: Iterable[list[PoEntry]]) -> list[Catalog]:
    """Catalogs from the entries of each concept (one per spec), concepts in order."""
    columns: list[list[PoEntry]] = [[] for _ in specs]
    for entries in rows:
        for column, entry in zip(columns, entries):
            column.append(entry)
    return [Catalog(spec, _header(spec, revision), column)
            for spec, column in zip(specs, columns)]


# --- the export's own read path ----------------------------------------------------------
#
# ``read_concepts`` builds a full record per concept, term, status change and citation (for
# lookup, check, site, json); the export needs a few columns of each. Here one query per
# table returns plain tuples, each term is evaluated on the export date as it is read, and
# the revision date is taken on the way: a fifth of the work for the same catalogs (a test
# compares both paths).

_LATIN = "kk-latn-2021"


def _read_termbase(reader: Reader, specs: Sequence[LocaleSpec], on: dt.date, *,
                   lo: str | None = None, hi: str | None = None) -> tuple[
        dt.date, list[tuple[str, dict[str, str], dict[str, list[_Term]], Sequence[str]]]]:
    """The revision date, and per concept (sorted by id): its id, definitions, terms shown on
    ``on`` by language (in term order) and the ids of the sources it cites (in order).

    With ``lo`` and/or ``hi``, only the concepts with ``lo <= id < hi`` (ids compared by
    code point, as Python sorts them), and the revision date of their terms alone.
    """
    from kzgloss.termbase import _date

    params: dict[str, str] = {}
    bounds = []
    if lo is not None:
        params["lo"] = lo
        bounds.append("{} >= :lo COLLATE BINARY")
    if hi is not None:
        params["hi"] = hi
        bounds.append("{} < :hi COLLATE BINARY")

    def where(column: str, *also: str) -> str:
        conditions = [*also, *(b.format(column) for b in bounds)]
        return " WHERE " + " AND ".join(conditions) if conditions else ""

    langs = {"en"} | {s.term_lang for s in specs}
    if any(s.translit_scheme for s in specs):
        langs.add("kk-Cyrl")
    dates: dict[Any, dt.date] = {}

    def as_date(value: Any) -> dt.date:
        found = dates.get(value)
        if found is None:
            found = dates[value] = _date(value)
        return found

    revision = _EPOCH
    ids = [row[0] for row in reader.tuples("SELECT id FROM concept" + where("id"), params)]
    definitions: dict[str, dict[str, str]] = {}
    for concept_id, lang, text in reader.iter_tuples(
            "SELECT concept_id, lang, text FROM concept_text"
            + where("concept_id", "kind = 'definition'"), params):
        found = definitions.get(concept_id)
        if found is None:
            definitions[concept_id] = {lang: text}
        else:
            found[lang] = text
    history: dict[Any, list[tuple[dt.date, str, str | None]]] = {}
    for term_id, date, status, replaced_by in reader.tuples(
            "SELECT term_id, date, status, replaced_by FROM status_change "
            "ORDER BY term_id, seq"):
        date = as_date(date)
        found_history = history.get(term_id)
        if found_history is None:
            history[term_id] = [(date, status, replaced_by)]
        else:
            found_history.append((date, status, replaced_by))
    plurals: dict[str, tuple[str, ...] | None] = {}
    terms: dict[str, dict[str, list[_Term]]] = {}

    def group(rows: Iterable[tuple[Any, ...]]) -> set[str]:
        """Add the terms of ``rows`` to ``terms``; the concepts whose rows were not
        consecutive and in ``seq`` order (to be grouped again, sorted)."""
        nonlocal revision
        unsorted = set()
        last_id, last_seq, by_lang = None, 0, {}
        for term_id, concept_id, seq, lang, text, status, scheme, plural, valid_from, \
                valid_until, replaced_by in rows:
            if concept_id != last_id:
                by_lang = terms.get(concept_id)
                if by_lang is None:
                    by_lang = terms[concept_id] = {}
                else:
                    unsorted.add(concept_id)
                last_id = concept_id
            elif seq < last_seq:
                unsorted.add(concept_id)
            last_seq = seq
            dated = valid_from is not None or valid_until is not None
            if dated:  # every term counts for the revision date, shown or not
                if valid_from is not None:
                    valid_from = as_date(valid_from)
                    if revision < valid_from <= on:
                        revision = valid_from
                if valid_until is not None:
                    valid_until = as_date(valid_until)
                    if revision < valid_until <= on:
                        revision = valid_until
            changes = history.get(term_id) if history else None
            if changes is not None:
                for change in changes:
                    if revision < change[0] <= on:
                        revision = change[0]
            if lang not in langs or (lang == "kk-Latn" and scheme is not None
                                     and scheme != _LATIN):
                continue
            if plural is not None:
                if isinstance(plural, str):  # JSON text (SQLite); other databases give lists
                    try:
                        plural = plurals[plural]
                    except KeyError:
                        forms = json.loads(plural)
                        plurals[plural] = plural = tuple(forms) if forms else None
                else:
                    plural = tuple(plural) if plural else None
            if changes is None and not dated:
                if replaced_by and ":" in replaced_by:
                    replaced_by = replaced_by.split(":", 1)[1]
                shown = _new_tuple(_Term, (text, plural, status, None, replaced_by, None))
            else:
                shown = _shown(text, plural, status, valid_from, valid_until, replaced_by,
                               changes or (), on)
                if shown is None:
                    continue
            found_terms = by_lang.get(lang)
            if found_terms is None:
                by_lang[lang] = [shown]
            else:
                found_terms.append(shown)
        return unsorted

    # In id order the database need not sort; the terms of a concept are in seq order
    # there unless the termbase was edited after it was loaded: those concepts are grouped
    # again, in (concept_id, seq) order.
    sql = ("SELECT id, concept_id, seq, lang, text, status, scheme, plural, valid_from, "
           "valid_until, replaced_by FROM term" + where("concept_id") + " ORDER BY id")
    unsorted = group(reader.iter_tuples(sql, params))
    if unsorted:
        for concept_id in unsorted:
            del terms[concept_id]
        group(sorted((r for r in reader.iter_tuples(sql, params) if r[1] in unsorted),
                     key=lambda r: (r[1], r[2])))
    citations: dict[str, list[str]] = {}
    last_id, last_seq, cited = None, 0, []
    unsorted = set()
    for concept_id, seq, source_id in reader.iter_tuples(
            "SELECT concept_id, seq, source_id FROM citation" + where("concept_id")
            + " ORDER BY id", params):
        if concept_id != last_id:
            found_sources = citations.get(concept_id)
            if found_sources is None:
                cited = citations[concept_id] = []
            else:
                cited = found_sources
                unsorted.add(concept_id)
            last_id = concept_id
        elif seq < last_seq:
            unsorted.add(concept_id)
        last_seq = seq
        cited.append((seq, source_id))
    for concept_id, cited in citations.items():
        if concept_id in unsorted:
            cited.sort(key=lambda c: c[0])
        citations[concept_id] = [source_id for _, source_id in cited]
    none: dict[str, Any] = {}
    ids.sort()
    return revision, [(i, definitions.get(i, none), terms.get(i, none), citations.get(i, ()))
                      for i in ids]


def _read_catalogs(reader: Reader, specs: Sequence[LocaleSpec],
                   on: dt.date) -> list[Catalog]:
    """``build_catalogs(read_concepts(reader), read_sources(reader), ...)``, faster."""
    from kzgloss.termbase import read_sources

    revision, concepts = _read_termbase(reader, specs, on)
    builder = _Builder(specs, read_sources(reader), on)
    entries = builder.concept_entries
    return _catalogs(specs, revision, (entries(*concept) for concept in concepts))


def write_catalog(fileobj: BinaryIO, catalog: Catalog) -> None:
    """Write ``catalog`` as a .po (or, for the template, .pot) file."""
    write_po(fileobj, [catalog.header, *catalog.entries])


def write_catalog_mo(fileobj: BinaryIO, catalog: Catalog) -> None:
    """Write the translated, non-fuzzy entries of ``catalog`` as a .mo file.

    Like msgfmt, the compiled header leaves out POT-Creation-Date; there is no hash table
    (libintl then searches the sorted table; hashing in Python would double the export
    time), so the bytes equal ``msgfmt --no-hash -o`` of the .po file.
    """
    messages = [MoMessage(None, "", None, (_mo_header(catalog.header),))]
    messages += [MoMessage(e.msgctxt, e.msgid, e.msgid_plural, e.msgstrs)
                 for e in catalog.entries if e.translated]
    write_mo(fileobj, messages)


def _mo_header(header: PoEntry) -> str:
    """The header as msgfmt compiles it: without POT-Creation-Date."""
    return "".join(line + "\n" for line in header.msgstr.split("\n")
                   if line and not line.startswith("POT-Creation-Date:"))


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def export_po(reader: Reader, out_dir: Path, *, locales: Iterable[str] = DEFAULT_LOCALES,
              on: dt.date | None = None, mo: bool = False) -> list[Path]:
    """Write ``out_dir/glossary.pot`` and ``out_dir/<locale>/LC_MESSAGES/glossary.po`` (.mo).

    Returns the paths written, in a stable order. Files whose bytes would not change are
    left untouched. A SQLite termbase of ``_PARALLEL_MIN`` concepts or more is shared with a
    second Python process (the same bytes; see ``_export_shared``).
    """
    with _gc_paused():
        return _export(reader, Path(out_dir), _specs(locales), on or dt.date.today(), mo)


class _Stream:
    """A catalog file written by the writer thread as its entries come: into a temporary
    file beside it (``tmp``: ``<name>.tmp`` unless given), which replaces it at the end
    unless the bytes are the same."""

    def __init__(self, path: Path, pool: Executor, tmp: Path | None = None) -> None:
        self.path = path
        self.tmp = tmp or path.with_name(path.name + ".tmp")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.file = self.tmp.open("wb")
        self.pool = pool
        self.pending: list[Future[Any]] = []

    def write(self, data: bytes) -> None:
        self.pending.append(self.pool.submit(self.file.write, data))

    def append(self, part: Path) -> None:
        """Write the bytes of the file ``part`` (after what was written so far)."""
        def copy() -> None:
            with part.open("rb") as source:
                shutil.copyfileobj(source, self.file, 1 << 20)

        self.pending.append(self.pool.submit(copy))

    def rewrite_head(self, data: bytes) -> None:
        """Write ``data`` over the first bytes written (as long as they were)."""
        def rewrite() -> None:
            self.file.flush()
            os.pwrite(self.file.fileno(), data, 0)

        self.pending.append(self.pool.submit(rewrite))

    def close(self) -> None:
        """Wait for the writes and close the temporary file (which stays)."""
        for future in self.pending:
            future.result()
        self.file.close()

    def finish(self) -> None:
        self.close()
        if self.path.exists() and self.path.stat().st_size == self.tmp.stat().st_size \
                and self.path.read_bytes() == self.tmp.read_bytes():
            self.tmp.unlink()
        else:
            self.tmp.replace(self.path)

    def abort(self) -> None:
        wait(self.pending)
        self.file.close()
        self.tmp.unlink(missing_ok=True)


_BATCH = 2_000  # concepts per write of each catalog
#: From this many concepts on, a second process shares the export of a SQLite termbase
#: (``_export_shared``); below it, starting one costs more than it saves.
_PARALLEL_MIN = 25_000  # 10k concepts: 0.50 s in one process, 0.61 s in two
#: The share of the concepts the second process takes (the first one also writes the
#: .mo files, the second one starts 0.1 s late).
_WORKER_SHARE = 0.5


def _export(reader: Reader, out_dir: Path, specs: Sequence[LocaleSpec], on: dt.date,
            mo: bool) -> list[Path]:
    """``write_catalog`` and ``write_catalog_mo`` of ``_read_catalogs``, concept by concept.

    The entries of a concept in every catalog are formatted as soon as they are built (the
    msgctxt and msgid lines and the .mo key once for all catalogs), and written in batches
    by a thread (writing releases the GIL) while the next ones are built; no catalog is kept.
    A large SQLite termbase is shared with a second process (``_export_shared``).
    """
    paths = [out_dir / f"{DOMAIN}.pot" if not spec.code else
             out_dir / spec.code / "LC_MESSAGES" / f"{DOMAIN}.po" for spec in specs]
    split = _split(reader)
    if split is not None:
        return _export_shared(reader, specs, on, mo, paths, *split)
    with ThreadPoolExecutor(max_workers=1) as pool:
        streams: list[_Stream] = []
        with _aborted_on_error(streams):
            revision, columns = _write_part(reader, specs, on, mo, paths, streams, pool,
                                            head=True)
            for stream in streams:
                stream.write(b"\n")
            _set_mo_headers(specs, columns, revision)
            return _finish(specs, streams, columns, pool, mo)


_Columns = list[tuple[list[tuple[bytes, bytes]], bool]]


def _write_part(reader: Reader, specs: Sequence[LocaleSpec], on: dt.date, mo: bool,
                paths: Sequence[Path], streams: list[_Stream], pool: Executor, *,
                head: bool, lo: str | None = None, hi: str | None = None,
                parts: bool = False) -> tuple[dt.date, _Columns]:
    """Read the concepts ``lo <= id < hi`` and write their entries to a stream per catalog
    (added to ``streams``; to ``<name>.part.tmp`` if ``parts``), after the header if ``head``.
    The revision date of these concepts, and per catalog its .mo pairs (after a place for
    the header's) and whether it has a .mo file."""
    from kzgloss.termbase import read_sources

    revision, concepts = _read_termbase(reader, specs, on, lo=lo, hi=hi)
    builder = _Builder(specs, read_sources(reader), on)
    for path, spec in zip(paths, specs):
        streams.append(_Stream(path, pool, tmp=_part(path) if parts else None))
        if head:
            streams[-1].write(format_entry(_header(spec, revision)).encode("utf-8"))
    # Encoded entry by entry: one 50 MB string per catalog, then its encoding, would cost
    # twice as much (fresh memory for both, and a wider copy of every ASCII entry).
    columns: _Columns = [([(b"", b"")] if head else [], bool(spec.code) and mo)
                         for spec in specs]
    texts: list[list[bytes]] = [[] for _ in specs]
    plan = [(text, pairs, with_mo) for text, (pairs, with_mo) in zip(texts, columns)]
    entries_of = builder.concept_entries
    for n, concept in enumerate(concepts, 1):
        entries = entries_of(*concept)
        first = entries[0]
        line = format_head(first.msgctxt, first.msgid, first.msgid_plural)
        key = None
        for (_, _, plural, msgstrs, flags, _, _, comments), (text, pairs, with_mo) in \
                zip(entries, plan):
            text.append("\n".join((*comments, line, format_msgstrs(plural, msgstrs)))
                        .encode("utf-8"))
            if with_mo and not flags and all(msgstrs):
                if key is None:
                    key = mo_key(first.msgctxt, first.msgid, first.msgid_plural)
                pairs.append((key, "\0".join(msgstrs).encode("utf-8")))
        if n % _BATCH == 0:
            for stream, text in zip(streams, texts):
                stream.write(b"\n\n" + b"\n\n".join(text))
                text.clear()
    for stream, text in zip(streams, texts):
        if text:
            stream.write(b"\n\n" + b"\n\n".join(text))
            text.clear()
    return revision, columns


def _set_mo_headers(specs: Sequence[LocaleSpec], columns: _Columns, revision: dt.date) -> None:
    for spec, (pairs, with_mo) in zip(specs, columns):
        if with_mo:
            pairs[0] = (b"", _mo_header(_header(spec, revision)).encode("utf-8"))


def _finish(specs: Sequence[LocaleSpec], streams: Sequence[_Stream], columns: _Columns,
            pool: Executor, mo: bool) -> list[Path]:
    """Write the .mo files and put every file in place; the paths, in order."""
    written = []
    mo_files = []
    for spec, stream, (pairs, _) in zip(specs, streams, columns):
        written.append(stream.path)
        if spec.code and mo:
            buffer = io.BytesIO()
            write_mo_encoded(buffer, pairs)
            path = stream.path.with_suffix(".mo")
            mo_files.append(pool.submit(_write_if_changed, path, buffer.getvalue()))
            written.append(path)
        pairs.clear()
    for stream in streams:
        stream.finish()
    for future in mo_files:
        future.result()
    return written


# --- two processes -------------------------------------------------------------------------
#
# A large SQLite termbase is split at a concept id: a second Python process (started first,
# so that it starts while this one reads) opens the database on its own and writes the
# entries of the concepts from that id on, catalog by catalog, to ``<name>.part.tmp`` beside
# the catalog, while this process writes the header and the first concepts to ``<name>.tmp``.
# The worker sends back its revision date and .mo pairs (or the exception that stopped it)
# on its stdout, pickled; this process appends each part to its catalog, rewrites the
# headers if the worker's terms have a later date (the same length: only the date differs),
# merges the .mo pairs and writes the .mo files. Whatever fails, no ``.tmp`` is left and
# this process raises the error. (A fork after the whole read, tried first, leaves the read
# to one process: 4.9-5.6 s at 100k concepts against 3.3-3.8 s; and a fork must not carry
# a SQLite connection into the child.)


def _split(reader: Reader) -> tuple[str, str] | None:
    """The database file and the first concept id of the worker's share; ``None`` for a
    termbase to export in one process."""
    if not getattr(reader, "_native", False) or not sys.executable \
            or not hasattr(os, "pwrite"):
        return None
    count = reader.tuples("SELECT count(*) FROM concept")[0][0]
    if count < max(_PARALLEL_MIN, 2):
        return None
    files = [row[2] for row in reader.tuples("PRAGMA database_list") if row[1] == "main"]
    if not files or not files[0]:  # in memory
        return None
    # The parts are ids below and from the split by SQLite's BINARY collation, which is the
    # code point order Python sorts them in for UTF-8 text (not for UTF-16).
    if reader.tuples("PRAGMA encoding")[0][0] != "UTF-8":
        return None
    at = min(count - 1, max(1, round(count * (1 - _WORKER_SHARE))))
    first = reader.tuples("SELECT id FROM concept ORDER BY id COLLATE BINARY "
                          "LIMIT 1 OFFSET :at", {"at": at})
    return (files[0], first[0][0]) if first else None


def _part(path: Path) -> Path:
    return path.with_name(path.name + ".part.tmp")


#: The second process's program (``sys.argv[1]``: the directory holding this kzgloss).
_WORKER_CODE = ("import sys; sys.path.insert(0, sys.argv[1]); "
                "from kzgloss.gettext_export import _worker_main; _worker_main()")


def _start_worker(job: dict[str, Any]) -> subprocess.Popen[bytes]:
    import kzgloss

    root = str(Path(kzgloss.__file__).resolve().parent.parent)
    process = subprocess.Popen([sys.executable, "-c", _WORKER_CODE, root],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdin is not None
    # A worker that ended at once is reported by its exit status (_worker_result).
    with contextlib.suppress(BrokenPipeError), process.stdin:
        process.stdin.write(pickle.dumps(job, pickle.HIGHEST_PROTOCOL))
    return process


def _export_shared(reader: Reader, specs: Sequence[LocaleSpec], on: dt.date, mo: bool,
                   paths: Sequence[Path], database: str, split: str) -> list[Path]:
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
    job = {"database": database, "locales": [spec.code for spec in specs[1:]], "on": on,
           "mo": mo, "paths": [str(path) for path in paths], "lo": split}
    worker = _start_worker(job)
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            streams: list[_Stream] = []
            with _aborted_on_error(streams):
                revision, columns = _write_part(reader, specs, on, mo, paths, streams, pool,
                                                head=True, hi=split)
                assert worker.stdout is not None
                message = worker.stdout.read()
                worker_revision, their_pairs = _worker_result(message, worker.wait())
                if worker_revision > revision:
                    for stream, spec in zip(streams, specs):
                        old = format_entry(_header(spec, revision)).encode("utf-8")
                        new = format_entry(_header(spec, worker_revision)).encode("utf-8")
                        if len(new) != len(old):  # never: an ISO date has 10 characters
                            raise RuntimeError(f"header of {len(old)} bytes, now {len(new)}")
                        stream.rewrite_head(new)
                    revision = worker_revision
                for stream, (pairs, _), theirs in zip(streams, columns, their_pairs):
                    stream.append(_part(stream.path))
                    stream.write(b"\n")
                    pairs += theirs
                _set_mo_headers(specs, columns, revision)
                return _finish(specs, streams, columns, pool, mo)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        if worker.stdout is not None:
            worker.stdout.close()
        for path in paths:
            _part(path).unlink(missing_ok=True)


def _worker_main() -> None:
    """The second process: the job from stdin, its result (or exception) to stdout."""
    import traceback

    job = pickle.load(sys.stdin.buffer)
    status = 0
    try:
        from kzgloss.reader import open_reader

        specs = _specs(job["locales"])
        paths = [Path(path) for path in job["paths"]]
        with _gc_paused(), open_reader(f"sqlite:///{job['database']}") as reader, \
                ThreadPoolExecutor(max_workers=1) as pool:
            streams: list[_Stream] = []
            with _aborted_on_error(streams):
                revision, columns = _write_part(reader, specs, job["on"], job["mo"], paths,
                                                streams, pool, head=False, lo=job["lo"],
                                                parts=True)
                for stream in streams:
                    stream.close()
        message = pickle.dumps(("ok", revision, [pairs for pairs, _ in columns]),
                               pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises it
        status = 1
        trace = traceback.format_exc()
        try:
            message = pickle.dumps(("error", exc, trace), pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled
            message = pickle.dumps(("error", None, trace), pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.write(message)
    sys.stdout.buffer.flush()
    os._exit(status)  # nothing to free


def _worker_result(message: bytes, status: int) -> tuple[dt.date,
                                                         list[list[tuple[bytes, bytes]]]]:
    """The worker's revision date and .mo pairs per catalog; its exception raised again
    if it failed."""
    try:
        result = pickle.loads(message) if message else None
    except Exception:  # noqa: BLE001 - a message cut short: the worker died while sending
        result = None
    if result is None or (result[0] == "ok" and status != 0):
        how = f"signal {-status}" if status < 0 else f"status {status}"
        raise RuntimeError(f"the export's second process ended with {how}, without a result")
    if result[0] == "ok":
        return result[1], result[2]
    _, exc, trace = result
    if exc is None:
        exc = RuntimeError("the export's second process failed")
    exc.add_note("raised in the export's second process:\n" + trace)
    raise exc
