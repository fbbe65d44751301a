"""Import gettext catalogs into the translation memory.

Each catalog is read by the strict streaming reader (:mod:`kzgloss.po_parser`) and its
translated entries go straight to :func:`kzgloss.segments.store_rows` as row tuples, so a
50 MB catalog is never held in memory whole. The caller frames the transaction
(``with engine.begin() as connection``): a file rejected half-way raises
:class:`~kzgloss.errors.CatalogError` and the rollback leaves the memory as it was.

Counts follow polib: *stored* + *duplicates* is ``len(translated_entries())``, fuzzy and
obsolete entries are counted apart (obsolete first), and the rest is untranslated.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from kzgloss.errors import CatalogError
from kzgloss.po_parser import PoEntry, PoReader, PoWarning
from kzgloss.segments import content_checksum, format_stamp, store_rows

if TYPE_CHECKING:
    import sqlalchemy as sa

__all__ = ["FileCounts", "ImportResult", "import_catalogs", "catalog_language",
           "placeholder_problem"]

_SCRIPTS = {"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab"}
_TERMBASE_LANGS = ("en", "ru", "kk")
# printf (c-format, python-format with %(name)s) and brace (python-brace-format) placeholders.
_PRINTF = re.compile(r"%(?:\d+\$)?(?:\([^)]*\))?[-#0 +']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                     r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsaAp]")
_BRACE = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})")
_FORMAT_FLAGS = {"c-format": _PRINTF, "python-format": _PRINTF, "php-format": _PRINTF,
                 "python-brace-format": _BRACE}


@dataclass(slots=True)
class FileCounts:
    """What happened to the entries of one catalog."""

    path: str
    language: str
    stored: int = 0
    skipped_fuzzy: int = 0
    skipped_obsolete: int = 0
    skipped_untranslated: int = 0
    duplicates: int = 0

    def as_json(self) -> dict[str, object]:
        """Keys as the summary names them: ``stored``, ``skipped-fuzzy``, ..."""
        return {key.replace("_", "-"): value for key, value in asdict(self).items()}


@dataclass(slots=True)
class ImportResult:
    files: list[FileCounts] = field(default_factory=list)
    warnings: list[PoWarning] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        keys = ("stored", "skipped_fuzzy", "skipped_obsolete", "skipped_untranslated",
                "duplicates")
        return {k.replace("_", "-"): sum(getattr(f, k) for f in self.files) for k in keys}


def catalog_language(value: str) -> str:
    """A BCP 47 tag for a catalog's ``Language`` (or ``--lang``) value.

    Kazakh gets its script (``kk`` alone is Cyrillic, as in the glossary); the termbase's
    languages lose their region, so ``ru_RU`` and ``ru`` meet in one memory.

    >>> [catalog_language(v) for v in ("ru_RU", "kk", "kk@latin", "kk_KZ", "kk-Arab", "de_AT")]
    ['ru', 'kk-Cyrl', 'kk-Latn', 'kk-Cyrl', 'kk-Arab', 'de-AT']
    """
    tag, _, modifier = value.strip().partition("@")
    parts = [p for p in re.split(r"[-_.]", tag) if p]
    if not parts or not parts[0].isalpha():
        raise ValueError(value)
    lang = parts[0].lower()
    script = _SCRIPTS.get(modifier.lower()) if modifier else None
    region = None
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            script = part.title()
        elif len(part) in (2, 3) and region is None:
            region = part.upper()
    if lang == "kk":
        if script is None:
            script = "Arab" if region == "CN" else "Cyrl"
        return f"kk-{script}"
    tags = [lang] + ([script] if script else [])
    if lang not in _TERMBASE_LANGS and region and region.isalpha():
        tags.append(region)
    return "-".join(tags)


def _placeholders(pattern: re.Pattern[str], text: str) -> list[str]:
    if "%" not in text and "{" not in text:
        return []
    return sorted(pattern.findall(text.replace("%%", "")))


def placeholder_problem(entry: PoEntry) -> str | None:
    """Why the placeholders of ``entry``'s translation differ from its msgid, or ``None``.

    Only entries flagged with a format (``c-format``, ``python-format`` ...) are checked.
    A plural form may leave a placeholder out (Russian "one" forms often do), but never add
    one the msgids do not have.

    >>> e = PoEntry(None, "%(n)s files", None, ("%(count)s файлов",), ("python-format",))
    >>> placeholder_problem(e)
    'placeholders differ: msgid has %(n)s, msgstr has %(count)s'
    """
    pattern = next((_FORMAT_FLAGS[f] for f in entry.flags if f in _FORMAT_FLAGS), None)
    if pattern is None:
        return None
    source = _placeholders(pattern, entry.msgid)
    if entry.msgid_plural is None:
        target = _placeholders(pattern, entry.msgstr)
        if source == target:
            return None
        return (f"placeholders differ: msgid has {' '.join(source) or 'none'}"
                f", msgstr has {' '.join(target) or 'none'}")
    allowed = set(source) | set(_placeholders(pattern, entry.msgid_plural))
    for i, form in enumerate(entry.msgstrs):
        extra = sorted(set(_placeholders(pattern, form)) - allowed)
        if extra:
            return f"msgstr[{i}] has {' '.join(extra)}, which the msgids do not have"
    return None


def _script_of(text: str) -> str | None:
    for ch in text:
        if "\u0400" <= ch <= "\u04ff":
            return "Cyrl"
        if "\u0600" <= ch <= "\u06ff":
            return "Arab"
    return "Latn" if any(ch.isalpha() for ch in text) else None


def _rows(reader: PoReader, counts: FileCounts, *, lang: str | None, project: str | None,
          stamp: str | None) -> Iterator[tuple]:
    """Segment rows (:data:`kzgloss.segments.ROW_COLUMNS`) of the translated entries; counts
    the others. Raises on an invalid file.

    This is the per-entry path of a 200k-entry import: the row tuple is built straight from
    the parsed entry (no record object), lists are JSON-encoded once per distinct value where
    they repeat (flags), and the checksum is :func:`~kzgloss.segments.content_checksum`.
    """
    path = reader.path
    target_lang: str | None = None
    detect_kk = False
    flag_json: dict[tuple[str, ...], str | None] = {(): None}
    dumps = json.dumps
    checksum = content_checksum
    warnings = reader.warnings
    obsolete = fuzzy = untranslated = 0
    try:
        for entry in reader:
            msgctxt, msgid, msgid_plural, msgstrs, flags, is_obsolete, line, _ = entry
            if target_lang is None:
                target_lang, detect_kk = _target_language(reader, lang)
                counts.language = target_lang
            if is_obsolete:
                obsolete += 1
                continue
            if flags:
                if "fuzzy" in flags:
                    fuzzy += 1
                    continue
                if not all(msgstrs):
                    untranslated += 1
                    continue
                problem = placeholder_problem(entry)
                if problem is not None:
                    warnings.append(PoWarning(path, line, problem))
                flags_value = flag_json.get(flags)
                if flags_value is None:
                    flags_value = flag_json[flags] = dumps(list(flags), ensure_ascii=False)
            else:
                if not all(msgstrs):
                    untranslated += 1
                    continue
                flags_value = None
            msgstr = msgstrs[0] if msgstrs else ""
            seg_lang = target_lang
            if detect_kk:
                # A catalog that says only "kk" may be in any of Kazakh's scripts (Weblate's
                # is Latin): each segment gets the script its text is written in.
                seg_lang = f"kk-{_script_of(msgstr) or 'Cyrl'}"
            if msgid_plural is None:
                plurals = None
                digest = checksum("en", seg_lang, msgctxt, msgid, None, msgstr, None)
            else:
                plurals = dumps(msgstrs, ensure_ascii=False)
                digest = checksum("en", seg_lang, msgctxt, msgid, msgid_plural, msgstr,
                                  "\x02".join(msgstrs))
            yield (msgid, msgstr, "en", seg_lang, msgctxt, msgid_plural, plurals, flags_value,
                   project, path, line, stamp, digest)
        if target_lang is None:
            counts.language = _target_language(reader, lang)[0]
    finally:
        counts.skipped_obsolete += obsolete
        counts.skipped_fuzzy += fuzzy
        counts.skipped_untranslated += untranslated


def _target_language(reader: PoReader, lang: str | None) -> tuple[str, bool]:
    value = lang or reader.language
    if value is None:
        raise CatalogError("the header has no Language field; give the language with "
                           "--lang (e.g. --lang ru)", path=reader.path,
                           line=reader.header_line or 1)
    try:
        tag = catalog_language(value)
    except ValueError:
        where = "--lang" if lang else "the header's Language"
        raise CatalogError(f"{where} {value!r} is not a language code like ru, kk or kk@latin",
                           path=reader.path, line=reader.field_line("Language")) from None
    explicit_script = "@" in value or bool(re.search(r"[-_][A-Za-z]{4}\b", value))
    return tag, tag == "kk-Cyrl" and not explicit_script and lang is None


@contextlib.contextmanager
def _large_page_cache(connection: sa.Connection) -> Iterator[None]:
    """A 64 MiB SQLite page cache for the run: the unique index on the segment checksums
    takes random inserts, and with the default 2 MiB cache they spill (2x slower at 150k)."""
    if connection.dialect.name != "sqlite":
        yield
        return
    old = int(connection.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
    connection.exec_driver_sql("PRAGMA cache_size=-65536")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={old}")


def import_catalogs(connection: sa.Connection, catalogs: Iterable[tuple[str, BinaryIO]], *,
                    lang: str | None = None, project: str | None = None,
                    progress: Callable[[int], None] | None = None,
                    imported_at: dt.datetime | None = None) -> ImportResult:
    """Store the translated entries of each ``(path, binary file)`` in the translation memory.

    Runs inside the caller's transaction; raises :class:`CatalogError` (``FILE:LINE: ...``)
    on the first invalid catalog, and the caller's rollback then undoes the whole run.
    ``lang`` overrides the catalogs' ``Language`` header. ``progress`` gets bytes read.
    """
    if imported_at is None:
        imported_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    stamp = format_stamp(imported_at)
    result = ImportResult()
    with _large_page_cache(connection):
        for path, fileobj in catalogs:
            reader = PoReader(fileobj, path=path, progress=progress)
            counts = FileCounts(path=path, language=lang or "")
            stored = store_rows(connection, _rows(reader, counts, lang=lang, project=project,
                                                  stamp=stamp))
            counts.stored, counts.duplicates = stored.stored, stored.duplicates
            result.files.append(counts)
            result.warnings.extend(reader.warnings)
    return result
