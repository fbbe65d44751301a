"""Findings as text for people, JSON for machines, and GitHub Actions annotations.

The printers take :class:`~kzgloss.checks.findings.Finding` values and return strings; only
``cli`` writes them out. :func:`exit_status` turns findings into the exit code of
``kzgloss check`` (0 nothing at or above ``--fail-on``, 1 otherwise).

>>> from kzgloss.checks.findings import Finding, Severity
>>> f = Finding("story.md", 3, 12, "оралмандар", "kandas", "KZ101", Severity.WARNING,
...             "“оралмандар” is superseded", "қандастар")
>>> print(format_text([f]))
story.md:3:12: warning KZ101 “оралмандар” is superseded (қандастар)
>>> print(format_github([f]))
::warning file=story.md,line=3,col=12,title=KZ101 superseded-term::“оралмандар” is superseded (қандастар)
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from kzgloss.checks.findings import Finding, Severity

__all__ = ["FORMATS", "format_findings", "format_text", "format_json", "format_github",
           "exit_status", "summary"]


def _tail(finding: Finding) -> str:
    return f" ({finding.suggestion})" if finding.suggestion else ""


_SEVERITY_NAME = {severity: str(severity) for severity in Severity}


def format_text(findings: Iterable[Finding]) -> str:
    """``path:line:col: severity rule message (suggestion)``, one finding a line."""
    name = _SEVERITY_NAME
    return "\n".join(
        f"{f.path}:{f.line}:{f.column}: {name[f.severity]} {f.rule} {f.message}"
        + (f" ({f.suggestion})" if f.suggestion else "")
        for f in findings
    )


def format_json(findings: Iterable[Finding]) -> str:
    """A JSON array of findings with the keys of :meth:`Finding.to_json`."""
    return json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=2)


def _escape_data(value: str) -> str:
    # GitHub's workflow-command escaping (actions/toolkit, core/src/command.ts).
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(findings: Iterable[Finding]) -> str:
    """GitHub Actions workflow commands: ``::warning file=…,line=…,col=…::message``."""
    lines = []
    for f in findings:
        props = (f"file={_escape_property(f.path)},line={f.line},col={f.column},"
                 f"title={_escape_property(f'{f.rule} {f.name}')}")
        lines.append(f"::{_GITHUB_LEVEL[f.severity]} {props}::{_escape_data(f.message + _tail(f))}")
    return "\n".join(lines)


FORMATS = {"text": format_text, "json": format_json, "github": format_github}


def format_findings(findings: Iterable[Finding], fmt: str) -> str:
    return FORMATS[fmt](findings)


def exit_status(findings: Iterable[Finding], fail_on: Severity) -> int:
    """1 when any finding is at or above ``fail_on``, else 0.

    >>> from kzgloss.checks.findings import Finding, Severity
    >>> info = Finding("a", 1, 1, "x", None, "KZ101", Severity.INFO, "m")
    >>> exit_status([info], Severity.WARNING), exit_status([info], Severity.INFO)
    (0, 1)
    """
    return 1 if any(f.severity >= fail_on for f in findings) else 0


def summary(findings: list[Finding], files: int) -> str:
    """One line for the end of a text report: counts by severity."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    parts = [f"{counts[s]} {s}" for s in reversed(Severity) if counts[s]]
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    return f"{checked}: " + (", ".join(parts) if parts else "no findings")
