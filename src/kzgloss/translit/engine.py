"""One table walker for every transliteration scheme; it holds no scheme data itself.

A table is a TOML file in ``tables/`` (package data, read on first use and cached)::

    # header comment: the standard, its year and the clause or table it comes from
    [table]
    case = "turkic"        # how the Latin side is cased: "default", "turkic" (İ i / I ı) or "none"
    [letters]              # lower-case Cyrillic -> target, longest key wins
    "ш" = "ş"
    [[rules]]              # context rules, tried before [letters]
    from = "е"
    to = "ye"
    after = "^аеёиоуыэюяйъь"   # the previous character; "^" = the word starts here
    before = "..."              # the next character; "$" = the word ends here
    [punctuation]          # non-letters to replace ("," = "،"); reversed for the reverse direction
    [word_marker]          # text written before each word that has one of ``if_any`` and none of
                           # ``unless_any`` (the töte hamza)
    [reverse]              # Latin -> Cyrillic where inverting [letters] is ambiguous;
                           # false = the sequence is read only through [[reverse_rules]]
    [[reverse_rules]]      # like [[rules]], with Latin contexts
    [reverse_fold]         # characters replaced in the input before it is read back

Letters are matched case-insensitively. A capital maps to a capitalised value: all capitals
when the neighbouring letter is a capital too (ЩУКИН → SHCHUKIN), else title case (Щукин →
Shchukin). Everything that matches no key (digits, spaces, Latin letters in Cyrillic text)
is copied unchanged.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kzgloss.translit.casing import kk_lower, kk_upper

__all__ = ["Rule", "Table", "TableError", "forward_table", "reverse_table", "apply", "is_word_char"]

WORD_START, WORD_END = "^", "$"


class TableError(ValueError):
    """A shipped table is inconsistent (a bug in the data, not in the user's input)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """Write ``to`` where the previous character is in ``after`` and the next in ``before``."""

    to: str
    after: frozenset[str] = frozenset()
    before: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class WordMarker:
    text: str
    if_any: frozenset[str]
    unless_any: frozenset[str]


@dataclass(frozen=True, slots=True)
class Table:
    """One direction of one scheme, ready to walk."""

    name: str
    mapping: Mapping[str, str]
    rules: Mapping[str, tuple[Rule, ...]]
    source_case: str
    target_case: str
    punctuation: Mapping[str, str]
    fold: Mapping[str, str]
    marker: WordMarker | None
    longest: int
    word_chars: frozenset[str]


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


@cache
def _raw(name: str) -> dict:
    import tomllib

    text = resources.files("kzgloss.translit").joinpath("tables", name).read_text("utf-8")
    return tomllib.loads(text)


def _rule(entry: dict) -> tuple[str, Rule]:
    return _nfc(entry["from"]), Rule(
        _nfc(entry["to"]), frozenset(_nfc(entry.get("after", ""))), frozenset(_nfc(entry.get("before", "")))
    )


def _build(
    name: str,
    mapping: dict[str, str],
    rule_entries: list[dict],
    *,
    source_case: str,
    target_case: str,
    punctuation: dict[str, str],
    fold: dict[str, str],
    marker: WordMarker | None,
) -> Table:
    rules: dict[str, tuple[Rule, ...]] = {}
    for entry in rule_entries:
        key, rule = _rule(entry)
        rules[key] = rules.get(key, ()) + (rule,)
    keys = set(mapping) | set(rules)
    return Table(
        name=name,
        mapping=mapping,
        rules=rules,
        source_case=source_case,
        target_case=target_case,
        punctuation={_nfc(k): _nfc(v) for k, v in punctuation.items()},
        fold={_nfc(k): _nfc(v) for k, v in fold.items()},
        marker=marker,
        longest=max(map(len, keys), default=1),
        word_chars=frozenset(c for k in keys for c in k),
    )


@cache
def forward_table(name: str) -> Table:
    """The Cyrillic → target direction of table file ``name``."""
    raw = _raw(name)
    marker = raw.get("word_marker")
    return _build(
        name,
        {_nfc(k): _nfc(v) for k, v in raw.get("letters", {}).items()},
        raw.get("rules", []),
        source_case="default",
        target_case=raw.get("table", {}).get("case", "default"),
        punctuation=raw.get("punctuation", {}),
        fold={},
        marker=marker
        and WordMarker(_nfc(marker["text"]), frozenset(marker["if_any"]), frozenset(marker["unless_any"])),
    )


@cache
def reverse_table(name: str) -> Table:
    """The target → Cyrillic direction: [letters] and [[rules]] inverted, then [reverse] applied.

    Raises :class:`TableError` when a Latin value would read back as two Cyrillic letters and
    [reverse] does not say which one wins.
    """
    raw = _raw(name)
    readings: dict[str, set[str]] = {}
    pairs = list(raw.get("letters", {}).items()) + [(r["from"], r["to"]) for r in raw.get("rules", [])]
    for cyr, lat in pairs:
        if lat:
            readings.setdefault(_nfc(lat), set()).add(_nfc(cyr))
    overrides = {_nfc(k): v for k, v in raw.get("reverse", {}).items()}
    mapping: dict[str, str] = {}
    for lat, cyrs in readings.items():
        if lat in overrides:
            continue
        if len(cyrs) > 1:
            raise TableError(f"{name}: {lat!r} reads back as any of {sorted(cyrs)}; say which in [reverse]")
        mapping[lat] = cyrs.pop()
    mapping |= {lat: _nfc(cyr) for lat, cyr in overrides.items() if cyr is not False}
    return _build(
        name,
        mapping,
        raw.get("reverse_rules", []),
        source_case=raw.get("table", {}).get("case", "default"),
        target_case="default",
        punctuation={v: k for k, v in raw.get("punctuation", {}).items()},
        fold=raw.get("reverse_fold", {}),
        marker=None,
    )


def _lower_fn(case: str) -> Callable[[str], str]:
    return {"turkic": kk_lower, "none": lambda s: s}.get(case, str.lower)


def _upper_fn(case: str) -> Callable[[str], str]:
    return {"turkic": kk_upper, "none": lambda s: s}.get(case, str.upper)


def is_word_char(c: str, extra: frozenset[str] = frozenset()) -> bool:
    """Letters, combining marks and the table's own non-letter symbols (` ' ʺ) make words."""
    return bool(c) and (c.isalpha() or unicodedata.category(c)[0] == "M" or c in extra)


def _fits(rule: Rule, low: str, i: int, j: int, table: Table) -> bool:
    for context, k, edge in ((rule.after, i - 1, WORD_START), (rule.before, j, WORD_END)):
        if not context:
            continue
        c = low[k] if 0 <= k < len(low) else ""
        if not (c in context if is_word_char(c, table.word_chars) else edge in context):
            return False
    return True


def _style(text: str, i: int, j: int, table: Table) -> str:
    """"lower", "title" or "upper" for the source text[i:j], judged with its neighbours."""
    first = text[i]
    if first.islower():
        return "lower"
    if first.isupper():
        neighbours = [text[j]] if j < len(text) else []
        neighbours += [text[i - 1]] if i > 0 else []
        for c in neighbours + list(text[i + 1 : j]):
            if c.isupper() or c.islower():
                return "upper" if c.isupper() else "title"
        return "title"
    # A caseless sign (ISO 9 ʺ, GOST ``) is upper case only inside an all-capital word.
    start = i
    while start > 0 and is_word_char(text[start - 1], table.word_chars):
        start -= 1
    return "upper" if word_style(text[start : _word_end(text, i, table)]) == "upper" else "lower"


def recase(value: str, style: str, case: str) -> str:
    """Give ``value`` the ``style`` of its source ("lower", "title", "upper")."""
    if style == "upper":
        return _upper_fn(case)(value)
    if style == "title" and value:
        return _upper_fn(case)(value[0]) + value[1:]
    return value


def word_style(word: str) -> str:
    """The case style of a whole word: all capitals (two letters or more), title, or lower."""
    cased = [c for c in word if c.isupper() or c.islower()]
    if len(cased) > 1 and all(c.isupper() for c in cased):
        return "upper"
    return "title" if cased and cased[0].isupper() else "lower"


def _word_end(text: str, i: int, table: Table) -> int:
    k = i
    while k < len(text) and is_word_char(text[k], table.word_chars):
        k += 1
    return k


def apply(table: Table, text: str, *, words: Mapping[str, str] | None = None) -> str:
    """Walk ``text`` with ``table``, longest key first; ``words`` overrides whole words.

    ``words`` maps a lower-cased source word to its output; the output takes the word's case.
    """
    text = _nfc(text)
    if table.fold:
        text = "".join(table.fold.get(c, c) for c in text)
    lower = _lower_fn(table.source_case)
    low = "".join(lc if len(lc := lower(c)) == 1 else c for c in text)
    out: list[str] = []
    if table.longest == 1 and not table.rules and not (table.marker or words):
        # One letter at a time (kk-latn-2021): the walk below without its slices and ranges.
        mapping, punctuation = table.mapping, table.punctuation
        for i, c in enumerate(text):
            value = mapping.get(low[i])
            if value is None:
                out.append(punctuation.get(c, c))
            elif c.islower():
                out.append(value)
            else:
                out.append(recase(value, _style(text, i, i + 1, table), table.target_case))
        return _nfc("".join(out))
    i, n = 0, len(text)
    while i < n:
        if (table.marker or words) and is_word_char(text[i], table.word_chars) and (
            i == 0 or not is_word_char(text[i - 1], table.word_chars)
        ):
            k = _word_end(text, i, table)
            if words and (found := words.get(low[i:k])) is not None:
                out.append(recase(found, word_style(text[i:k]), "default"))
                i = k
                continue
            m = table.marker
            if m and any(c in m.if_any for c in low[i:k]) and not any(c in m.unless_any for c in low[i:k]):
                out.append(m.text)
        for size in range(min(table.longest, n - i), 0, -1):
            key = low[i : i + size]
            rules = table.rules.get(key)
            value = next((r.to for r in rules if _fits(r, low, i, i + size, table)), None) if rules else None
            if value is None:
                value = table.mapping.get(key)
            if value is not None:
                # _style() is "lower" for a lower-case first letter, and recase() then a no-op.
                if text[i].islower():
                    out.append(value)
                else:
                    out.append(recase(value, _style(text, i, i + size, table), table.target_case))
                i += size
                break
        else:
            out.append(table.punctuation.get(text[i], text[i]))
            i += 1
    return _nfc("".join(out))
