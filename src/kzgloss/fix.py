"""Write the suggestions of findings into a text, changing nothing else.

Only findings with a suggestion and a span are applied; overlapping ones keep the first (in
text order). In a ``.po`` file the suggestion is escaped as a PO string, and a finding whose
span in the file is not its text as found (a term broken across two quoted lines) is skipped.

>>> from kzgloss.checks.findings import Finding, Severity
>>> f = Finding("a.txt", 1, 4, "Ata-Jurt", "atajurt", "KZ104", Severity.WARNING, "m", "Atajurt", (3, 11))
>>> apply_fixes("By Ata-Jurt.\\r\\n", [f])
('By Atajurt.\\r\\n', [Finding(path='a.txt', line=1, column=4, text='Ata-Jurt', concept='atajurt', rule='KZ104', severity=<Severity.WARNING: 2>, message='m', suggestion='Atajurt', span=(3, 11))])
"""

from __future__ import annotations

from collections.abc import Iterable

from kzgloss.checks.findings import Finding

__all__ = ["apply_fixes", "fixed_path", "po_escape"]


def po_escape(text: str) -> str:
    r"""Escape text for a PO string literal.

    >>> po_escape('«Оралман» "x"\n')
    '«Оралман» \\"x\\"\\n'
    """
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\t", "\\t").replace("\r", "\\r"))


def apply_fixes(source: str, findings: Iterable[Finding], *, po: bool = False) -> tuple[str, list[Finding]]:
    """``(fixed text, findings applied)``; ``source`` is the whole file as read."""
    chosen: list[Finding] = []
    last_end = -1
    for f in sorted((f for f in findings if f.suggestion is not None and f.span is not None),
                    key=lambda f: f.span):  # type: ignore[arg-type, return-value]
        start, end = f.span  # type: ignore[misc]
        expected = po_escape(f.text) if po else f.text
        if start < last_end or source[start:end] != expected:
            continue
        chosen.append(f)
        last_end = end
    parts, pos = [], 0
    for f in chosen:
        start, end = f.span  # type: ignore[misc]
        parts.append(source[pos:start])
        parts.append(po_escape(f.suggestion) if po else f.suggestion)  # type: ignore[arg-type]
        pos = end
    parts.append(source[pos:])
    return "".join(parts), chosen


def fixed_path(path: str) -> str:
    """Where ``--fix`` writes a file's fixed copy by default: ``story.md`` → ``story.fixed.md``.

    >>> fixed_path("drafts/story.md"), fixed_path("notes")
    ('drafts/story.fixed.md', 'notes.fixed')
    """
    slash = path.rfind("/") + 1
    dot = path.rfind(".")
    if dot > slash:
        return path[:dot] + ".fixed" + path[dot:]
    return path + ".fixed"


def plan_fixes(sources: dict[str, str], findings: list[Finding], *, output: str | None,
               in_place: bool) -> list[tuple[str, str, list[Finding]]]:
    """``(where to write, fixed text, findings applied)`` for each file that changes.

    The target is the file itself with ``in_place``; else ``output`` (a file when one file was
    checked, a folder that mirrors the checked paths when several were); else the file's
    ``.fixed`` copy beside it (:func:`fixed_path`).
    """
    import os

    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        by_path.setdefault(f.path, []).append(f)
    base = os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in sources]) if sources else ""
    plans = []
    for path, source in sources.items():
        text, applied = apply_fixes(source, by_path.get(path, []), po=path.lower().endswith((".po", ".pot")))
        if not applied:
            continue
        if in_place:
            target = path
        elif output and len(sources) == 1:
            target = output
        elif output:
            target = os.path.join(output, os.path.relpath(os.path.abspath(path), base))
        else:
            target = fixed_path(path)
        plans.append((target, text, applied))
    return plans
