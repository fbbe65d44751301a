"""What a check reports: :class:`Finding` values, their :class:`Severity`, and the rule table.

Every rule has a stable code (``KZ101``) and a name; ``--select``/``--ignore`` take either,
and a code prefix (``KZ1``) selects a family. The table :data:`RULES` is the one source of
these facts: the CLI help, the README table and the tests read it.

>>> RULES["KZ101"].name
'superseded-term'
>>> Severity.parse("warning") > Severity.INFO
True
"""

from __future__ import annotations

import enum
from typing import Any, NamedTuple

__all__ = ["Severity", "Finding", "Rule", "RULES", "resolve_codes"]


class Severity(enum.IntEnum):
    """How much a finding asks of the writer; ordered, so ``max()`` and ``>=`` work."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        return cls[value.upper()]


class Rule(NamedTuple):
    code: str
    name: str
    severity: Severity
    summary: str


#: Stable codes. KZ1xx: terms in any text; KZ2xx: translation catalogs.
RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        Rule("KZ101", "superseded-term", Severity.WARNING,
             "a superseded or deprecated term in the writer's own voice"),
        Rule("KZ102", "forbidden-term", Severity.ERROR,
             "a forbidden term (error) or a derogatory one (warning)"),
        Rule("KZ103", "name-not-current", Severity.WARNING,
             "a place or name that was not in use on the date the passage is about"),
        Rule("KZ104", "spelling-variant", Severity.WARNING,
             "a spelling variant that is not the house form"),
        Rule("KZ105", "mixed-script", Severity.ERROR,
             "a word mixing Cyrillic and Latin letters (a homoglyph)"),
        Rule("KZ201", "missing-target-term", Severity.WARNING,
             "a source term whose preferred target term is missing from the translation"),
    )
}


def resolve_codes(values: list[str] | tuple[str, ...]) -> set[str]:
    """Turn codes, code prefixes and rule names into the set of codes they name.

    Unknown values raise ``ValueError`` naming the value and the closest rule.

    >>> sorted(resolve_codes(["KZ1", "missing-target-term"]))
    ['KZ101', 'KZ102', 'KZ103', 'KZ104', 'KZ105', 'KZ201']
    """
    by_name = {rule.name: code for code, rule in RULES.items()}
    out: set[str] = set()
    for raw in values:
        for value in filter(None, (v.strip() for v in raw.split(","))):
            upper = value.upper()
            codes = {code for code in RULES if code.startswith(upper)} if upper.startswith("KZ") else set()
            if value in by_name:
                codes.add(by_name[value])
            if not codes:
                import difflib

                close = difflib.get_close_matches(value, [*RULES, *by_name], n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ValueError(f"unknown rule {value!r}{hint}")
            out |= codes
    return out


class Finding(NamedTuple):
    """One thing a check found, located in the source file (1-based line and column).

    ``column`` counts characters, not bytes. ``text`` is the text as found at that place, and
    ``span`` its ``(start, end)`` character offsets in the source file (``None`` when there is
    nothing to replace, e.g. a missing term), which is what ``--fix`` edits.

    A named tuple, not a frozen dataclass: a run makes one per finding (thousands a megabyte
    in dense text), and a frozen dataclass sets each of its ten fields through
    ``object.__setattr__``, several times slower.
    """

    path: str
    line: int
    column: int
    text: str
    concept: str | None
    rule: str
    severity: Severity
    message: str
    suggestion: str | None = None
    span: tuple[int, int] | None = None

    @property
    def name(self) -> str:
        return RULES[self.rule].name

    def to_json(self) -> dict[str, Any]:
        """The JSON object of the issue's contract (``span`` is internal and left out)."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "concept": self.concept,
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "suggestion": self.suggestion,
        }
