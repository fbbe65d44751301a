"""Write gettext ``.po`` catalogs: deterministic, GNU-style wrapping, UTF-8.

The writer takes :class:`~kzgloss.po_parser.PoEntry` values (the header is the entry whose
``msgid`` is empty) and writes them in the order given, so that the same entries always give
the same bytes::

    >>> import io
    >>> from kzgloss.po_parser import PoEntry
    >>> out = io.BytesIO()
    >>> entry = PoEntry("kandas", "kandas", None, ("қандас",), comments=("#: k.toml",))
    >>> write_po(out, [entry])
    >>> print(out.getvalue().decode())
    #: k.toml
    msgctxt "kandas"
    msgid "kandas"
    msgstr "қандас"
    <BLANKLINE>
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import BinaryIO

from kzgloss.po_parser import PoEntry

__all__ = ["write_po", "format_entry", "format_head", "format_msgstrs", "escape", "format_header",
           "WIDTH"]

#: Line width of msgcat, msgmerge and xgettext (GNU's default --width).
WIDTH = 79

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\a": "\\a",
            "\b": "\\b", "\f": "\\f", "\v": "\\v"}
# Other control characters as octal escapes: a raw one would make the file "binary".
_TABLE = str.maketrans({**{chr(c): f"\\{c:03o}" for c in range(1, 0x20)}, **_ESCAPES})


def escape(text: str) -> str:
    r"""The body of a C string literal for ``text``.

    >>> escape('say "hi"\n')
    'say \\"hi\\"\\n'
    """
    return text.translate(_TABLE)


def format_header(fields: Iterable[tuple[str, str]]) -> str:
    r"""The header entry's msgstr for ``fields``: one ``Key: value\n`` line each.

    >>> format_header([("Language", "kk"), ("MIME-Version", "1.0")])
    'Language: kk\nMIME-Version: 1.0\n'
    """
    return "".join(f"{key}: {value}\n" for key, value in fields)


def _wrap_piece(piece: str, width: int) -> list[str]:
    """Split one escaped piece at spaces so that each quoted line fits ``width`` columns."""
    if len(piece) + 2 <= width:
        return [piece]
    lines, start, last_space = [], 0, -1
    for i, ch in enumerate(piece):
        if ch == " ":
            last_space = i
        if i - start + 3 > width and last_space >= start:
            lines.append(piece[start:last_space + 1])
            start = last_space + 1
    lines.append(piece[start:])
    return [line for line in lines if line]


_SPECIAL = re.compile(r'[\x00-\x1f"\\]')


def _string_lines(keyword: str, text: str, width: int) -> list[str]:
    if _SPECIAL.search(text) is None:
        if len(text) + len(keyword) + 3 <= width:
            return [f'{keyword} "{text}"']
        body = text
    else:
        body = escape(text)
    single = f'{keyword} "{body}"'
    inner_newline = "\\n" in body[:-2]
    if not inner_newline and len(single) <= width:
        return [single]
    pieces = body.split("\\n")
    parts = [p + "\\n" for p in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    out = [f'{keyword} ""']
    for part in parts:
        out.extend(f'"{line}"' for line in _wrap_piece(part, width))
    return out


def _entry_lines(entry: PoEntry, width: int) -> list[str]:
    lines = list(entry.comments)
    if entry.msgctxt is not None:
        lines += _string_lines("msgctxt", entry.msgctxt, width)
    lines += _string_lines("msgid", entry.msgid, width)
    if entry.msgid_plural is not None:
        lines += _string_lines("msgid_plural", entry.msgid_plural, width)
        for i, form in enumerate(entry.msgstrs):
            lines += _string_lines(f"msgstr[{i}]", form, width)
    else:
        lines += _string_lines("msgstr", entry.msgstr, width)
    if entry.obsolete:
        lines = [line if line.startswith("#") else "#~ " + line for line in lines]
    return lines


def _quoted(keyword: str, text: str, width: int) -> str:
    """``_string_lines`` joined: one line for the short strings that most are."""
    if len(text) + len(keyword) + 3 <= width and _SPECIAL.search(text) is None:
        return f'{keyword} "{text}"'
    return "\n".join(_string_lines(keyword, text, width))


_FORMS = tuple(f"msgstr[{i}]" for i in range(10))


def format_head(msgctxt: str | None, msgid: str, msgid_plural: str | None, *,
                width: int = WIDTH) -> str:
    """The ``msgctxt``, ``msgid`` and ``msgid_plural`` lines of a live entry, joined.

    Catalogs of the same messages in several languages can format them once
    (``format_entry(..., head=...)``).
    """
    text = _quoted("msgid", msgid, width)
    if msgctxt is not None:
        text = f"{_quoted('msgctxt', msgctxt, width)}\n{text}"
    if msgid_plural is not None:
        text += "\n" + _quoted("msgid_plural", msgid_plural, width)
    return text


_SHORT = WIDTH - len('msgstr ""')  # the longest msgstr that fits its line at WIDTH


def format_msgstrs(msgid_plural: str | None, msgstrs: tuple[str, ...], *,
                   width: int = WIDTH) -> str:
    """The ``msgstr`` lines of a live entry (``msgstr[i]`` when it has a plural), joined."""
    if msgid_plural is None:
        text = msgstrs[0] if msgstrs else ""
        if len(text) <= _SHORT and width == WIDTH and _SPECIAL.search(text) is None:
            return f'msgstr "{text}"'
        return _quoted("msgstr", text, width)
    return "\n".join([_quoted(keyword, form, width) for keyword, form in zip(_FORMS, msgstrs)])


def format_entry(entry: PoEntry, *, width: int = WIDTH, head: str | None = None) -> str:
    """The lines of ``entry`` joined by newlines (no final newline), as ``write_po`` writes
    them; ``head``, if given, is ``format_head`` of the entry's msgctxt, msgid and plural."""
    msgctxt, msgid, msgid_plural, msgstrs, _, obsolete, _, comments = entry
    if obsolete or (msgid_plural is not None and len(msgstrs) > len(_FORMS)):
        return "\n".join(_entry_lines(entry, width))
    text = format_head(msgctxt, msgid, msgid_plural, width=width) if head is None else head
    if comments:
        text = "\n".join(comments) + "\n" + text
    if msgid_plural is not None and not msgstrs:
        return text
    return f"{text}\n{format_msgstrs(msgid_plural, msgstrs, width=width)}"


def write_po(fileobj: BinaryIO, entries: Iterable[PoEntry], *, width: int = WIDTH) -> None:
    """Write ``entries`` (header first, if any) as a UTF-8 catalog, one blank line between.

    Strings longer than ``width`` columns, or with a newline inside, are written the GNU way:
    an empty first string, then one line per ``\\n`` piece, wrapped at spaces. The file is
    encoded and written in one piece.
    """
    texts = [format_entry(entry, width=width) for entry in entries]
    fileobj.write(("\n\n".join(texts) + "\n").encode("utf-8") if texts else b"")
