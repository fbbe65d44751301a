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

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from kzgloss.mo_writer import MoMessage, write_mo
from kzgloss.po_parser import PoEntry
from kzgloss.po_writer import format_header, write_po
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
_RETIRED = ("deprecated", "superseded", "forbidden")
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


def _term_on(term: TermRecord, on: dt.date) -> _Term | None:
    plural = tuple(term.plural) if term.plural else None
    replaced_by = term.replaced_by
    if replaced_by and ":" in replaced_by:
        replaced_by = replaced_by.split(":", 1)[1]
    if not term.history and term.valid_from is None and term.valid_until is None:
        return _Term(term.text, plural, term.status, None, replaced_by)
    status = status_on(status=term.status, valid_from=term.valid_from,
                       valid_until=term.valid_until,
                       history=[(h.date, h.status) for h in term.history], on=on)
    if status is None:
        return None
    since = None
    if term.history:
        past = [h for h in term.history if h.date <= on]
        if past:
            last = max(past, key=lambda h: h.date)
            since = last.date
            if last.replaced_by:
                replaced_by = last.replaced_by.split(":", 1)[-1]
    elif term.valid_until is not None and on >= term.valid_until:
        since = term.valid_until
    elif term.valid_from is not None:
        since = term.valid_from
    return _Term(term.text, plural, status, since, replaced_by)


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

    The terms of a concept are evaluated on the export date once for all locales, source
    lines are formatted once per source, and transliteration is cached per word: a
    termbase repeats its words ("ауданы", "партиясы") far more than its terms, and the
    schemes map each whitespace-separated word on its own (a test checks this).
    """

    def __init__(self, specs: Sequence[LocaleSpec], sources: Iterable[SourceRecord],
                 on: dt.date) -> None:
        self.specs = specs
        self.on = on
        self.source_lines = {s.id: _source_line(s) for s in sources}
        self._words: dict[tuple[str, str], str] = {}
        self._transliterate: Callable[..., str] | None = None

    def transliterate(self, text: str, scheme: str) -> str:
        if self._transliterate is None:
            from kzgloss.translit import transliterate

            self._transliterate = transliterate
        parts = _WHITESPACE.split(text)
        for i in range(0, len(parts), 2):
            key = (parts[i], scheme)
            found = self._words.get(key)
            if found is None:
                found = self._words[key] = self._transliterate(parts[i], scheme, lang="kk")
            parts[i] = found
        return "".join(parts)

    def _transliterated(self, term: _Term, scheme: str) -> _Term:
        tr = self.transliterate
        return _Term(tr(term.text, scheme),
                     tuple(tr(p, scheme) for p in term.plural) if term.plural else None,
                     term.status, term.since,
                     tr(term.replaced_by, scheme) if term.replaced_by else None,
                     transliterated_from=term.text)

    def _locale_terms(self, by_lang: dict[str, list[_Term]], spec: LocaleSpec) -> list[_Term]:
        """The locale's terms; for kk@latin, recorded Latin terms, then transliterations.

        A recorded Latin term without plural forms takes them from the Cyrillic term it
        transliterates.
        """
        terms = list(by_lang.get(spec.term_lang, ()))
        if spec.translit_scheme is None:
            return terms
        have = {t.text.casefold(): i for i, t in enumerate(terms)}
        for cyrillic in by_lang.get("kk-Cyrl", ()):
            latin = self._transliterated(cyrillic, spec.translit_scheme)
            at = have.get(latin.text.casefold())
            if at is None:
                have[latin.text.casefold()] = len(terms)
                terms.append(latin)
            elif terms[at].plural is None and latin.plural is not None:
                terms[at] = terms[at]._replace(plural=latin.plural)
        return terms

    def entries(self, concept: ConceptRecord) -> list[PoEntry]:
        """One entry per spec, in the order of ``self.specs``."""
        by_lang: dict[str, list[_Term]] = {}
        for term in concept.terms:
            if term.lang == "kk-Latn" and term.scheme not in (None, "kk-latn-2021"):
                continue
            shown = _term_on(term, self.on)
            if shown is not None:
                by_lang.setdefault(term.lang, []).append(shown)
        english = by_lang.get("en", [])
        source = _pick(english, ("preferred", "admitted", "proposed"))
        msgid = source.text if source else (english[0].text if english else concept.id)
        plural = source.plural[1] if source and source.plural and len(source.plural) > 1 \
            else None
        shared = ["#. definition: " + _one_line(concept.definition["en"])] \
            if "en" in concept.definition else []
        cited = [self.source_lines[s] for s in dict.fromkeys(c.source for c in concept.citations)
                 if s in self.source_lines]
        reference = f"#: glossary/concepts/{concept.id}.toml"
        out = []
        for spec in self.specs:
            if spec.code:
                terms = self._locale_terms(by_lang, spec)
                target = _pick(terms, ("preferred", "admitted"))
                chosen = target
            else:
                terms, target, chosen = english, None, source
            flags: tuple[str, ...] = ()
            if plural is None:
                msgstrs: tuple[str, ...] = (target.text if target else "",)
            elif target is None:
                msgstrs = ("",) * spec.nplurals
            else:
                msgstrs, guessed = _plural_forms(target, spec)
                flags = ("fuzzy",) if guessed else ()
            comments = shared + self._comments(concept, spec, terms, chosen) + cited
            if flags:
                comments.append("#. plural forms are not all recorded in the glossary: "
                                "check them")
            comments.append(reference)
            if flags:
                comments.append("#, fuzzy")
            out.append(PoEntry(concept.id, msgid, plural, msgstrs, flags, False, 0,
                               tuple(comments)))
        return out

    def _comments(self, concept: ConceptRecord, spec: LocaleSpec, terms: list[_Term],
                  chosen: _Term | None) -> list[str]:
        lines = []
        local = concept.definition.get(spec.definition_lang or "")
        if local is not None:
            if spec.translit_scheme is not None:
                local = self.transliterate(local, spec.translit_scheme)
            lines.append(f"#. definition ({spec.code}): " + _one_line(local))
        if chosen is not None and chosen.transliterated_from is not None:
            lines.append(f"#. transliterated ({spec.translit_scheme}) from "
                         f"{chosen.transliterated_from}")
        variants = [t.text for t in terms if t.status == "admitted" and t is not chosen]
        if variants:
            lines.append("#. variants: " + ", ".join(variants))
        lines += ["#. do not use: " + _do_not_use(t) for t in terms if t.status in _RETIRED]
        return lines


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


def build_catalogs(concepts: Sequence[ConceptRecord], sources: Sequence[SourceRecord], *,
                   locales: Iterable[str] = DEFAULT_LOCALES,
                   on: dt.date | None = None) -> list[Catalog]:
    """The template and one catalog per locale code (``kk``, ``kk@latin``, ``ru``)."""
    specs = [TEMPLATE] + [LOCALES[code] for code in dict.fromkeys(locales)]
    return _build(concepts, sources, specs, on or dt.date.today())


def build_catalog(concepts: Sequence[ConceptRecord], sources: Iterable[SourceRecord],
                  spec: LocaleSpec, *, on: dt.date) -> Catalog:
    """The catalog of one locale (``TEMPLATE`` for the .pot) for the termbase as of ``on``."""
    return _build(concepts, sources, [spec], on)[0]


def _build(concepts: Sequence[ConceptRecord], sources: Iterable[SourceRecord],
           specs: Sequence[LocaleSpec], on: dt.date) -> list[Catalog]:
    revision = _revision_date(concepts, on)
    builder = _Builder(specs, sources, on)
    columns: list[list[PoEntry]] = [[] for _ in specs]
    for concept in sorted(concepts, key=lambda c: c.id):
        for column, entry in zip(columns, builder.entries(concept)):
            column.append(entry)
    return [Catalog(spec, _header(spec, revision), column)
            for spec, column in zip(specs, columns)]


def write_catalog(fileobj: BinaryIO, catalog: Catalog) -> None:
    """Write ``catalog`` as a .po (or, for the template, .pot) file."""
    write_po(fileobj, [catalog.header, *catalog.entries])


def write_catalog_mo(fileobj: BinaryIO, catalog: Catalog) -> None:
    """Write the translated, non-fuzzy entries of ``catalog`` as a .mo file.

    Like msgfmt, the compiled header leaves out POT-Creation-Date; there is no hash table
    (libintl then searches the sorted table; hashing in Python would double the export
    time), so the bytes equal ``msgfmt --no-hash -o`` of the .po file.
    """
    header = "".join(line + "\n" for line in catalog.header.msgstr.split("\n")
                     if line and not line.startswith("POT-Creation-Date:"))
    messages = [MoMessage(None, "", None, (header,))]
    messages += [MoMessage(e.msgctxt, e.msgid, e.msgid_plural, e.msgstrs)
                 for e in catalog.entries if e.translated]
    write_mo(fileobj, messages)


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
    left untouched.
    """
    from kzgloss.termbase import read_concepts, read_sources

    concepts = read_concepts(reader)
    sources = read_sources(reader)
    written = []
    for catalog in build_catalogs(concepts, sources, locales=locales, on=on):
        if catalog.is_template:
            targets = [(Path(out_dir) / f"{DOMAIN}.pot", write_catalog)]
        else:
            base = Path(out_dir) / catalog.spec.code / "LC_MESSAGES"
            targets = [(base / f"{DOMAIN}.po", write_catalog)]
            if mo:
                targets.append((base / f"{DOMAIN}.mo", write_catalog_mo))
        for path, writer in targets:
            buffer = io.BytesIO()
            writer(buffer, catalog)
            _write_if_changed(path, buffer.getvalue())
            written.append(path)
    return written
