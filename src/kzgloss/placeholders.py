"""Placeholders in translatable strings: printf (``%s``, ``%(name)s``) and brace (``{0}``) styles.

A translation must carry the placeholders of its source, or the program that formats it
breaks; :func:`compatible` is that check. :func:`mask` turns each placeholder into one
private-use character, so similarity scoring counts a changed placeholder as one edit.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable

__all__ = ["STYLES", "find", "spans", "mask", "compatible", "styles_for_flags"]

STYLES = ("printf", "brace")

# printf conversions as Python's %-formatting and C's printf accept them. The space flag is
# left out on purpose: "100 % sure" is not a placeholder in any catalog we have seen.
_PRINTF = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?(?:\d+\$)?[-+#0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?"
    r"(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGcrsab]"
)
# str.format fields: {}, {0}, {name}, {0.attr}, {name[key]}, with a conversion and a format spec.
_BRACE = re.compile(r"\{(?P<field>(?:\d+|[^\W\d]\w*)?(?:\.\w+|\[[^\]{}]*\])*)(?:![rsa])?(?::[^{}]*)?\}")
_ESCAPES = re.compile(r"%%|\{\{|\}\}")

# Private-use code points for masked placeholders (Unicode 15, U+E000..U+F8FF).
_PUA_BASE, _PUA_SIZE = 0xE000, 0x1900


def styles_for_flags(flags: Iterable[str]) -> tuple[str, ...]:
    """The placeholder styles a gettext entry's flags announce; both when none is named.

    >>> styles_for_flags(["python-brace-format"])
    ('brace',)
    >>> styles_for_flags(["fuzzy"])
    ('printf', 'brace')
    """
    flags = set(flags)
    styles = []
    if flags & {"python-format", "c-format", "php-format", "perl-format", "sh-format"}:
        styles.append("printf")
    if "python-brace-format" in flags:
        styles.append("brace")
    if styles:
        return tuple(styles)
    blocked = {s for s, f in (("printf", "no-python-format"), ("brace", "no-python-brace-format"))
               if f in flags}
    return tuple(s for s in STYLES if s not in blocked)


def _spans(text: str, styles: tuple[str, ...]) -> list[tuple[int, int]]:
    if "%" not in text and "{" not in text:
        return []
    escaped = [m.span() for m in _ESCAPES.finditer(text)]
    spans = []
    for style, pattern in (("printf", _PRINTF), ("brace", _BRACE)):
        if style not in styles:
            continue
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(a <= start < b for a, b in escaped):
                continue
            if style == "printf" and start > 0 and text[start - 1] == "%" and (start - 1, start + 1) in escaped:
                continue
            spans.append((start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged and span[0] < merged[-1][1]:
            continue
        merged.append(span)
    return merged


def spans(text: str, styles: tuple[str, ...] = STYLES) -> list[tuple[int, int]]:
    """``(start, end)`` of each placeholder of *text*, in order.

    >>> t = "%(title)sне найдено"
    >>> [t[a:b] for a, b in spans(t)]
    ['%(title)s']
    """
    return _spans(text, styles)


def find(text: str, styles: tuple[str, ...] = STYLES) -> list[str]:
    """The placeholders of *text*, in order.

    >>> find("Delete %(count)s of %s items in {0} (100%% done, {{literal}})")
    ['%(count)s', '%s', '{0}']
    """
    return [text[a:b] for a, b in _spans(text, styles)]


def _pua(placeholder: str) -> str:
    return chr(_PUA_BASE + zlib.crc32(placeholder.encode("utf-8")) % _PUA_SIZE)


def mask(text: str, styles: tuple[str, ...] = STYLES) -> str:
    """*text* with each placeholder replaced by one private-use character (the same for the
    same placeholder), so an edit distance counts a changed placeholder as one edit.

    >>> len(mask("Hello %(name)s")) == len("Hello x")
    True
    >>> mask("%s") == mask("%s") != mask("%d")
    True
    """
    if "%" not in text and "{" not in text:
        return text
    spans = _spans(text, styles)
    if not spans:
        return text
    out, last = [], 0
    for a, b in spans:
        out.append(text[last:a])
        out.append(_pua(text[a:b]))
        last = b
    out.append(text[last:])
    return "".join(out)


def _signature(found: list[str]) -> tuple[Counter[str], list[str]]:
    """Named and numbered placeholders may move; unnamed ones (``%s``, ``{}``) keep their order."""
    named: Counter[str] = Counter()
    ordered = []
    for p in found:
        if p.startswith("%(") or (p.startswith("{") and p[1:2] not in ("}", ":", "!")) or "$" in p:
            named[p] += 1
        else:
            ordered.append(p)
    return named, ordered


def compatible(source: str, translation: str, styles: tuple[str, ...] = STYLES) -> bool:
    """True when *translation* has exactly the placeholders of *source*.

    Named (``%(n)s``, ``{name}``) and numbered (``{0}``, ``%1$s``) placeholders may be
    reordered; unnamed ones (``%s``, ``{}``) must keep their order, as printf needs.

    >>> compatible("%(n)s of %(total)s", "%(total)s: %(n)s")
    True
    >>> compatible("Delete %s?", "Удалить?")
    False
    >>> compatible("%s by %d", "%d by %s")
    False
    """
    return _signature(find(source, styles)) == _signature(find(translation, styles))
