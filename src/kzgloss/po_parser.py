"""A strict, streaming reader of GNU gettext ``.po`` catalogs.

polib and babel are lenient: polib drops the last character of an unterminated string, turns
a bad escape into a letter, keeps NUL bytes and reads a CP1251 body under a UTF-8 header as
mojibake. Importing such a file into a translation memory would store garbage, so this reader
rejects every structural defect with :class:`~kzgloss.errors.CatalogError` naming the file and
line (the same lines GNU ``msgfmt`` names), and accepts the valid oddities real catalogs have:
a BOM, CRLF line ends, Django's four Russian plural forms, a header split over lines, obsolete
``#~`` entries and previous ``#|`` fields.

The file is read in 256 KiB blocks and entries are yielded one by one, so a 50 MB catalog is
never held in memory whole::

    >>> import io
    >>> data = 'msgid ""\\nmsgstr "Language: ru\\\\n"\\n\\nmsgid "File"\\nmsgstr "Файл"\\n'
    >>> reader = PoReader(io.BytesIO(data.encode()), path="ru.po")
    >>> [(e.msgid, e.msgstr, e.line) for e in reader]
    [('File', 'Файл', 4)]
    >>> reader.language
    'ru'
"""

from __future__ import annotations

import codecs
import difflib
import gettext
import re
import sys
from collections.abc import Callable, Iterator
from hashlib import blake2b
from typing import BinaryIO, NamedTuple

from kzgloss.errors import CatalogError

__all__ = ["PoEntry", "PoWarning", "PoReader", "read_po"]

#: Bytes read at a time: big enough that per-block costs vanish, small enough that the block,
#: its decoded text and its lines stay a few MB whatever the size of the file.
CHUNK = 1 << 18
_BOM = codecs.BOM_UTF8
# C0 controls other than TAB, LF, VT, FF and CR: no text catalog contains them ("binary data").
# One bytes.find per byte value (memchr) is ~6x faster than a regex character class.
_CONTROLS = tuple(bytes([b]) for b in (*range(0x00, 0x09), *range(0x0E, 0x20)))
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_FIRST_KEYWORD = re.compile(rb"^[ \t]*(msgctxt|msgid)\b", re.MULTILINE)
_CHARSET = re.compile(rb"charset=([^\s\\;\"]*)")
_FIELD = re.compile(rb'(?:msgstr\s*)?"([A-Za-z][A-Za-z0-9-]*):')
_STRING = re.compile(r'[ \t]*"((?:[^"\\]|\\.)*)"[ \t]*')
# The escapes GNU gettext's lexer accepts (po-lex.c, control_sequence); anything else after a
# backslash is "invalid control sequence" there too.
_ESCAPE = re.compile(r'\\(?:([ntbrfva\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.|$))')
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a",
                   "\\": "\\", '"': '"'}
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\w+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")
_KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr[0]")


class PoEntry(NamedTuple):
    """One message of a catalog; ``msgstrs`` has one string, or one per plural form."""

    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    msgstrs: tuple[str, ...]
    flags: tuple[str, ...] = ()
    obsolete: bool = False
    line: int = 0
    #: The entry's comment lines as written (``#. ...``, ``#: ...``, ``#, ...``, ``#| ...``),
    #: kept only when the reader is asked to (``keep_comments=True``).
    comments: tuple[str, ...] = ()

    @property
    def msgstr(self) -> str:
        return self.msgstrs[0] if self.msgstrs else ""

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Live, not fuzzy, and every form filled in (polib's ``translated()``)."""
        return not self.obsolete and "fuzzy" not in self.flags and all(self.msgstrs)


class PoWarning(NamedTuple):
    """A problem that does not make the catalog invalid (a placeholder mismatch, say)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning: {self.message}"


def _unescape(text: str, path: str, line: int, column: int) -> str:
    def one(m: re.Match[str]) -> str:
        simple, octal, hexa, bad = m.groups()
        if simple is not None:
            return _SIMPLE_ESCAPES[simple]
        if bad is not None:
            col = column + m.start()
            shown = "\\" + bad if bad else "a backslash at the end of the string"
            raise CatalogError(
                f"bad escape {shown!r} at column {col}; gettext knows \\n \\t \\r \\\" \\\\ "
                "\\a \\b \\f \\v, octal \\NNN and hex \\xHH (write a backslash as \\\\)",
                path=path, line=line)
        value = int(octal, 8) if octal is not None else int(hexa, 16)
        if value == 0:
            raise CatalogError(f"escape {m.group(0)!r} at column {column + m.start()} makes a "
                               "NUL character, which a catalog cannot hold", path=path, line=line)
        if value > 0x7F:
            raise CatalogError(f"escape {m.group(0)!r} at column {column + m.start()} stands "
                               "for a raw byte; write the character itself", path=path, line=line)
        return chr(value)

    return _ESCAPE.sub(one, text)


def _strings(text: str, path: str, line: int, column: int) -> str:
    """The value of one or more adjacent C strings ``"..." "..."``; strict about syntax."""
    pieces = []
    pos, end = 0, len(text)
    while pos < end:
        m = _STRING.match(text, pos)
        if m is None:
            rest = text[pos:].strip()
            if rest.startswith('"'):
                raise CatalogError("unterminated string: the closing \" is missing on this line",
                                   path=path, line=line)
            if '"' in rest:
                raise CatalogError("unescaped \" inside a string (write it as \\\")",
                                   path=path, line=line)
            raise CatalogError(f"unexpected text {rest[:30]!r} after the string",
                               path=path, line=line)
        inner = m.group(1)
        if "\\" in inner:
            inner = _unescape(inner, path, line, column + m.start(1) + 1)
        pieces.append(inner)
        pos = m.end()
    if not pieces:
        raise CatalogError("a quoted string is missing here", path=path, line=line)
    return "".join(pieces)


def _key(msgctxt: str | None, msgid: str) -> int:
    """A 64-bit digest of an entry's identity, for the duplicate check.

    Two different entries share a digest with a probability of about n²/2⁶⁵ (10⁻⁸ for a
    million entries). Where Python's own hash is 64 bits wide (every 64-bit build), the
    reader uses ``hash((msgctxt, msgid))`` instead: as wide, keyed per process (SipHash), and
    ~5x cheaper; the digest only lives as long as one reader, so it need not be stable.
    """
    text = ("\x01" + msgid) if msgctxt is None else (msgctxt + "\x04" + msgid)
    return int.from_bytes(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(),
                          "little")


_HASH64 = sys.hash_info.width >= 64
_new_tuple = tuple.__new__


class PoReader:
    """Reads a catalog from a binary file object; iterate it once to get the entries.

    The header is not yielded: its fields are in :attr:`header_fields` (and :attr:`language`,
    :attr:`nplurals`, :attr:`charset`) by the time the first entry comes out. Warnings that
    do not reject the file are collected in :attr:`warnings`. ``progress`` is called with
    the number of bytes read after each block.
    """

    def __init__(self, fileobj: BinaryIO, *, path: str = "<stdin>", keep_comments: bool = False,
                 progress: Callable[[int], None] | None = None) -> None:
        self.path = path
        self.header_fields: list[tuple[str, str]] = []
        self.header_entry: PoEntry | None = None
        self.header_line = 0
        self.charset = "utf-8"
        #: The charset as the header spells it ("UTF-8" when the header names none).
        self.declared_charset = "UTF-8"
        self.nplurals: int | None = None
        self._template = False  # Plural-Forms: nplurals=INTEGER (an untouched .pot header)
        self.plural_forms: str | None = None
        self.warnings: list[PoWarning] = []
        self.entries = 0
        self._file = fileobj
        self._keep = keep_comments
        self._progress = progress
        # Digest of (msgctxt, msgid) -> line: ~100 bytes an entry, against ~250 for the texts.
        self._seen: dict[int, int] = {}
        self._seen_obsolete: dict[int, int] = {}
        self._plural_count: int | None = None
        self._field_lines: dict[str, int] = {}
        self._used = False

    @property
    def header(self) -> dict[str, str]:
        return dict(self.header_fields)

    @property
    def language(self) -> str | None:
        """The header's ``Language`` value, or ``None`` when it is missing or empty."""
        for key, value in self.header_fields:
            if key.lower() == "language":
                return value or None
        return None

    def __iter__(self) -> Iterator[PoEntry]:
        if self._used:
            raise RuntimeError("a PoReader can be iterated only once")
        self._used = True
        return self._parse()

    def _error(self, message: str, line: int) -> CatalogError:
        return CatalogError(message, path=self.path, line=line)

    # --- bytes to lines ------------------------------------------------------------------

    def _read(self) -> bytes:
        data = self._file.read(CHUNK)
        if data and self._progress is not None:
            self._progress(len(data))
        return data

    def _start(self) -> tuple[bytes, bool]:
        """Read until the header's charset is known; return the bytes read and whether EOF."""
        data = self._read()
        if not data:
            raise self._error("the file is empty; a catalog has at least a header entry", 1)
        if data.startswith(_BOM):
            data = data[len(_BOM):]
            self._bom = True
        else:
            self._bom = False
        eof = False
        while True:
            m = _FIRST_KEYWORD.search(data)
            if (m is not None and len(data) - m.start() > 65536) or eof or len(data) > 4 * CHUNK:
                break
            more = self._read()
            eof = not more
            data += more
        self.charset = self._sniff_charset(data, m)
        return data, eof

    def _sniff_charset(self, data: bytes, m: re.Match[bytes] | None) -> str:
        """The charset of the header's Content-Type, read from the raw bytes before decoding."""
        if m is None or m.group(1) != b"msgid":
            return "utf-8"
        lines = data[m.start():m.start() + 65536].split(b"\n")
        first = lines[0].strip()
        if first[5:].strip() != b'""':
            return "utf-8"
        strings, in_msgstr = [], False
        first_line = data.count(b"\n", 0, m.start()) + 1
        for number, raw in enumerate(lines[1:], first_line + 1):
            s = raw.strip()
            field = _FIELD.match(s)
            if field is not None:
                # Where each header field is written, for errors about its value.
                self._field_lines.setdefault(field.group(1).decode("ascii").lower(), number)
            if s.startswith(b"msgstr"):
                if in_msgstr:
                    break
                in_msgstr = True
                s = s[6:].strip()
            if s.startswith(b'"') and in_msgstr:
                strings.append(s[1:-1])
            elif s.startswith(b'"'):
                continue
            else:
                break
        header = b"".join(strings)
        found = _CHARSET.search(header)
        if found is None:
            return "utf-8"
        name = found.group(1).decode("ascii", "replace")
        line = self._field_lines.get("content-type", first_line)
        if name.upper() == "CHARSET":  # an untouched template (.pot) header
            return "utf-8"
        self.declared_charset = name
        try:
            codec = codecs.lookup(name)
        except LookupError:
            raise self._error(f"unknown charset {name!r} in the Content-Type header; "
                              "use charset=UTF-8", line) from None
        if "x\n".encode(codec.name) != b"x\n":
            raise self._error(f"charset {name!r} is not ASCII-compatible; gettext catalogs "
                              "must be, use charset=UTF-8", line)
        if self._bom and codec.name != "utf-8":
            raise self._error(f"the file starts with a UTF-8 byte-order mark but the header "
                              f"declares charset={name}; fix the header to charset=UTF-8", line)
        return codec.name

    def _blocks(self) -> Iterator[list[str]]:
        """Decoded lines, one list per block of whole lines; checks bytes against the charset."""
        pending, eof = self._start()
        charset = self.charset
        utf8 = charset == "utf-8"
        first_line = 1
        while True:
            if eof:
                body, pending = pending, b""
            else:
                cut = pending.rfind(b"\n")
                if cut < 0:  # a line longer than a block: read on
                    more = self._read()
                    eof = not more
                    pending += more
                    continue
                body, pending = pending[:cut + 1], pending[cut + 1:]
            if body:
                yield self._decode(body, first_line, charset, utf8)
                first_line += body.count(b"\n")
            if eof:
                return
            more = self._read()
            eof = not more
            pending += more

    def _decode(self, body: bytes, first_line: int, charset: str, utf8: bool) -> list[str]:
        hits = [at for at in map(body.find, _CONTROLS) if at >= 0]
        if hits:
            at = min(hits)
            line = first_line + body.count(b"\n", 0, at)
            raise self._error(f"binary data: byte 0x{body[at]:02X} is a control character "
                              "that no text catalog contains", line)
        try:
            text = body.decode(charset)
        except UnicodeDecodeError as exc:
            line = first_line + body.count(b"\n", 0, exc.start)
            column = exc.start - body.rfind(b"\n", 0, exc.start)
            raise self._error(self._decode_problem(body, exc, column), line) from None
        if not utf8 and not body.isascii():
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                first = _NON_ASCII.search(body)
                line = first_line + body.count(b"\n", 0, first.start()) if first else first_line
                raise self._error(f"the header declares charset={self.declared_charset} but the "
                                  "text is UTF-8; fix the header to charset=UTF-8", line)
        if "\r" in text:
            text = text.replace("\r\n", "\n")
            if "\r" in text:
                line = first_line + text.count("\n", 0, text.index("\r"))
                raise self._error("a bare carriage return (old Mac line end); save the file "
                                  "with LF or CRLF line ends", line)
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()
        return lines

    def _decode_problem(self, body: bytes, exc: UnicodeDecodeError, column: int) -> str:
        byte = body[exc.start]
        message = (f"not valid {self.declared_charset} (byte 0x{byte:02X} at column {column}), "
                   f"but the header declares charset={self.declared_charset}")
        start = body.rfind(b"\n", 0, exc.start) + 1
        end = body.find(b"\n", exc.start)
        if end < 0 and exc.reason == "unexpected end of data":
            return message + "; the file ends inside a character (truncated file?)"
        if self.charset == "utf-8":
            try:
                guess = body[start:end if end >= 0 else len(body)].decode("cp1251")
            except UnicodeDecodeError:
                guess = ""
            if any("\u0400" <= c <= "\u04ff" for c in guess):
                return message + "; the bytes look like CP1251: convert the file to UTF-8"
        return message + "; convert the file or fix the header"

    # --- lines to entries -----------------------------------------------------------------

    def _parse(self) -> Iterator[PoEntry]:  # noqa: C901 - one hot loop, see the comment below
        # The loop keeps the entry being read in local variables (not attributes or a helper
        # object): this is the per-line path of a 200k-entry import, and locals are the
        # fastest CPython offers. `cur` is the list that continuation strings extend.
        path = self.path
        keep = self._keep
        error = self._error
        ctx = mid = mpl = cur = None
        strs: list[list[str]] = []
        flags: list[str] = []
        comments: list[str] = []
        obsolete = have_str = False
        mid_line = ctx_line = 0
        lineno = 0
        for lines in self._blocks():
            for line in lines:
                lineno += 1
                if not line:
                    continue
                c = line[0]
                if c == " " or c == "\t":
                    line = line.strip()
                    if not line:
                        continue
                    c = line[0]
                obs = False
                if c == "#":
                    c2 = line[1:2]
                    if c2 == "~":
                        rest = line[2:].lstrip()
                        if not rest:
                            continue
                        if rest[0] == "m" or rest[0] == '"':  # else a comment (#~|, #~,)
                            line, c, obs = rest, rest[0], True
                    if not obs:
                        # A comment starts the next entry.
                        if have_str:
                            entry = self._finish(ctx, mid, mpl, strs, flags, obsolete, mid_line,
                                                 comments)
                            if entry is not None:
                                yield entry
                            ctx = mid = mpl = None
                            strs, flags, comments = [], [], []
                            obsolete = have_str = False
                        elif mid is not None:
                            raise error("missing msgstr: this msgid has none", mid_line)
                        elif ctx is not None:
                            raise error("msgctxt without a msgid after it", ctx_line)
                        cur = None
                        if c2 == ",":
                            flags.extend(f for f in (p.strip() for p in line[2:].split(",")) if f)
                        if keep:
                            comments.append(line)
                        continue
                if c == '"':
                    if cur is None:
                        raise error("a string with no msgid, msgstr or msgctxt before it", lineno)
                    if obs is not obsolete:
                        raise error("an entry mixes obsolete (#~) and live lines", lineno)
                    inner = line[1:-1]
                    if line[-1] != '"' or len(line) < 2 or '"' in inner or "\\" in inner:
                        inner = _strings(line, path, lineno, 1 if not obs else 4)
                    cur.append(inner)
                    continue
                q = line.find('"')
                if c != "m" or q < 0:
                    raise error(self._bad_line(line), lineno)
                kw = line[:q].rstrip()
                s = line[q:]
                inner = s[1:-1]
                if s[-1] != '"' or len(s) < 2 or '"' in inner or "\\" in inner:
                    inner = _strings(s, path, lineno, q + 1)
                if kw == "msgid":
                    if have_str:
                        entry = self._finish(ctx, mid, mpl, strs, flags, obsolete, mid_line,
                                             comments)
                        if entry is not None:
                            yield entry
                        ctx = mpl = None
                        strs, flags, comments = [], [], []
                        have_str = False
                        obsolete = obs
                    elif mid is not None:
                        raise error("missing msgstr: this msgid has none", mid_line)
                    elif ctx is not None:
                        if obs is not obsolete:
                            raise error("an entry mixes obsolete (#~) and live lines", lineno)
                    else:
                        obsolete = obs
                    mid = cur = [inner]
                    mid_line = lineno
                elif kw == "msgstr":
                    if mid is None:
                        raise error("msgstr without a msgid before it", lineno)
                    if obs is not obsolete:
                        raise error("an entry mixes obsolete (#~) and live lines", lineno)
                    if mpl is not None:
                        raise error("this entry has a msgid_plural, so it needs msgstr[0], "
                                    "msgstr[1] ... instead of msgstr", lineno)
                    if have_str:
                        raise error(f"a second msgstr for the msgid at line {mid_line}", lineno)
                    cur = [inner]
                    strs.append(cur)
                    have_str = True
                elif kw == "msgctxt":
                    if have_str:
                        entry = self._finish(ctx, mid, mpl, strs, flags, obsolete, mid_line,
                                             comments)
                        if entry is not None:
                            yield entry
                        mid = mpl = None
                        strs, flags, comments = [], [], []
                        have_str = False
                    elif mid is not None:
                        raise error("missing msgstr: this msgid has none", mid_line)
                    elif ctx is not None:
                        raise error("a second msgctxt for the same entry", lineno)
                    obsolete = obs
                    ctx = cur = [inner]
                    ctx_line = lineno
                elif kw.startswith("msgstr["):
                    if mid is None:
                        raise error(f"{kw} without a msgid before it", lineno)
                    if obs is not obsolete:
                        raise error("an entry mixes obsolete (#~) and live lines", lineno)
                    if mpl is None:
                        raise error(f"{kw} in an entry without msgid_plural; use msgstr",
                                    lineno)
                    expected = f"msgstr[{len(strs)}]"
                    if kw.replace(" ", "") != expected:
                        raise error(f"{kw} where {expected} was expected (plural forms are "
                                    "numbered 0, 1, 2 ... in order)", lineno)
                    cur = [inner]
                    strs.append(cur)
                    have_str = True
                elif kw == "msgid_plural":
                    if mid is None or have_str or mpl is not None:
                        raise error("msgid_plural must come right after the msgid", lineno)
                    if obs is not obsolete:
                        raise error("an entry mixes obsolete (#~) and live lines", lineno)
                    mpl = cur = [inner]
                else:
                    raise error(self._bad_line(line), lineno)
        if mid is not None and not have_str:
            raise error("missing msgstr: the file ends before this msgid's msgstr "
                        "(truncated file?)", mid_line)
        if ctx is not None and mid is None:
            raise error("msgctxt without a msgid after it (truncated file?)", ctx_line)
        if have_str:
            entry = self._finish(ctx, mid, mpl, strs, flags, obsolete, mid_line, comments)
            if entry is not None:
                yield entry
        if self.entries == 0:
            raise error("no catalog entries, only comments and blank lines; a catalog has at "
                        "least a header entry", 1)

    def _bad_line(self, line: str) -> str:
        word = line.split(None, 1)[0].split('"', 1)[0]
        if word in _KEYWORDS or re.fullmatch(r"msgstr\[\d+\]", word):
            return f"{word} needs a quoted string after it"
        if word.startswith("msgstr["):
            return f"{word!r} is not a plural form like msgstr[0]"
        close = difflib.get_close_matches(word, _KEYWORDS, n=1)
        if close:
            return f"unknown keyword {word!r} (did you mean {close[0]!r}?)"
        return f"unexpected text {line[:30]!r}; expected a keyword, a string or a # comment"

    def _finish(self, ctx: list[str] | None, mid: list[str], mpl: list[str] | None,
                strs: list[list[str]], flags: list[str], obsolete: bool, line: int,
                comments: list[str]) -> PoEntry | None:
        """Close one entry: check its plural forms and uniqueness, read the header."""
        msgctxt = None if ctx is None else "".join(ctx)
        msgid = "".join(mid)
        msgstrs = ("".join(strs[0]),) if len(strs) == 1 else tuple(["".join(s) for s in strs])
        plural = None if mpl is None else "".join(mpl)
        self.entries += 1
        # tuple.__new__ skips the NamedTuple's Python-level __new__ (one call per entry).
        entry = _new_tuple(PoEntry, (msgctxt, msgid, plural, msgstrs,
                                     tuple(flags) if flags else (), obsolete, line,
                                     tuple(comments) if comments else ()))
        key = hash((msgctxt, msgid)) if _HASH64 else _key(msgctxt, msgid)
        if msgid == "" and msgctxt is None and not obsolete and self.header_entry is None:
            self._seen[key] = line
            self._read_header(entry)
            return None
        if plural is not None and not obsolete:
            self._check_plurals(len(msgstrs), line, fuzzy="fuzzy" in flags,
                                translated=any(msgstrs))
        if obsolete:
            first = self._seen_obsolete.get(key) or self._seen.get(key)
            if first is not None:
                # msgfmt rejects this too ("duplicate message definition"), with or without
                # --check: the file is not a valid catalog.
                raise self._error(f"duplicate entry: obsolete msgid {msgid!r} is already defined "
                                  f"at line {first}; delete one of them", line)
            self._seen_obsolete[key] = line
            return entry
        first = self._seen.get(key)
        if first is not None:
            what = f"msgid {msgid!r}"
            if msgctxt is not None:
                what += f" with msgctxt {msgctxt!r}"
            raise self._error(f"duplicate entry: {what} is already defined at line {first}", line)
        self._seen[key] = line
        return entry

    def _check_plurals(self, count: int, line: int, *, fuzzy: bool, translated: bool = True) -> None:
        if self.nplurals is None and self.plural_forms is None and translated and not fuzzy \
                and not self._template:
            # msgfmt --check rejects this too: without nplurals the forms cannot be checked.
            raise self._error("a translated plural entry, but the header has no Plural-Forms, "
                              "so the number of plural forms cannot be checked; add e.g. "
                              "\"Plural-Forms: nplurals=3; plural=...;\\n\" for Russian", line)
        expected = self.nplurals if self.nplurals is not None else self._plural_count
        if expected is None:
            self._plural_count = count
        elif count != expected:
            source = ("the header's Plural-Forms says nplurals="
                      if self.nplurals is not None else "an earlier entry has ")
            message = f"{count} plural forms, but {source}{expected}"
            if fuzzy:
                # msgfmt ignores fuzzy entries, and catalogs keep them across a change of
                # Plural-Forms: a warning, not a rejection.
                self.warnings.append(PoWarning(self.path, line, message + " (fuzzy entry)"))
                return
            raise self._error(message + " (truncated entry or wrong plural count)", line)

    def field_line(self, name: str) -> int:
        """The line where header field ``name`` is written (the header's line if unknown)."""
        return self._field_lines.get(name.lower(), self.header_line or 1)

    def _read_header(self, entry: PoEntry) -> None:
        self.header_entry = entry
        self.header_line = entry.line
        fields: list[tuple[str, str]] = []
        for raw in entry.msgstr.split("\n"):
            key, sep, value = raw.partition(":")
            if sep and key.strip() and " " not in key.strip():
                fields.append((key.strip(), value.strip()))
            elif raw.strip() and fields:
                # A field whose value went on past a "\n" (polib joins it the same way).
                k, v = fields[-1]
                fields[-1] = (k, f"{v}\n{raw.strip()}")
        self.header_fields = fields
        for key, value in fields:
            if key.lower() == "plural-forms":
                self._read_plural_forms(value, self._field_lines.get("plural-forms", entry.line))

    def _read_plural_forms(self, value: str, line: int) -> None:
        m = _PLURAL_FORMS.match(value.replace("\n", " "))
        if m is None:
            raise self._error(f"Plural-Forms header {value!r} is not of the form "
                              "'nplurals=N; plural=EXPRESSION;'", line)
        count, expression = m.groups()
        if count == "INTEGER":  # an untouched template (.pot) header
            self._template = True
            return
        if not count.isdigit() or int(count) < 1:
            raise self._error(f"Plural-Forms header: nplurals={count} is not a positive "
                              "whole number", line)
        try:
            gettext.c2py(expression)
        except (ValueError, RecursionError):
            raise self._error(f"Plural-Forms header: plural={expression} is not a valid C "
                              "expression of n", line) from None
        self.nplurals = int(count)
        self.plural_forms = value


def read_po(fileobj: BinaryIO, *, path: str = "<stdin>",
            keep_comments: bool = True) -> tuple[PoReader, list[PoEntry]]:
    """Read a whole catalog (for small files); returns the reader (header, warnings) and entries.

    >>> import io
    >>> reader, entries = read_po(io.BytesIO(b'msgid "a"\\nmsgstr "b"\\n'))
    >>> entries[0].msgstr, reader.charset
    ('b', 'utf-8')
    """
    reader = PoReader(fileobj, path=path, keep_comments=keep_comments)
    entries = list(reader)
    return reader, entries
