"""The curated glossary as TOML text files: read with ``file:line`` errors, dump canonically.

Layout (see ``docs/glossary-format.md``)::

    glossary/sources.toml
    glossary/concepts/<concept-id>.toml

:func:`dump_concept` and :func:`dump_sources` write one canonical form, so that reading the
files, building the database and dumping it again gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from kzgloss.errors import GlossaryError
from kzgloss.records import (
    CitationRecord,
    ConceptRecord,
    Glossary,
    HistoryRecord,
    SourceRecord,
    TermRecord,
)
from kzgloss import records as models

__all__ = [
    "read_glossary_dir",
    "read_concept",
    "read_sources",
    "dump_concept",
    "dump_sources",
    "write_glossary_dir",
    "glossary_digest",
    "normalise_lang",
]

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DEFINITION_LANGS = ("en", "ru", "kk")

_CHOICES: dict[str, tuple[str, ...]] = {
    "lang": models.LANGS,
    "status": models.STATUSES,
    "type": models.TERM_TYPES,
    "pos": models.POS,
    "gender": models.GENDERS,
    "number": models.NUMBERS,
    "register": models.REGISTERS,
    "scheme": models.LATIN_SCHEMES,
    "origin": models.ORIGINS,
}
_CONCEPT_KEYS = ("id", "subject", "see_also", "definition", "note", "term", "citation")


def normalise_lang(tag: str) -> str:
    """Canonical language tag: ``kk`` → ``kk-Cyrl``, case fixed (``kk-latn`` → ``kk-Latn``).

    >>> normalise_lang("kk"), normalise_lang("KK-latn"), normalise_lang("ru")
    ('kk-Cyrl', 'kk-Latn', 'ru')
    """
    parts = tag.replace("_", "-").split("-")
    lang = parts[0].lower()
    if lang == "kk" and len(parts) == 1:
        return "kk-Cyrl"
    if len(parts) == 2 and len(parts[1]) == 4:
        return f"{lang}-{parts[1].title()}"
    return "-".join([lang] + parts[1:])


class _Locator:
    """Finds the line of a key in a TOML file, for error messages (tomllib gives none)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, table: str | None = None, index: int = 0, key: str | None = None) -> int | None:
        start = 0
        if table is not None:
            header = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?\s*(#.*)?$")
            seen = -1
            for number, line in enumerate(self.lines):
                if header.match(line):
                    seen += 1
                    if seen == index:
                        start = number
                        break
            else:
                return None
            if key is None:
                return start + 1
        if key is None:
            return None
        key_re = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start + (1 if table else 0), len(self.lines)):
            line = self.lines[number]
            if number > start and re.match(r"^\s*\[", line):
                break
            if key_re.match(line):
                return number + 1
        return start + 1 if table else None

    def error(self, message: str, *, table: str | None = None, index: int = 0,
              key: str | None = None, value: object = None) -> GlossaryError:
        return GlossaryError(
            message, path=str(self.path), line=self.line_of(table, index, key),
            field=key, value=value,
        )


def _did_you_mean(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1)
    return f' (did you mean "{close[0]}"?)' if close else ""


def _load_toml(path: Path) -> tuple[dict[str, Any], _Locator]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read the file: {exc.strerror}", path=str(path)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise GlossaryError("the file is not UTF-8; save it as UTF-8", path=str(path), line=line) from exc
    locator = _Locator(path, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(match.group(1)) if match else getattr(exc, "lineno", None)
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise GlossaryError(f"not valid TOML: {reason}", path=str(path), line=line) from exc
    return data, locator


def _text(value: Any, where: _Locator, *, table: str | None, index: int, key: str,
          required: bool = False) -> str | None:
    if value is None:
        if required:
            owner = f"[[{table}]] number {index + 1}" if table else "the concept"
            raise where.error(f'{owner} has no "{key}"; add {key} = "..."', table=table, index=index)
        return None
    if not isinstance(value, str):
        raise where.error(f'"{key}" must be a string, not {type(value).__name__}',
                          table=table, index=index, key=key, value=value)
    from kzgloss.text import nfc

    value = nfc(value)
    if not value.strip():
        raise where.error(f'"{key}" is empty', table=table, index=index, key=key)
    return value


def _choice(value: Any, where: _Locator, *, table: str, index: int, key: str) -> str | None:
    value = _text(value, where, table=table, index=index, key=key)
    if value is None:
        return None
    if key == "lang":
        value = normalise_lang(value)
    allowed = _CHOICES[key]
    if value not in allowed:
        raise where.error(
            f'unknown {key} "{value}"{_did_you_mean(value, allowed)}; use one of: {", ".join(allowed)}',
            table=table, index=index, key=key, value=value,
        )
    return value


def _date(value: Any, where: _Locator, *, table: str, index: int, key: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        hint = f" (write {key} = {value} without quotes)" if isinstance(value, str) else ""
        raise where.error(f'"{key}" must be a TOML date such as 2020-05-13{hint}',
                          table=table, index=index, key=key, value=value)
    return value


def _check_keys(data: dict[str, Any], allowed: Iterable[str], where: _Locator, *,
                table: str | None, index: int = 0) -> None:
    allowed = tuple(allowed)
    for key in data:
        if key not in allowed:
            raise where.error(f'unknown field "{key}"{_did_you_mean(key, allowed)}',
                              table=table, index=index, key=key, value=key)


def _read_term(raw: Any, index: int, where: _Locator) -> TermRecord:
    if not isinstance(raw, dict):
        raise where.error("each [[term]] must be a table", table="term", index=index)
    names = [f.name for f in fields(TermRecord)]
    _check_keys(raw, names, where, table="term", index=index)
    kw: dict[str, Any] = {}
    kw["text"] = _text(raw.get("text"), where, table="term", index=index, key="text", required=True)
    for key in ("lang", "status"):
        if raw.get(key) is None:
            raise where.error(f'[[term]] "{kw["text"]}" has no "{key}"', table="term", index=index)
    for key in ("lang", "status", "type", "pos", "gender", "number", "register", "scheme", "origin"):
        if key in raw:
            kw[key] = _choice(raw[key], where, table="term", index=index, key=key)
    if "origin" not in raw:
        raise where.error(
            f'[[term]] "{kw["text"]}" has no "origin"; write origin = "attested" when a citation '
            'quotes it, else origin = "editorial"', table="term", index=index)
    for key in ("replaced_by", "note"):
        kw[key] = _text(raw.get(key), where, table="term", index=index, key=key)
    for key in ("valid_from", "valid_until"):
        kw[key] = _date(raw.get(key), where, table="term", index=index, key=key)
    if "plural" in raw:
        plural = raw["plural"]
        if not isinstance(plural, list) or not plural or not all(isinstance(p, str) and p for p in plural):
            raise where.error('"plural" must be a list of the forms, e.g. ["camp", "camps"]',
                              table="term", index=index, key="plural")
        from kzgloss.text import nfc

        kw["plural"] = [nfc(p) for p in plural]
    if kw.get("valid_from") and kw.get("valid_until") and kw["valid_from"] > kw["valid_until"]:
        raise where.error("valid_from is after valid_until", table="term", index=index, key="valid_from")
    kw["history"] = _read_history(raw.get("history"), index, where)
    if kw.get("scheme") and kw["lang"] != "kk-Latn":
        raise where.error('"scheme" applies only to kk-Latn terms', table="term", index=index, key="scheme")
    return TermRecord(**kw)


def _read_history(raw: Any, index: int, where: _Locator) -> list[HistoryRecord]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise where.error('"history" must be a list of { date = ..., status = "..." }',
                          table="term", index=index, key="history")
    out = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise where.error("each history entry must be an inline table",
                              table="term", index=index, key="history")
        _check_keys(entry, [f.name for f in fields(HistoryRecord)], where, table="term", index=index)
        date = _date(entry.get("date"), where, table="term", index=index, key="history")
        if date is None:
            raise where.error("a history entry has no date", table="term", index=index, key="history")
        status = _choice(entry.get("status"), where, table="term", index=index, key="status")
        if status is None:
            raise where.error("a history entry has no status", table="term", index=index, key="history")
        out.append(HistoryRecord(
            date=date, status=status,
            replaced_by=_text(entry.get("replaced_by"), where, table="term", index=index, key="history"),
            note=_text(entry.get("note"), where, table="term", index=index, key="history"),
        ))
    if [h.date for h in out] != sorted(h.date for h in out):
        raise where.error("history entries must be in date order", table="term", index=index, key="history")
    return out


def _read_citation(raw: Any, index: int, where: _Locator) -> CitationRecord:
    if not isinstance(raw, dict):
        raise where.error("each [[citation]] must be a table", table="citation", index=index)
    _check_keys(raw, [f.name for f in fields(CitationRecord)], where, table="citation", index=index)
    return CitationRecord(
        source=_text(raw.get("source"), where, table="citation", index=index, key="source", required=True),
        quote=_text(raw.get("quote"), where, table="citation", index=index, key="quote", required=True),
        term=_text(raw.get("term"), where, table="citation", index=index, key="term"),
        locator=_text(raw.get("locator"), where, table="citation", index=index, key="locator"),
    )


def _read_lang_table(raw: Any, name: str, where: _Locator) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise where.error(f"[{name}] must be a table of languages", key=name)
    out = {}
    for lang, value in raw.items():
        if lang not in DEFINITION_LANGS:
            raise where.error(f'unknown language "{lang}" in [{name}]{_did_you_mean(lang, DEFINITION_LANGS)}',
                              table=name, key=lang)
        out[lang] = _text(value, where, table=name, index=0, key=lang)
    return {lang: out[lang] for lang in DEFINITION_LANGS if lang in out}


def read_concept(path: Path) -> ConceptRecord:
    """Read one concept file; raise :class:`GlossaryError` naming file, line and field."""
    data, where = _load_toml(path)
    _check_keys(data, _CONCEPT_KEYS, where, table=None)
    concept_id = _text(data.get("id"), where, table=None, index=0, key="id", required=True)
    if not SLUG.match(concept_id):
        raise where.error(f'concept id "{concept_id}" is not a slug (a-z, 0-9 and "-")', key="id")
    if concept_id != path.stem:
        raise where.error(f'concept id "{concept_id}" does not match the file name; '
                          f'rename the file to {concept_id}.toml or fix the id', key="id")
    see_also = data.get("see_also", [])
    if not isinstance(see_also, list) or not all(isinstance(s, str) for s in see_also):
        raise where.error('"see_also" must be a list of concept ids', key="see_also")
    terms_raw = data.get("term", [])
    citations_raw = data.get("citation", [])
    if not isinstance(terms_raw, list) or not terms_raw:
        raise where.error(f'concept "{concept_id}" has no [[term]]; add at least one', key="term")
    if not isinstance(citations_raw, list):
        raise where.error("[[citation]] must be an array of tables", key="citation")
    concept = ConceptRecord(
        id=concept_id,
        subject=_text(data.get("subject"), where, table=None, index=0, key="subject"),
        see_also=list(see_also),
        definition=_read_lang_table(data.get("definition"), "definition", where),
        note=_read_lang_table(data.get("note"), "note", where),
        terms=[_read_term(raw, i, where) for i, raw in enumerate(terms_raw)],
        citations=[_read_citation(raw, i, where) for i, raw in enumerate(citations_raw)],
    )
    _check_concept(concept, where)
    return concept


def _check_concept(concept: ConceptRecord, where: _Locator) -> None:
    seen: set[tuple[str, str]] = set()
    for i, term in enumerate(concept.terms):
        key = (term.lang, term.text)
        if key in seen:
            raise where.error(f'concept "{concept.id}": the {term.lang} term "{term.text}" is listed twice',
                              table="term", index=i, key="text", value=term.text)
        seen.add(key)
    texts = {(t.lang, t.text) for t in concept.terms}
    all_texts = {t.text for t in concept.terms}
    for i, term in enumerate(concept.terms):
        targets = [term.replaced_by] + [h.replaced_by for h in term.history]
        for target in filter(None, targets):
            if ":" in target:
                continue  # another concept's term: checked once every file is read
            if (term.lang, target) not in texts:
                raise where.error(
                    f'concept "{concept.id}", term "{term.text}": replaced_by "{target}" is not a '
                    f"{term.lang} term of this concept; add it or write \"other-concept:{target}\"",
                    table="term", index=i, key="replaced_by", value=target)
    for i, citation in enumerate(concept.citations):
        if citation.term is not None and citation.term not in all_texts:
            raise where.error(
                f'concept "{concept.id}": citation names term "{citation.term}", which the concept '
                f"does not have{_did_you_mean(citation.term, all_texts)}",
                table="citation", index=i, key="term", value=citation.term)


def read_sources(path: Path) -> list[SourceRecord]:
    """Read ``sources.toml``."""
    data, where = _load_toml(path)
    _check_keys(data, ("source",), where, table=None)
    raw_list = data.get("source", [])
    names = [f.name for f in fields(SourceRecord)]
    out: list[SourceRecord] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_list):
        if not isinstance(raw, dict):
            raise where.error("each [[source]] must be a table", table="source", index=i)
        _check_keys(raw, names, where, table="source", index=i)
        kw = {name: _text(raw.get(name), where, table="source", index=i, key=name,
                          required=name in ("id", "title")) for name in names}
        if not SLUG.match(kw["id"]):
            raise where.error(f'source id "{kw["id"]}" is not a slug (a-z, 0-9 and "-")',
                              table="source", index=i, key="id")
        if kw["id"] in seen:
            raise where.error(f'source id "{kw["id"]}" is used twice', table="source", index=i, key="id")
        if kw["date"] and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", kw["date"]):
            raise where.error(f'source date "{kw["date"]}" must be YYYY, YYYY-MM or YYYY-MM-DD',
                              table="source", index=i, key="date")
        seen.add(kw["id"])
        out.append(SourceRecord(**kw))
    return out


def _concept_files(directory: Path) -> list[Path]:
    return sorted((directory / "concepts").glob("*.toml"))


def read_glossary_dir(directory: Path) -> Glossary:
    """Read and cross-check a whole glossary directory.

    Raises :class:`GlossaryError` for the first problem, naming file, line, concept and field.
    """
    directory = Path(directory)
    if not (directory / "concepts").is_dir():
        raise GlossaryError(
            f"{directory} is not a glossary directory: it has no concepts/ folder "
            "(expected concepts/<id>.toml and sources.toml)", path=str(directory))
    sources_path = directory / "sources.toml"
    sources = read_sources(sources_path) if sources_path.exists() else []
    concepts = [read_concept(path) for path in _concept_files(directory)]
    glossary = Glossary(concepts=concepts, sources=sources)
    _cross_check(glossary, directory)
    return glossary


def _cross_check(glossary: Glossary, directory: Path) -> None:
    source_ids = {s.id for s in glossary.sources}
    by_id = {c.id: c for c in glossary.concepts}
    for concept in glossary.concepts:
        path = directory / "concepts" / f"{concept.id}.toml"
        where = _Locator(path, path.read_text(encoding="utf-8"))
        for i, citation in enumerate(concept.citations):
            if citation.source not in source_ids:
                raise where.error(
                    f'concept "{concept.id}": citation source "{citation.source}" is not in '
                    f"sources.toml{_did_you_mean(citation.source, source_ids)}",
                    table="citation", index=i, key="source", value=citation.source)
        for other in concept.see_also:
            if other not in by_id:
                raise where.error(f'concept "{concept.id}": see_also names unknown concept "{other}"'
                                  f"{_did_you_mean(other, by_id)}", key="see_also", value=other)
        for i, term in enumerate(concept.terms):
            for target in filter(None, [term.replaced_by] + [h.replaced_by for h in term.history]):
                if ":" not in target:
                    continue
                other_id, text = target.split(":", 1)
                other = by_id.get(other_id)
                if other is None or not any(t.text == text for t in other.terms):
                    raise where.error(
                        f'concept "{concept.id}", term "{term.text}": replaced_by "{target}" names '
                        "no existing term", table="term", index=i, key="replaced_by", value=target)


# --- writing -------------------------------------------------------------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\b": "\\b", "\f": "\\f"}


def _toml_str(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return _toml_str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} to TOML")


def _history_lines(history: list[HistoryRecord]) -> Iterator[str]:
    yield "history = ["
    for entry in history:
        parts = [f"{f.name} = {_toml_value(getattr(entry, f.name))}"
                 for f in fields(HistoryRecord) if getattr(entry, f.name) is not None]
        yield "  { " + ", ".join(parts) + " },"
    yield "]"


def dump_concept(concept: ConceptRecord) -> str:
    """The canonical TOML text of one concept.

    >>> from kzgloss.records import TermRecord
    >>> print(dump_concept(ConceptRecord(id="x", terms=[TermRecord("X", "en", "preferred")])), end="")
    id = "x"
    <BLANKLINE>
    [[term]]
    text = "X"
    lang = "en"
    status = "preferred"
    origin = "editorial"
    """
    lines = [f"id = {_toml_str(concept.id)}"]
    if concept.subject is not None:
        lines.append(f"subject = {_toml_str(concept.subject)}")
    if concept.see_also:
        lines.append(f"see_also = {_toml_value(concept.see_also)}")
    for name in ("definition", "note"):
        table = getattr(concept, name)
        if table:
            lines += ["", f"[{name}]"]
            lines += [f"{lang} = {_toml_str(text)}" for lang, text in table.items()]
    for term in concept.terms:
        lines += ["", "[[term]]"]
        for f in fields(TermRecord):
            value = getattr(term, f.name)
            if f.name == "history":
                if value:
                    lines += list(_history_lines(value))
            elif value is not None:
                lines.append(f"{f.name} = {_toml_value(value)}")
    for citation in concept.citations:
        lines += ["", "[[citation]]"]
        for f in fields(CitationRecord):
            value = getattr(citation, f.name)
            if value is not None:
                lines.append(f"{f.name} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def dump_sources(sources: list[SourceRecord]) -> str:
    """The canonical TOML text of ``sources.toml``."""
    blocks = []
    for source in sources:
        lines = ["[[source]]"]
        for f in fields(SourceRecord):
            value = getattr(source, f.name)
            if value is not None:
                lines.append(f"{f.name} = {_toml_str(value)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def write_glossary_dir(glossary: Glossary, directory: Path) -> list[Path]:
    """Write a glossary directory canonically; return the files written.

    Concept files no longer in the glossary are removed, so the directory mirrors the termbase.
    """
    directory = Path(directory)
    (directory / "concepts").mkdir(parents=True, exist_ok=True)
    written = []
    sources_path = directory / "sources.toml"
    sources_path.write_text(dump_sources(glossary.sources), encoding="utf-8", newline="\n")
    written.append(sources_path)
    keep = set()
    for concept in glossary.concepts:
        path = directory / "concepts" / f"{concept.id}.toml"
        path.write_text(dump_concept(concept), encoding="utf-8", newline="\n")
        keep.add(path.name)
        written.append(path)
    for stale in (directory / "concepts").glob("*.toml"):
        if stale.name not in keep:
            stale.unlink()
    return written


def glossary_digest(directory: Path) -> str:
    """A SHA-256 over the names and bytes of a glossary's files (to tell when it changed)."""
    directory = Path(directory)
    digest = hashlib.sha256()
    paths = [directory / "sources.toml"] + _concept_files(directory)
    for path in paths:
        if path.exists():
            digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
