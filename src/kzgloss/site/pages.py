"""Page contexts: pure functions from termbase records to the dicts the templates render.

Nothing here reads a database, a file or the clock, so the same glossary always gives the
same pages. Every ``href`` is relative to the site root; templates prefix it with ``root``
(``""`` on the entry page, ``"../"`` one folder down), so the site opens from disk.

A *run* is a piece of text with its language: ``{"text", "lang", "dir"}``. Templates wrap each
run in an element with ``lang`` (and ``dir="rtl"`` for Arabic script).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from kzgloss.records import ConceptRecord, Glossary, SourceRecord, TermRecord
from kzgloss.site.collation import ALPHABETS, initial, sort_key
from kzgloss.text import KAZAKH_LETTERS

__all__ = [
    "Page", "UI_LANGS", "AZ_TAGS", "COLUMNS", "safe_name", "concept_href", "source_href",
    "html_lang", "run", "guess_lang", "label_of", "preferred_terms", "concept_page", "source_page",
    "sources_page", "az_page", "changes_page", "index_page", "site_pages",
]

UI_LANGS = ("en", "kk", "ru")
#: The A–Z indexes: one per language and script.
AZ_TAGS = ("en", "ru", "kk-Cyrl", "kk-Latn")
#: The side-by-side columns of a concept page and the term languages each holds.
COLUMNS = (("kk", ("kk-Cyrl", "kk-Latn", "kk-Arab")), ("ru", ("ru",)), ("en", ("en",)))
#: Statuses the "changes" page lists: a term that went out of use.
RETIRED = ("superseded", "deprecated", "forbidden")
#: Which column's preferred term heads a concept, per interface language.
_HEAD_ORDER = {"en": ("en", "ru", "kk-Cyrl", "kk-Latn"), "kk": ("kk-Cyrl", "kk-Latn", "ru", "en"),
               "ru": ("ru", "kk-Cyrl", "en", "kk-Latn")}
_TRANSLIT_LANG = {"kk-latn-2021": "kk-Latn", "kk-arab": "kk-Arab"}


@dataclass(frozen=True, slots=True)
class Page:
    """One file of the site: where it goes, the template that renders it, and its context."""

    path: str
    template: str
    context: dict[str, Any]


# --- names and runs -------------------------------------------------------------------------

_SAFE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
# Names Windows will not create whatever the extension.
_RESERVED = frozenset({"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)})


def safe_name(ident: str) -> str:
    """A file-name stem for *ident*: one to one, lower-case ASCII, no dots or slashes.

    Characters outside ``a-z 0-9 -`` become ``_<hex>_`` (so ``_`` itself is escaped and no two
    ids share a name, even on a case-insensitive file system); very long ids are cut and
    given a hash.

    >>> safe_name("kandas"), safe_name("../etc/passwd"), safe_name("Nur_Sultan"), safe_name("con")
    ('kandas', '_2e__2e__2f_etc_2f_passwd', '_4e_ur_5f__53_ultan', 'con_')
    """
    name = "".join(ch if ch in _SAFE else f"_{ord(ch):x}_" for ch in ident) or "_"
    if len(name) > 120:
        name = name[:100] + "_" + hashlib.sha256(ident.encode("utf-8")).hexdigest()[:16]
    return name + "_" if name in _RESERVED else name


def concept_href(concept_id: str) -> str:
    return f"concepts/{safe_name(concept_id)}.html"


def source_href(source_id: str) -> str:
    return f"sources/{safe_name(source_id)}.html"


def html_lang(lang: str) -> str:
    """The ``lang`` attribute for a termbase language: BCP 47 omits Kazakh's default script."""
    return "kk" if lang == "kk-Cyrl" else lang


def run(text: str, lang: str) -> dict[str, Any]:
    """Text with its language tag; Arabic-script Kazakh is written right to left."""
    return {"text": text, "lang": html_lang(lang), "dir": "rtl" if lang.endswith("-Arab") else None}


def guess_lang(text: str) -> str:
    """The language of free text the records do not tag (notes, quotes, titles).

    By script; Cyrillic is Kazakh when Kazakh-only letters make up at least 4 % of it, since
    Russian text quoting one Kazakh name has a few.

    >>> guess_lang("қандас деген сөз"), guess_lang("статус кандаса"), guess_lang("kandas")
    ('kk', 'ru', 'en')
    """
    cyrillic = kazakh = latin = arabic = 0
    for ch in text:
        if "\u0400" <= ch <= "\u04ff":
            cyrillic += 1
            kazakh += ch in KAZAKH_LETTERS
        elif "\u0600" <= ch <= "\u06ff":
            arabic += 1
        elif ch.isalpha():
            latin += 1
    if arabic > max(cyrillic, latin):
        return "kk-Arab"
    if cyrillic > latin:
        return "kk" if kazakh >= 0.04 * cyrillic else "ru"
    return "en"


def _note(text: str | None) -> dict[str, Any] | None:
    return run(text, guess_lang(text)) if text else None


def _column_of(lang: str) -> str:
    return lang.split("-")[0]


def preferred_terms(concept: ConceptRecord) -> list[int]:
    """Positions of the first preferred term (else the first term) in each of kk, ru and en."""
    out = []
    for _, langs in COLUMNS:
        in_column = [i for i, t in enumerate(concept.terms) if t.lang == langs[0]]
        best = next((i for i in in_column if concept.terms[i].status == "preferred"),
                    in_column[0] if in_column else None)
        if best is not None:
            out.append(best)
    return out


def label_of(concept: ConceptRecord, ui_lang: str) -> dict[str, Any]:
    """The concept's name in page titles and links: its preferred term in the UI's language."""
    for lang in _HEAD_ORDER[ui_lang]:
        terms = [t for t in concept.terms if t.lang == lang]
        best = next((t for t in terms if t.status == "preferred"), terms[0] if terms else None)
        if best is not None:
            return run(best.text, best.lang)
    if concept.terms:
        return run(concept.terms[0].text, concept.terms[0].lang)
    return run(concept.id, "en")


# --- concept pages --------------------------------------------------------------------------

class _Resolver:
    """Finds the term a ``replaced_by`` names: a text in the same concept, or ``concept:text``."""

    def __init__(self, concepts: dict[str, ConceptRecord]) -> None:
        self._concepts = concepts

    def link(self, concept: ConceptRecord, lang: str, target: str | None) -> dict[str, Any] | None:
        if not target:
            return None
        owner, text = concept, target
        if ":" in target and target.split(":", 1)[0] in self._concepts:
            owner, text = self._concepts[target.split(":", 1)[0]], target.split(":", 1)[1]
        matches = [i for i, t in enumerate(owner.terms) if t.text == text]
        same_lang = [i for i in matches if owner.terms[i].lang == lang]
        found = (same_lang or matches or [None])[0]
        if found is None:
            return {"run": run(text, lang), "href": None}
        term = owner.terms[found]
        return {"run": run(term.text, term.lang),
                "href": f"{concept_href(owner.id)}#term-{found + 1}"}


def _timeline(concept: ConceptRecord, term: TermRecord, resolve: _Resolver) -> list[dict[str, Any]]:
    """Dated events of one term: its history, or else its validity dates."""
    if term.history:
        entries = [(h.date, h.status, h.replaced_by, h.note) for h in term.history]
    else:
        entries = []
        if term.valid_from:
            entries.append((term.valid_from, "preferred" if term.valid_until else term.status, None, None))
        if term.valid_until:
            entries.append((term.valid_until, term.status, term.replaced_by, None))
    return [{"date": date, "status": status, "replaced_by": resolve.link(concept, term.lang, target),
             "note": _note(note)}
            for date, status, target, note in sorted(entries, key=lambda e: e[0])]


def _translits(term: TermRecord) -> list[dict[str, Any]]:
    """The term in every forward scheme for its language (Cyrillic terms only)."""
    source = {"kk-Cyrl": "kk", "ru": "ru"}.get(term.lang)
    if source is None:
        return []
    from kzgloss.translit import SCHEMES, transliterate

    out = []
    for scheme in SCHEMES:
        if scheme.forward and source in scheme.langs:
            lang = _TRANSLIT_LANG.get(scheme.name, f"{source}-Latn")
            out.append({"scheme": scheme.name,
                        "run": run(transliterate(term.text, scheme.name, lang=source), lang)})
    return out


def _term(concept: ConceptRecord, index: int, resolve: _Resolver) -> dict[str, Any]:
    term = concept.terms[index]
    return {
        "anchor": f"term-{index + 1}",
        "run": run(term.text, term.lang),
        "lang": term.lang,
        "status": term.status,
        "details": {name: getattr(term, name) for name in
                    ("type", "pos", "gender", "number", "register", "scheme")
                    if getattr(term, name)},
        "origin": term.origin,
        "plural": [run(p, term.lang) for p in term.plural or ()],
        "valid_from": term.valid_from,
        "valid_until": term.valid_until,
        "replaced_by": resolve.link(concept, term.lang, term.replaced_by),
        "note": _note(term.note),
        "timeline": _timeline(concept, term, resolve),
        "translits": _translits(term),
    }


def _source_date(value: str | None) -> dict[str, Any] | None:
    if not value:
        return None
    machine = value if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) else None
    return {"text": value, "datetime": machine}


def _web_url(url: str | None) -> str | None:
    """*url* if it is an http(s) address; anything else (``javascript:``) is not linked."""
    return url if url and urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _source_summary(source: SourceRecord | None, source_id: str) -> dict[str, Any]:
    if source is None:
        return {"id": source_id, "title": run(source_id, "en"), "href": None, "publisher": None,
                "author": None, "date": None, "url": None}
    return {"id": source.id, "title": _note(source.title), "href": source_href(source.id),
            "publisher": _note(source.publisher), "author": _note(source.author),
            "date": _source_date(source.date), "url": _web_url(source.url)}


def _text_for(texts: dict[str, str], column: str) -> dict[str, Any] | None:
    for lang, text in sorted(texts.items()):
        if _column_of(lang) == column:
            return run(text, lang)
    return None


def concept_page(concept: ConceptRecord, *, ui_lang: str, concepts: dict[str, ConceptRecord],
                 sources: dict[str, SourceRecord]) -> Page:
    """A concept with kk, ru and en side by side, its citations and its links."""
    resolve = _Resolver(concepts)
    columns = []
    for column, langs in COLUMNS:
        indexes = sorted((i for i, t in enumerate(concept.terms) if t.lang in langs),
                         key=lambda i: (langs.index(concept.terms[i].lang), i))
        columns.append({
            "key": column,
            "definition": _text_for(concept.definition, column),
            "note": _text_for(concept.note, column),
            "terms": [_term(concept, i, resolve) for i in indexes],
        })
    citations = []
    for n, citation in enumerate(concept.citations, start=1):
        term_lang = next((t.lang for t in concept.terms if t.text == citation.term), None)
        citations.append({
            "anchor": f"cite-{n}",
            "quote": run(citation.quote, guess_lang(citation.quote)),
            "term": run(citation.term, term_lang or guess_lang(citation.term)) if citation.term else None,
            "locator": _note(citation.locator),
            "source": _source_summary(sources.get(citation.source), citation.source),
        })
    see_also = [{"run": label_of(concepts[c], ui_lang), "href": concept_href(c)}
                for c in concept.see_also if c in concepts]
    label = label_of(concept, ui_lang)
    others = [run(concept.terms[i].text, concept.terms[i].lang) for i in preferred_terms(concept)]
    return Page(concept_href(concept.id), "concept.html", {
        **_common(ui_lang, depth=1, page_id="concept"),
        "concept_id": concept.id,
        "title": label,
        "preferred": [r for r in others if r != label],
        "subject": run(concept.subject, "en") if concept.subject else None,
        "columns": columns,
        "citations": citations,
        "see_also": see_also,
    })


# --- sources ----------------------------------------------------------------------------------

def _attestations(glossary: Glossary, ui_lang: str) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for concept in glossary.concepts:
        for n, citation in enumerate(concept.citations, start=1):
            term_lang = next((t.lang for t in concept.terms if t.text == citation.term), None)
            found[citation.source].append({
                "concept": label_of(concept, ui_lang),
                "href": f"{concept_href(concept.id)}#cite-{n}",
                "quote": run(citation.quote, guess_lang(citation.quote)),
                "term": run(citation.term, term_lang or guess_lang(citation.term)) if citation.term else None,
                "locator": _note(citation.locator),
            })
    return found


def source_page(source: SourceRecord, attestations: list[dict[str, Any]], *, ui_lang: str) -> Page:
    """One source and every quote the termbase takes from it."""
    return Page(source_href(source.id), "source.html", {
        **_common(ui_lang, depth=1, page_id="source"),
        "source": _source_summary(source, source.id),
        "note": _note(source.note),
        "attestations": attestations,
    })


def sources_page(sources: list[SourceRecord], counts: dict[str, int], *, ui_lang: str) -> Page:
    """All sources, in the order of ``sources.toml``."""
    return Page("sources.html", "sources.html", {
        **_common(ui_lang, depth=0, page_id="sources"),
        "sources": [{**_source_summary(s, s.id), "count": counts.get(s.id, 0)} for s in sources],
    })


# --- A–Z and changes --------------------------------------------------------------------------

def _az_entries(glossary: Glossary, tag: str, ui_lang: str) -> list[dict[str, Any]]:
    resolve = _Resolver({c.id: c for c in glossary.concepts})
    entries = []
    for concept in glossary.concepts:
        context = [run(concept.terms[i].text, concept.terms[i].lang)
                   for i in preferred_terms(concept) if concept.terms[i].lang != tag]
        for i, term in enumerate(concept.terms):
            if term.lang == tag:
                entries.append({"run": run(term.text, tag), "status": term.status,
                                "href": f"{concept_href(concept.id)}#term-{i + 1}",
                                "replaced_by": resolve.link(concept, tag, term.replaced_by),
                                "context": context, "generated": False})
        if tag == "kk-Latn" and not any(t.lang == "kk-Latn" for t in concept.terms):
            entries.extend(_generated_latin(concept, context))
    return entries


def _generated_latin(concept: ConceptRecord, context: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Kazakh Latin for a concept with no Latin term stored: the 2021 transliteration."""
    from kzgloss.translit import transliterate

    for i, term in enumerate(concept.terms):
        if term.lang == "kk-Cyrl":
            yield {"run": run(transliterate(term.text, "kk-latn-2021", lang="kk"), "kk-Latn"),
                   "status": term.status, "href": f"{concept_href(concept.id)}#term-{i + 1}",
                   "replaced_by": None, "context": context, "generated": True}


def az_page(glossary: Glossary, tag: str, *, ui_lang: str) -> Page:
    """Every term of one language and script in dictionary order, under letter headings."""
    alphabet = ALPHABETS[tag]
    entries = sorted(_az_entries(glossary, tag, ui_lang),
                     key=lambda e: (sort_key(e["run"]["text"], alphabet), e["href"]))
    groups: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        groups.setdefault(initial(entry["run"]["text"], alphabet), []).append(entry)
    letters = [alphabet.upper(ch) for ch in alphabet.letters if ch not in dict(alphabet.file_under)]
    nav = [{"letter": letter, "anchor": _anchor(letter), "present": letter in groups} for letter in letters]
    if "" in groups:
        nav.append({"letter": "", "anchor": _anchor(""), "present": True})
    sections = [{"letter": n["letter"], "anchor": n["anchor"], "entries": groups[n["letter"]]}
                for n in nav if n["present"]]
    return Page(f"az/{tag}.html", "az.html", {
        **_common(ui_lang, depth=1, page_id=f"az-{tag}"),
        "tag": tag, "tag_lang": html_lang(tag), "letters": nav, "sections": sections, "count": len(entries),
    })


def _anchor(letter: str) -> str:
    return "letter-" + ("-".join(f"{ord(ch):x}" for ch in letter) or "other")


def _changes(glossary: Glossary, ui_lang: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    concepts = {c.id: c for c in glossary.concepts}
    resolve = _Resolver(concepts)
    dated, undated = [], []
    for concept in glossary.concepts:
        for i, term in enumerate(concept.terms):
            base = {"term": run(term.text, term.lang), "lang": term.lang,
                    "href": f"{concept_href(concept.id)}#term-{i + 1}", "concept": label_of(concept, ui_lang)}
            events = [e for e in _timeline(concept, term, resolve) if e["status"] in RETIRED]
            for event in events:
                dated.append({**base, **event})
            if not events and term.status in RETIRED:
                undated.append({**base, "status": term.status, "note": None, "date": None,
                                "replaced_by": resolve.link(concept, term.lang, term.replaced_by)})
    dated.sort(key=lambda e: (-e["date"].toordinal(), e["lang"], e["term"]["text"], e["href"]))
    undated.sort(key=lambda e: (e["lang"], e["term"]["text"], e["href"]))
    return dated, undated


def changes_page(glossary: Glossary, *, ui_lang: str) -> Page:
    """Superseded, deprecated and forbidden terms, newest first, grouped by year."""
    dated, undated = _changes(glossary, ui_lang)
    years: dict[int, list[dict[str, Any]]] = {}
    for event in dated:
        years.setdefault(event["date"].year, []).append(event)
    return Page("changes.html", "changes.html", {
        **_common(ui_lang, depth=0, page_id="changes"),
        "years": [{"year": y, "events": e} for y, e in years.items()],
        "undated": undated,
    })


# --- entry page and the whole site ------------------------------------------------------------

def index_page(glossary: Glossary, *, ui_lang: str) -> Page:
    """The entry page: search box, counts and links to every index."""
    counts = {tag: 0 for tag in AZ_TAGS}
    for concept in glossary.concepts:
        for term in concept.terms:
            if term.lang in counts:
                counts[term.lang] += 1
    return Page("index.html", "index.html", {
        **_common(ui_lang, depth=0, page_id="search"),
        "concept_count": len(glossary.concepts),
        "term_count": sum(len(c.terms) for c in glossary.concepts),
        "source_count": len(glossary.sources),
        "az": [{"tag": tag, "href": f"az/{tag}.html", "count": counts[tag]} for tag in AZ_TAGS],
    })


def _common(ui_lang: str, *, depth: int, page_id: str) -> dict[str, Any]:
    return {"ui_lang": ui_lang, "root": "../" * depth, "page_id": page_id}


def site_pages(glossary: Glossary, *, ui_lang: str) -> Iterator[Page]:
    """Every page of the site, in a fixed order."""
    concepts = {c.id: c for c in glossary.concepts}
    sources = {s.id: s for s in glossary.sources}
    yield index_page(glossary, ui_lang=ui_lang)
    for tag in AZ_TAGS:
        yield az_page(glossary, tag, ui_lang=ui_lang)
    yield changes_page(glossary, ui_lang=ui_lang)
    attestations = _attestations(glossary, ui_lang)
    yield sources_page(glossary.sources, {k: len(v) for k, v in attestations.items()}, ui_lang=ui_lang)
    for source in glossary.sources:
        yield source_page(source, attestations.get(source.id, []), ui_lang=ui_lang)
    for concept in glossary.concepts:
        yield concept_page(concept, ui_lang=ui_lang, concepts=concepts, sources=sources)
