"""Gettext catalogs: read with the position of every character, and check each translation.

:func:`read_catalog` keeps, for each ``msgstr``, the file offset of every decoded character, so
a finding points at the place in the ``.po`` file (line and column of the character inside the
quoted string) and ``--fix`` can rewrite it there. Each ``msgstr`` is checked like prose in the
catalog's language (``Language:`` header, or ``--lang``), and against its ``msgid``:

* KZ201: a source term whose concept has a preferred (or admitted) target term, but no term of
  that concept appears in the translation, in any inflected form. A non-preferred target term
  of the concept counts as present: it is reported by KZ101–KZ104 instead, once.

A translator comment ``# kzgloss: date=2019-05-01`` sets the date an entry is about.

>>> cat = read_catalog('msgid "Hello"\\nmsgstr "Сәлем \\\\"дос\\\\""\\n', "a.po")
>>> field = cat.entries[0].msgstrs[0]
>>> field.text, field.offsets[6]
('Сәлем "дос"', 28)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kzgloss.checks.dates import DateRange, parse_date
from kzgloss.checks.documents import Document
from kzgloss.checks.findings import RULES, Finding, Severity
from kzgloss.checks.matcher import Matcher, fold_text
from kzgloss.errors import CatalogError
from kzgloss.placeholders import spans as placeholder_spans
from kzgloss.placeholders import styles_for_flags
from kzgloss.text import script_of

__all__ = ["Field", "Entry", "Catalog", "read_catalog", "check_catalog", "missing_target_term",
           "catalog_lang"]

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b",
            "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(?=\")")


@dataclass(slots=True)
class Field:
    """One string of an entry, decoded, with the file offset of each character."""

    text: str = ""
    offsets: list[int] = field(default_factory=list)
    line: int = 0
    start: int = 0  # file offset of the opening quote of the first line


@dataclass(slots=True)
class Entry:
    msgid: Field
    msgid_plural: Field | None = None
    msgstrs: list[Field] = field(default_factory=list)
    msgctxt: Field | None = None
    comments: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


@dataclass(slots=True)
class Catalog:
    path: str
    source: str
    entries: list[Entry]
    headers: dict[str, str] = field(default_factory=dict)


def _string(source: str, start: int, line_end: int, path: str, lineno: int, into: Field) -> None:
    """Decode one quoted string starting at ``source[start] == '"'`` into ``into``."""
    i = start + 1
    while i < line_end:
        ch = source[i]
        if ch == '"':
            if source[i + 1:line_end].strip():
                raise CatalogError("text after the closing quote", path=path, line=lineno)
            return
        if ch == "\\":
            nxt = source[i + 1] if i + 1 < line_end else ""
            if nxt in _ESCAPES:
                into.text += _ESCAPES[nxt]
                into.offsets.append(i)
                i += 2
                continue
            octal = re.match(r"[0-7]{1,3}", source[i + 1:line_end])
            if octal:
                into.text += chr(int(octal.group(), 8))
                into.offsets.append(i)
                i += 1 + len(octal.group())
                continue
            raise CatalogError(f"unknown escape \\{nxt}", path=path, line=lineno)
        into.text += ch
        into.offsets.append(i)
        i += 1
    raise CatalogError("string without a closing quote", path=path, line=lineno)


def read_catalog(source: str, path: str) -> Catalog:
    """Parse a ``.po`` file's text; :class:`~kzgloss.errors.CatalogError` names the bad line."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: Field | None = None
    comments: list[str] = []
    flags: set[str] = set()
    offset = 0
    for lineno, line in enumerate(source.splitlines(keepends=True), start=1):
        line_start, offset = offset, offset + len(line)
        line_end = line_start + len(line.rstrip("\r\n"))
        stripped = line.strip()
        if not stripped:
            target = None
            continue
        if stripped.startswith("#~") or stripped.startswith("#|"):
            target = None
            continue
        if stripped.startswith("#"):
            if current is not None and current.msgstrs:
                current, target = None, None
            if stripped.startswith("#,"):
                flags |= {f.strip() for f in stripped[2:].split(",")}
            else:
                comments.append(stripped[1:].strip())
            continue
        indent = len(line) - len(line.lstrip())
        if stripped.startswith('"'):
            if target is None:
                raise CatalogError("a string continues nothing; put it under msgid or msgstr",
                                   path=path, line=lineno)
            _string(source, line_start + indent, line_end, path, lineno, target)
            continue
        m = _KEYWORD.match(stripped)
        if not m:
            word = stripped.split()[0]
            raise CatalogError(f"unknown keyword {word!r} (expected msgid, msgstr, msgctxt or a "
                               "comment)", path=path, line=lineno)
        keyword = m.group(1)
        field_ = Field(line=lineno, start=line_start + indent + m.end())
        if keyword == "msgctxt" or keyword == "msgid" and (current is None or current.msgid.line):
            current = Entry(msgid=Field(), comments=comments, flags=flags)
            entries.append(current)
            comments, flags = [], set()
        if current is None:
            raise CatalogError(f"{keyword} before any msgid", path=path, line=lineno)
        if keyword == "msgid":
            current.msgid = field_
        elif keyword == "msgctxt":
            current.msgctxt = field_
        elif keyword == "msgid_plural":
            current.msgid_plural = field_
        else:
            current.msgstrs.append(field_)
        target = field_
        _string(source, field_.start, line_end, path, lineno, field_)
    catalog = Catalog(path=path, source=source, entries=entries)
    header = next((e for e in entries if e.msgid.text == "" and e.msgctxt is None), None)
    if header is not None and header.msgstrs:
        for line in header.msgstrs[0].text.splitlines():
            key, sep, value = line.partition(":")
            if sep:
                catalog.headers[key.strip().lower()] = value.strip()
    return catalog


def catalog_lang(value: str | None) -> str | None:
    """A term language tag for a catalog's ``Language`` (kk, kk_KZ, kk@latin, ru_RU, en ...).

    >>> catalog_lang("kk@latin"), catalog_lang("kk_KZ"), catalog_lang("ru_RU"), catalog_lang("de")
    ('kk-Latn', 'kk-Cyrl', 'ru', None)
    """
    if not value:
        return None
    low = value.lower().replace("-", "_")
    if low.startswith("kk"):
        if "latin" in low or "latn" in low:
            return "kk-Latn"
        if "arab" in low or low.endswith("_cn"):
            return "kk-Arab"
        return "kk-Cyrl"
    for lang in ("ru", "en"):
        if low == lang or low.startswith(lang + "_"):
            return lang
    return None


@dataclass(slots=True)
class EntryCheck:
    """What an entry check sees: the entry, one translation of it, and the run's settings."""

    catalog: Catalog
    entry: Entry
    source: Field
    target: Field
    doc: Document
    termbase: object
    options: object
    source_lang: str
    target_lang: str
    date: DateRange


def check_catalog(catalog: Catalog, termbase, options, codes=frozenset(RULES)) -> list[Finding]:  # type: ignore[no-untyped-def]
    """Findings for every translated entry of a catalog (obsolete and header entries skipped)."""
    from kzgloss.checks import CHECKS, check_document
    from kzgloss.checks.prose import detect_lang

    language = options.lang or catalog_lang(catalog.headers.get("language"))
    findings: list[Finding] = []
    entry_checks = [c.func for c in CHECKS if c.scope == "entry" and c.code in codes]
    for entry in catalog.entries:
        if entry.obsolete or (entry.msgid.text == "" and entry.msgctxt is None):
            continue
        date = _entry_date(entry, catalog.path) or options.date
        for i, target in enumerate(entry.msgstrs):
            if not target.text.strip():
                continue
            source = entry.msgid_plural if i and entry.msgid_plural is not None else entry.msgid
            script = script_of(target.text)
            target_lang = _for_script(language, script) or detect_lang(target.text, script)
            doc = Document(path=catalog.path, source=catalog.source, text=target.text, kind="po",
                           date=date, lang=target_lang, offsets=target.offsets,
                           placeholders=placeholder_spans(target.text, styles_for_flags(entry.flags)))
            findings.extend(check_document(doc, termbase, options, codes))
            if entry_checks:
                src_script = script_of(source.text)
                ctx = EntryCheck(catalog, entry, source, target, doc, termbase, options,
                                 detect_lang(source.text, src_script), target_lang,
                                 date or DateRange.day(options.today))
                for check in entry_checks:
                    findings.extend(check(ctx))
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return findings


def _for_script(lang: str | None, script: str) -> str | None:
    if lang in (None, "kk", "kk-Cyrl", "kk-Latn", "kk-Arab"):
        if lang is None:
            return None
        return {"Cyrl": "kk-Cyrl", "Latn": "kk-Latn", "Arab": "kk-Arab"}.get(script, lang)
    return lang


_ENTRY_DATE = re.compile(r"kzgloss:\s*date=(\S+)")


def _entry_date(entry: Entry, path: str) -> DateRange | None:
    for comment in entry.comments:
        m = _ENTRY_DATE.search(comment)
        if m:
            parsed = parse_date(m.group(1))
            if parsed is None:
                raise CatalogError(f"kzgloss comment: {m.group(1)!r} is not a date; write "
                                   "date=YYYY-MM-DD", path=path, line=entry.msgid.line)
            return parsed
    return None


def _concepts_in(matcher: Matcher, text: str, lang: str) -> dict[str, str]:
    """Concept id -> the text as found, for terms of ``lang`` in ``text`` (any status)."""
    from kzgloss.checks.prose import _case_ok

    found: dict[str, str] = {}
    for hit in matcher.scan(text):
        word = text[hit.start:hit.end]
        for ref, _ in hit.refs:
            if ref.term.lang == lang and _case_ok(word, ref.term):
                found.setdefault(ref.concept.id, word)
    return found


_WORD = re.compile(r"\w+")
_RU_FINAL_VOWEL = re.compile(r"[аяоеьйыи]$")


def _derived(term, words: list[str]) -> bool:  # type: ignore[no-untyped-def]
    """Whether a one-word Russian term's stem starts a longer word of the text: a derived
    adjective ("уйгур" in "Уйгурский", the language) renders the concept too."""
    if term.lang != "ru" or " " in term.text or "-" in term.text:
        return False
    stem = _RU_FINAL_VOWEL.sub("", fold_text(term.text))
    return len(stem) >= 4 and any(w.startswith(stem) and len(w) > len(stem) + 2 for w in words)


def missing_target_term(ctx: EntryCheck) -> Iterator[Finding]:
    """KZ201: a source term whose concept has a preferred target term missing from msgstr."""
    from kzgloss.checks.prose import _current_during

    matcher = ctx.termbase.full_matcher  # type: ignore[attr-defined]
    wanted = _concepts_in(matcher, ctx.source.text, ctx.source_lang)
    if not wanted:
        return
    present = _concepts_in(matcher, ctx.target.text, ctx.target_lang)
    target_words = None
    for concept_id, source_text in wanted.items():
        if concept_id in present or source_text in ctx.target.text:
            # Found, or the source term kept as it is ("MFA" -> "... (MFA)"): a choice, and
            # often another sense of an abbreviation.
            continue
        concept = matcher.concepts[concept_id]
        targets = [t for t in concept.terms if t.lang == ctx.target_lang
                   and t.status in ("preferred", "admitted") and t.register != "derogatory"
                   and _current_during(t, ctx.date)]
        if not targets:
            continue
        if target_words is None:
            target_words = _WORD.findall(fold_text(ctx.target.text))
        if any(_derived(t, target_words) for t in targets):
            continue
        targets.sort(key=lambda t: t.status != "preferred")
        line, column = ctx.doc.line_col(ctx.target.offsets[0])
        yield Finding(path=ctx.catalog.path, line=line, column=column, text=source_text,
                      concept=concept_id, rule="KZ201", severity=Severity.WARNING,
                      message=f"“{source_text}” in the msgid is not translated with "
                              f"“{targets[0].text}” (or another form of it)",
                      suggestion=targets[0].text, span=None)
