"""Pre-translation of a gettext catalog from the translation memory and the termbase.

Only the lines of the entries that get a suggestion change: every other entry, comment and
the header stay byte for byte as they were. An empty entry gets

* an exact match (same source and context) as its translation;
* else the best fuzzy match at or above ``min_score``, flagged ``fuzzy``, with a translator
  comment ``# kzgloss: fuzzy match 87.5 from PROJECT: FILE:LINE``;
* ``#. kzgloss term:`` hints for the glossary terms found in its source, with the preferred
  target term and the ones to avoid.

A suggestion whose placeholders differ from the source's (:func:`kzgloss.placeholders.compatible`)
or whose leading/trailing newline differs (``msgfmt --check``) is never offered.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from kzgloss import tm
from kzgloss.placeholders import compatible, styles_for_flags
from kzgloss.tmx import canonical_lang, same_lang, stored_lang

__all__ = ["PretranslateResult", "pretranslate_po", "term_hints"]

MARK = "kzgloss"
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s")
_WORDS = re.compile(r"\w+(?:[-'’]\w+)*")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


@dataclass(slots=True)
class PretranslateResult:
    """What a run did, entry by entry counted."""

    exact: int = 0
    fuzzy: int = 0
    hinted: int = 0
    no_match: int = 0
    rejected_placeholders: int = 0
    kept_translated: int = 0
    notes: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------- glossary hints


def _term_lang(lang: str) -> str:
    lang = canonical_lang(lang)
    return "kk-Cyrl" if lang in ("kk", "kk-KZ") else lang


def term_hints(reader: Any, source: str, *, source_lang: str, target_lang: str,
               on: dt.date | None = None) -> list[str]:
    """Hint lines (without ``#.``) for the termbase terms found in *source*.

    Word sequences of one to five words are looked up by their folded and inflected keys,
    so "camps" finds the term "camp".
    """
    from kzgloss.reader import in_clause
    from kzgloss.records import status_on
    from kzgloss.termbase import read_concepts
    from kzgloss.text import folded_key

    words = _WORDS.findall(source)
    keys = set()
    for n in range(1, 6):
        for i in range(len(words) - n + 1):
            key = folded_key(" ".join(words[i:i + n]))
            if len(key) >= 3:
                keys.add(key)
    if not keys:
        return []
    params: dict[str, Any] = {}
    src = _term_lang(source_lang)
    rows = reader.rows(
        "SELECT DISTINCT t.concept_id, t.text FROM lookup_key lk JOIN term t ON t.id = lk.term_id "
        f"WHERE lk.key IN ({in_clause('k', sorted(keys), params)}) "
        "AND lk.kind IN ('exact', 'folded', 'inflected') AND (t.lang = :src OR t.lang LIKE :src_sub)",
        {**params, "src": src, "src_sub": src.split("-")[0] + "-%"})
    if not rows:
        return []
    found = {}
    for row in rows:
        found.setdefault(row["concept_id"], row["text"])
    on = on or dt.date.today()
    want = _term_lang(target_lang)
    hints = []
    for concept in read_concepts(reader, sorted(found)):
        preferred, avoid = [], []
        for term in concept.terms:
            if term.lang != want:
                continue
            status = status_on(status=term.status, valid_from=term.valid_from,
                               valid_until=term.valid_until,
                               history=[(h.date, h.status) for h in term.history], on=on)
            if status == "preferred":
                preferred.append(term.text)
            elif status in ("forbidden", "deprecated", "superseded"):
                avoid.append(f"{term.text} ({status})")
        if not preferred and not avoid:
            continue
        line = f"{MARK} term: {found[concept.id]} → {', '.join(preferred) or '?'}"
        if avoid:
            line += f"; avoid: {', '.join(avoid)}"
        hints.append(line)
    return hints


# ------------------------------------------------------------------------ suggestions


def _nplurals(metadata: dict[str, str]) -> int:
    m = _NPLURALS.search(metadata.get("Plural-Forms", ""))
    return int(m.group(1)) if m else 2


def _forms_of(match: tm.TMMatch, nplurals: int) -> list[str] | None:
    forms = list(match.target_plurals or ())
    if forms and forms[0] != match.target:
        forms = [match.target] + forms
    return forms if len(forms) == nplurals else None


def _newlines_agree(source: str, target: str) -> bool:
    return (source.startswith("\n") == target.startswith("\n")
            and source.endswith("\n") == target.endswith("\n"))


def _offer(entry: Any, match: tm.TMMatch, nplurals: int) -> list[str] | None:
    """The msgstr forms *match* would give *entry*, or ``None`` when it must not be offered."""
    styles = styles_for_flags(entry.flags)
    if entry.msgid_plural:
        if match.source_plural is None:
            return None
        forms = _forms_of(match, nplurals)
        if forms is None:
            return None
        for i, form in enumerate(forms):
            sources = [entry.msgid_plural] if i else [entry.msgid, entry.msgid_plural]
            if not any(compatible(s, form, styles) and _newlines_agree(s, form) for s in sources):
                return None
        return forms
    if match.source_plural is not None:
        return None
    if not compatible(entry.msgid, match.target, styles) or not _newlines_agree(entry.msgid, match.target):
        return None
    return [match.target]


def _choose(entry: Any, matches: list[tm.TMMatch], nplurals: int, target_lang: str,
            result: PretranslateResult) -> tuple[tm.TMMatch, list[str], bool] | None:
    """The best usable match: exact (same source, plural and context) first, then by score."""
    usable = [m for m in matches if same_lang(m.target_lang, target_lang)]

    def exact(m: tm.TMMatch) -> bool:
        return (m.score == 100.0 and m.context == (entry.msgctxt or None)
                and (m.source_plural or None) == (entry.msgid_plural or None))

    usable.sort(key=lambda m: (not exact(m), -m.score, -m.id))
    rejected = False
    for match in usable:
        forms = _offer(entry, match, nplurals)
        if forms is None:
            rejected = True
            continue
        return match, forms, exact(match)
    if rejected:
        result.rejected_placeholders += 1
    return None


# ------------------------------------------------------------------- rewriting entries


def _po_string(keyword: str, value: str, eol: str) -> list[str]:
    import polib

    if "\n" in value[:-1]:
        parts = value.splitlines(keepends=True)
        return [f'{keyword} ""{eol}'] + [f'"{polib.escape(p)}"{eol}' for p in parts]
    return [f'{keyword} "{polib.escape(value)}"{eol}']


def _rewrite(block: list[str], *, forms: list[str] | None, plural: bool, fuzzy: bool | None,
             comment: str | None, hints: list[str], previous: str | None, eol: str) -> list[str]:
    """The entry's lines with new comments, flags and msgstr; other lines kept verbatim.

    *fuzzy* ``True`` adds the flag, ``False`` removes it (and ``#|`` lines), ``None`` leaves it.
    """
    translator, extracted, references, flags, prev, body = [], [], [], [], [], []
    for line in block:
        if line.startswith("#."):
            if not line.startswith(f"#. {MARK} term:"):
                extracted.append(line)
        elif line.startswith("#:"):
            references.append(line)
        elif line.startswith("#,"):
            flags.append(line)
        elif line.startswith("#|"):
            prev.append(line)
        elif line.startswith("#"):
            if not line.startswith(f"# {MARK}:"):
                translator.append(line)
        else:
            body.append(line)
    if comment:
        translator.append(f"# {MARK}: {comment}{eol}")
    extracted += [f"#. {h}{eol}" for h in hints]
    if fuzzy is not None:
        names = [f.strip() for line in flags for f in line[2:].split(",") if f.strip()]
        names = [n for n in names if n != "fuzzy"]
        if fuzzy:
            names.insert(0, "fuzzy")
        else:
            prev = []
        flags = [f"#, {', '.join(names)}{eol}"] if names else []
    if fuzzy and previous is not None:
        prev = [line.replace('msgid "', '#| msgid "', 1) if line.startswith("msgid") else "#| " + line
                for line in _po_string("msgid", previous, eol)]
    if forms is not None:
        kept, in_msgstr = [], False
        for line in body:
            m = _KEYWORD.match(line)
            if m:
                in_msgstr = m.group(1).startswith("msgstr")
            if not in_msgstr:
                kept.append(line)
        body = kept
        for i, form in enumerate(forms):
            body += _po_string(f"msgstr[{i}]" if plural else "msgstr", form, eol)
    return translator + extracted + references + flags + prev + body


def _blocks(lines: list[str], entries: list[Any]) -> list[tuple[int, int]]:
    """Line spans ``[start, end)`` of each entry, trailing blank lines left out."""
    starts = [e.linenum - 1 for e in entries] + [len(lines)]
    spans = []
    for i, entry in enumerate(entries):
        start, end = starts[i], starts[i + 1]
        while end > start and not lines[end - 1].strip():
            end -= 1
        spans.append((start, end))
    return spans


def _translated(entry: Any) -> bool:
    if entry.msgid_plural:
        return any(v for v in entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _read_catalog(data: bytes, path: str | None) -> tuple[Any, str, str]:
    """The parsed catalog, its text and its encoding (from the header's charset)."""
    import polib

    from kzgloss.errors import CatalogError

    try:
        catalog = polib.pofile(data.decode("utf-8", errors="surrogateescape"), wrapwidth=0)
        encoding = catalog.encoding if catalog.encoding not in ("", "CHARSET") else "utf-8"
        text = data.decode(encoding)
        if encoding.lower().replace("-", "") != "utf8":
            catalog = polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError, LookupError) as exc:
        where = re.search(r"\s*\(line (\d+)\)", str(exc))
        message = str(exc).replace(where.group(0), "") if where else str(exc)
        raise CatalogError(f"not a valid gettext catalog: {message}", path=path,
                           line=int(where.group(1)) if where else None) from exc
    return catalog, text, encoding


def _new_lines(reader: Any, entry: Any, block: list[str], *, lang: str, source_lang: str,
               min_score: float, nplurals: int, eol: str, result: PretranslateResult) -> list[str] | None:
    """The entry's new lines, or ``None`` when there is nothing to add."""
    hints = term_hints(reader, entry.msgid, source_lang=source_lang, target_lang=lang)
    matches = tm.search(reader, entry.msgid, source_lang=source_lang, target_lang=lang.split("-")[0],
                        min_score=min_score, limit=50)
    choice = _choose(entry, matches, nplurals, lang, result)
    result.hinted += bool(hints)
    if choice is None:
        result.no_match += 1
        if not hints:
            return None
        return _rewrite(block, forms=None, plural=False, fuzzy=None, comment=None, hints=hints,
                        previous=None, eol=eol)
    match, forms, is_exact = choice
    plural = bool(entry.msgid_plural)
    if is_exact:
        result.exact += 1
        return _rewrite(block, forms=forms, plural=plural, fuzzy=False, comment=None, hints=hints,
                        previous=None, eol=eol)
    result.fuzzy += 1
    note = f"fuzzy match {match.score:.1f} from {match.origin}"
    if match.context != (entry.msgctxt or None):
        note += f" (context {match.context!r})"
    return _rewrite(block, forms=forms, plural=plural, fuzzy=True, comment=note, hints=hints,
                    previous=match.source if match.source != entry.msgid else None, eol=eol)


def pretranslate_po(reader: Any, data: bytes, *, min_score: float = 75.0, overwrite: bool = False,
                    source_lang: str = "en", target_lang: str | None = None,
                    path: str | None = None) -> tuple[bytes, PretranslateResult]:
    """Pre-translate the catalog *data* (the bytes of a ``.po`` file); return the new bytes.

    *target_lang* defaults to the catalog's ``Language`` header. Translated entries are left
    alone unless *overwrite*; obsolete entries and the header always are. Only the lines of
    the entries that change are rewritten.
    """
    from kzgloss.errors import UsageError

    catalog, text, encoding = _read_catalog(data, path)
    lang = target_lang or catalog.metadata.get("Language")
    if not lang:
        raise UsageError(f"{path or 'the catalog'} has no Language header; give --target-lang")
    # A catalog that says only "kk" is in the script its translations are written in.
    sample = next((e.msgstr for e in catalog if e.msgstr and not e.obsolete), "")
    lang = stored_lang(lang, sample)
    lines = text.splitlines(keepends=True)
    eol = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    entries = list(catalog)
    nplurals = _nplurals(catalog.metadata)
    result = PretranslateResult()
    out: list[str] = []
    done = 0
    for (start, end), entry in zip(_blocks(lines, entries), entries):
        if entry.obsolete or not entry.msgid:
            continue
        if _translated(entry) and not overwrite:
            result.kept_translated += 1
            continue
        new = _new_lines(reader, entry, lines[start:end], lang=lang, source_lang=source_lang,
                         min_score=min_score, nplurals=nplurals, eol=eol, result=result)
        if new is not None:
            out += lines[done:start]
            out += [line if line.endswith(("\n", "\r")) else line + eol for line in new]
            done = end
    out += lines[done:]
    return "".join(out).encode(encoding), result
