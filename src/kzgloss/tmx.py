"""TMX 1.4b in and out: :func:`read_tmx` and :func:`write_tmx` over file objects.

Reading keeps every ``<tuv>`` of a ``<tu>``: the one in the source language is the source,
and each other one becomes a segment of its own. Inline markup is kept as the native codes
it stands for (``<bpt>&lt;b&gt;</bpt>`` → ``<b>``), which is what a gettext catalog holds.
Writing groups the segments of one source into one ``<tu>``, marks placeholders and tags as
``<ph>``/``<bpt>``/``<ept>``, and puts provenance (project, file, line, flags, plural forms)
in ``<prop type="x-...">``, so that reading the file back gives the same segments.

The parser is the standard library's expat: no external entity or DTD is ever fetched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any
from xml.parsers import expat

from kzgloss import __version__
from kzgloss.errors import CatalogError
from kzgloss.placeholders import find as find_placeholders
from kzgloss.placeholders import mask
from kzgloss.segments import SegmentRecord

__all__ = ["read_tmx", "write_tmx", "canonical_lang", "bcp47", "stored_lang", "same_lang",
           "lang_matches"]

_INLINE = {"bpt", "ept", "ph", "it", "ut", "hi", "sub"}
_CHAR_PH = "x-kzgloss-char"
# Characters XML 1.0 cannot carry, even as references (XML 1.0 §2.2).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TAG = re.compile(r"</?([A-Za-z][\w:.-]*)(?:\s[^<>]*)?/?>")


def canonical_lang(tag: str) -> str:
    """A language tag in BCP 47 form: ``kk_latn`` → ``kk-Latn``, ``ru_ru`` → ``ru-RU``.

    >>> canonical_lang("KK"), canonical_lang("kk_latn"), canonical_lang("kk@latin"), canonical_lang("ru-ru")
    ('kk', 'kk-Latn', 'kk-Latn', 'ru-RU')
    """
    tag = tag.strip()
    tag, _, modifier = tag.partition("@")
    parts = [p for p in tag.replace("_", "-").split("-") if p]
    if not parts:
        return tag
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    script = {"latin": "Latn", "cyrillic": "Cyrl", "arabic": "Arab"}.get(modifier.lower())
    if script and not any(len(p) == 4 for p in out[1:]):
        out.insert(1, script)
    return "-".join(out)


#: Scripts a language tag leaves out (IANA registry "Suppress-Script"): kk-Cyrl is written kk.
SUPPRESS_SCRIPT = {"kk": "Cyrl", "ru": "Cyrl", "uk": "Cyrl", "be": "Cyrl", "en": "Latn"}


def bcp47(tag: str) -> str:
    """The tag as BCP 47 recommends writing it, without a suppressed script (TMX ``xml:lang``).

    >>> bcp47("kk-Cyrl"), bcp47("kk-Latn"), bcp47("ru"), bcp47("kk_cyrl_kz")
    ('kk', 'kk-Latn', 'ru', 'kk-KZ')
    """
    parts = canonical_lang(tag).split("-")
    if len(parts) > 1 and SUPPRESS_SCRIPT.get(parts[0]) == parts[1]:
        del parts[1]
    return "-".join(parts)


def script_of_text(text: str) -> str:
    """The script a Kazakh text is written in, as the .po importer decides it.

    >>> script_of_text("%(name)s таңдалды"), script_of_text("Qupiasóz"), script_of_text("%s")
    ('Cyrl', 'Latn', 'Cyrl')
    """
    for ch in text:
        if "\u0400" <= ch <= "\u04ff":
            return "Cyrl"
        if "\u0600" <= ch <= "\u06ff":
            return "Arab"
    return "Latn" if any(ch.isalpha() for ch in mask(text)) else "Cyrl"


def stored_lang(tag: str, text: str) -> str:
    """The language a segment is stored under: Kazakh always with its script (``kk-Cyrl``,
    ``kk-Latn``), found from the text when the tag does not say, as the .po importer does.

    >>> stored_lang("kk", "Құпиясөз"), stored_lang("KK", "Qupiasóz"), stored_lang("ru-RU", "Да")
    ('kk-Cyrl', 'kk-Latn', 'ru-RU')
    """
    lang = canonical_lang(tag)
    parts = lang.split("-")
    if parts[0] == "kk" and not any(len(p) == 4 for p in parts[1:]):
        parts.insert(1, script_of_text(text))
    return "-".join(parts)


def same_lang(a: str, b: str) -> bool:
    """``kk`` and ``kk-Cyrl`` are the same language; ``kk-Latn`` is not.

    >>> same_lang("kk", "kk-Cyrl"), same_lang("kk", "kk-Latn")
    (True, False)
    """
    return bcp47(a) == bcp47(b)


def lang_matches(tag: str, wanted: str) -> bool:
    """``kk`` matches ``kk``, ``kk-Cyrl`` and ``kk-Latn``; ``kk-Latn`` matches only itself.

    >>> lang_matches("kk-Latn", "kk"), lang_matches("kk-Cyrl", "kk"), lang_matches("kk", "kk-Latn")
    (True, True, False)
    """
    tag, wanted = bcp47(tag), bcp47(wanted)
    return tag == wanted or tag.startswith(wanted + "-")


# ---------------------------------------------------------------------------- reading


@dataclass(slots=True)
class _Tuv:
    lang: str
    line: int
    props: list[tuple[str, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    creationdate: str | None = None


@dataclass(slots=True)
class _Tu:
    line: int
    srclang: str | None
    props: list[tuple[str, str]] = field(default_factory=list)
    tuvs: list[_Tuv] = field(default_factory=list)


class _Parser:
    """expat handlers that collect one ``<tu>`` at a time."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.parser = expat.ParserCreate(namespace_separator=None)
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.chars
        self.stack: list[str] = []
        self.srclang: str | None = None
        self.ours = False
        self.tu: _Tu | None = None
        self.tuv: _Tuv | None = None
        self.prop: tuple[str, list[str]] | None = None
        self.in_seg = 0
        self.char_starts: list[int] = []
        self.done: list[_Tu] = []

    def error(self, message: str) -> CatalogError:
        return CatalogError(message, path=self.path, line=self.parser.CurrentLineNumber,
                            column=self.parser.CurrentColumnNumber + 1)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        parent = self.stack[-1] if self.stack else None
        self.stack.append(name)
        line = self.parser.CurrentLineNumber
        if parent is None and name != "tmx":
            raise self.error(f"the root element is <{name}>, not <tmx>; is this a TMX file?")
        if name == "header":
            self.srclang = attrs.get("srclang")
            self.ours = attrs.get("creationtool") == "kzgloss"
        elif name == "tu":
            self.tu = _Tu(line, attrs.get("srclang"))
        elif name == "tuv":
            lang = attrs.get("xml:lang") or attrs.get("lang")
            if not lang:
                raise self.error("<tuv> has no xml:lang attribute; every variant needs its language")
            if self.tu is None:
                raise self.error("<tuv> outside a <tu>")
            self.tuv = _Tuv(canonical_lang(lang), line, creationdate=attrs.get("creationdate"))
        elif name == "prop" and parent in ("tu", "tuv"):
            self.prop = (attrs.get("type", ""), [])
        elif name == "seg":
            if self.tuv is None:
                raise self.error("<seg> outside a <tuv>")
            self.in_seg += 1
        elif self.in_seg and name not in _INLINE:
            raise self.error(f"<{name}> is not allowed inside <seg> (TMX 1.4b: bpt, ept, ph, it, hi, ut, sub)")
        if name == "ph" and self.in_seg and attrs.get("type") == _CHAR_PH and self.tuv is not None:
            self.char_starts.append(len(self.tuv.text))

    def end(self, name: str) -> None:
        self.stack.pop()
        if name == "prop" and self.prop is not None:
            target = self.tuv if self.tuv is not None else self.tu
            if target is not None:
                target.props.append((self.prop[0], "".join(self.prop[1])))
            self.prop = None
        elif name == "seg":
            self.in_seg -= 1
        elif name == "ph" and self.char_starts and self.tuv is not None:
            start = self.char_starts.pop()
            code = "".join(self.tuv.text[start:]).strip()
            del self.tuv.text[start:]
            try:
                self.tuv.text.append(chr(int(code[2:], 16)))
            except ValueError:
                raise self.error(f"<ph type=\"{_CHAR_PH}\"> holds {code!r}, not a code point like U+000B") from None
        elif name == "tuv" and self.tu is not None and self.tuv is not None:
            self.tu.tuvs.append(self.tuv)
            self.tuv = None
        elif name == "tu" and self.tu is not None:
            self.done.append(self.tu)
            self.tu = None

    def chars(self, data: str) -> None:
        if self.prop is not None:
            self.prop[1].append(data)
        elif self.in_seg and self.tuv is not None:
            self.tuv.text.append(data)


def _tmx_date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ")
    except ValueError:
        return None


def _records(tu: _Tu, header_srclang: str | None, path: str | None,
             imported_at: dt.datetime, *, ours: bool) -> Iterator[SegmentRecord]:
    """The segments of one unit. Provenance comes from the props; a file kzgloss did not
    write gets the TMX file and the line of the ``<tuv>`` as origin where it has none."""
    if len(tu.tuvs) < 2:
        return
    srclang = tu.srclang or header_srclang or "*all*"
    if srclang.lower() == "*all*":
        source = tu.tuvs[0]
    else:
        wanted = canonical_lang(srclang)
        source = next((t for t in tu.tuvs if same_lang(t.lang, wanted)), None) or next(
            (t for t in tu.tuvs if t.lang.split("-")[0] == wanted.split("-")[0]), None)
        if source is None:
            raise CatalogError(f"<tu> has no <tuv> in its source language {srclang!r}", path=path,
                               line=tu.line)
    tu_props = dict(tu.props)
    source_text = "".join(source.text)
    if not source_text:
        return
    source_lang = stored_lang(source.lang, source_text)
    for tuv in tu.tuvs:
        if tuv is source:
            continue
        target = "".join(tuv.text)
        if not target:
            continue
        props = dict(tuv.props)
        plurals = tuple(v for k, v in tuv.props if k == "x-target-plural") or None
        flags = tuple(f for f in props.get("x-flags", "").split(",") if f)
        line = props.get("x-line")
        yield SegmentRecord(
            source=source_text, target=target, source_lang=source_lang,
            target_lang=stored_lang(tuv.lang, target),
            context=tu_props.get("x-context"), source_plural=tu_props.get("x-source-plural"),
            target_plurals=plurals, flags=flags,
            project=props.get("x-project", tu_props.get("x-project")),
            file=props.get("x-file", None if ours else path),
            line=int(line) if line and line.isdigit() else (None if ours or "x-file" in props else tuv.line),
            imported_at=_tmx_date(tuv.creationdate) or imported_at,
        )


def read_tmx(fileobj: IO[bytes], *, path: str | None = None,
             imported_at: dt.datetime | None = None) -> Iterator[SegmentRecord]:
    """Segments of a TMX file, read as it streams in.

    Malformed XML raises :class:`~kzgloss.errors.CatalogError` with line and column; the
    caller stores inside one transaction, so nothing of a bad file is kept. Provenance props
    written by :func:`write_tmx` are restored; without them a segment's origin is *path* and
    the line of its ``<tuv>``.
    """
    state = _Parser(path)
    imported_at = imported_at or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    saw_root = False
    while True:
        chunk = fileobj.read(1 << 16)
        try:
            state.parser.Parse(chunk, not chunk)
        except expat.ExpatError as exc:
            raise CatalogError(f"not well-formed XML: {expat.ErrorString(exc.code)}", path=path,
                               line=exc.lineno, column=exc.offset + 1) from exc
        saw_root = saw_root or bool(state.stack) or bool(state.done)
        for tu in state.done:
            yield from _records(tu, state.srclang, path, imported_at, ours=state.ours)
        state.done.clear()
        if not chunk:
            break
    if not saw_root:
        raise CatalogError("the file is empty; a TMX file has a <tmx> root element", path=path)


# ---------------------------------------------------------------------------- writing


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\r", "&#13;"))


def _attr(text: str) -> str:
    return _escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _codes(text: str) -> list[tuple[int, int, str]]:
    """Spans of inline codes: (start, end, kind) with kind ``ph``, ``open:NAME``, ``close:NAME``."""
    spans = []
    for m in _TAG.finditer(text):
        raw = m.group(0)
        kind = "close:" if raw.startswith("</") else "ph" if raw.endswith("/>") else "open:"
        spans.append((m.start(), m.end(), kind + (m.group(1).lower() if kind != "ph" else "")))
    tag_spans = [(a, b) for a, b, _ in spans]
    pos = 0
    for placeholder in find_placeholders(text):
        start = text.index(placeholder, pos)
        end = start + len(placeholder)
        pos = end
        if not any(a <= start < b for a, b in tag_spans):
            spans.append((start, end, "ph"))
    for m in _NOT_XML.finditer(text):
        if not any(a <= m.start() < b for a, b, _ in spans):
            spans.append((m.start(), m.end(), "char"))
    return sorted(spans)


def _seg(text: str) -> str:
    """The content of ``<seg>``: text escaped, codes wrapped in TMX inline elements."""
    spans = _codes(text)
    kinds = [kind for _, _, kind in spans]
    # Pair each opening tag with the next unmatched closing tag of the same name.
    pair: dict[int, int] = {}
    open_stack: list[tuple[str, int]] = []
    for i, kind in enumerate(kinds):
        if kind.startswith("open:"):
            open_stack.append((kind[5:], i))
        elif kind.startswith("close:"):
            for j in range(len(open_stack) - 1, -1, -1):
                if open_stack[j][0] == kind[6:]:
                    pair[open_stack[j][1]] = i
                    pair[i] = open_stack[j][1]
                    del open_stack[j:]
                    break
    out, last, number = [], 0, {}
    for i, (start, end, kind) in enumerate(spans):
        out.append(_escape(text[last:start]))
        code = text[start:end]
        if kind == "char":
            out.append(f'<ph type="{_CHAR_PH}">U+{ord(code):04X}</ph>')
        elif i in pair and kind.startswith("open:"):
            number[i] = len(number) + 1
            out.append(f'<bpt i="{number[i]}">{_escape(code)}</bpt>')
        elif i in pair:
            out.append(f'<ept i="{number[pair[i]]}">{_escape(code)}</ept>')
        else:
            out.append(f"<ph>{_escape(code)}</ph>")
        last = end
    out.append(_escape(text[last:]))
    return "".join(out)


def _prop(kind: str, value: str, indent: str) -> str:
    return f'{indent}<prop type="{kind}">{_seg_plain(value)}</prop>\n'


def _seg_plain(value: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group(0)):04x}", _escape(value))


def _tuv(seg: SegmentRecord) -> str:
    attrs = f'xml:lang="{_attr(bcp47(seg.target_lang))}"'
    if seg.imported_at is not None:
        stamp = seg.imported_at
        if stamp.tzinfo is not None:
            stamp = stamp.astimezone(dt.timezone.utc)
        attrs += f' creationdate="{stamp.strftime("%Y%m%dT%H%M%SZ")}"'
    lines = [f"      <tuv {attrs}>\n"]
    indent = " " * 8
    if seg.project is not None:
        lines.append(_prop("x-project", seg.project, indent))
    if seg.file is not None:
        lines.append(_prop("x-file", seg.file, indent))
    if seg.line is not None:
        lines.append(_prop("x-line", str(seg.line), indent))
    if seg.flags:
        lines.append(_prop("x-flags", ",".join(seg.flags), indent))
    for form in seg.target_plurals or ():
        lines.append(_prop("x-target-plural", form, indent))
    lines.append(f"{indent}<seg>{_seg(seg.target)}</seg>\n      </tuv>\n")
    return "".join(lines)


def _tu(group: list[SegmentRecord]) -> str:
    first = group[0]
    lines = [f'    <tu srclang="{_attr(bcp47(first.source_lang))}">\n']
    if first.context is not None:
        lines.append(_prop("x-context", first.context, "      "))
    if first.source_plural is not None:
        lines.append(_prop("x-source-plural", first.source_plural, "      "))
    lines.append(f'      <tuv xml:lang="{_attr(bcp47(first.source_lang))}">\n'
                 f"        <seg>{_seg(first.source)}</seg>\n      </tuv>\n")
    lines.extend(_tuv(seg) for seg in group)
    lines.append("    </tu>\n")
    return "".join(lines)


def _unit_key(seg: SegmentRecord) -> tuple[Any, ...]:
    return (seg.source_lang, seg.source, seg.context, seg.source_plural)


def write_tmx(fileobj: IO[str], segments: Iterable[SegmentRecord], *, srclang: str = "*all*") -> int:
    """Write *segments* as TMX 1.4b; consecutive segments of one source share a ``<tu>``.

    Returns the number of ``<tu>`` written. *segments* should come sorted by source (as
    :func:`kzgloss.tm.stored_segments` yields them) for the grouping to be complete.
    """
    fileobj.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
                  '<tmx version="1.4">\n'
                  f'  <header creationtool="kzgloss" creationtoolversion="{_attr(__version__)}" '
                  f'segtype="sentence" o-tmf="kzgloss" adminlang="en" srclang="{_attr(srclang)}" '
                  'datatype="plaintext"/>\n  <body>\n')
    units = 0
    group: list[SegmentRecord] = []
    for seg in segments:
        if group and _unit_key(seg) != _unit_key(group[0]):
            fileobj.write(_tu(group))
            units += 1
            group = []
        group.append(seg)
    if group:
        fileobj.write(_tu(group))
        units += 1
    fileobj.write("  </body>\n</tmx>\n")
    return units
