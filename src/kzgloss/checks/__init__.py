"""Terminology checks for drafts and catalogs (``kzgloss check``).

Checks are plain functions in the explicit registry :data:`CHECKS`, each with a stable code
(the table is :data:`kzgloss.checks.findings.RULES`). A *term* check looks at one term found in
context (:class:`~kzgloss.checks.prose.TermHit`), a *text* check at a whole document, an
*entry* check at one catalog entry. Every check yields :class:`Finding` values and never raises
or prints.

>>> [check.code for check in CHECKS]
['KZ101', 'KZ102', 'KZ103', 'KZ104', 'KZ105', 'KZ201']

Use from Python::

    termbase = Termbase(concepts)             # records, e.g. from termbase.read_concepts()
    result = check_paths(["story.md"], termbase, CheckOptions(date=parse_date("2023-05-01")))
    for finding in result.findings: ...
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from kzgloss.checks.dates import DateRange, parse_date
from kzgloss.checks.documents import Document, decode, document_kind, read_document
from kzgloss.checks.findings import RULES, Finding, Severity, resolve_codes
from kzgloss.checks.inflect import preload
from kzgloss.checks.matcher import Matcher
from kzgloss.checks.po import missing_target_term
from kzgloss.checks.prose import (
    CheckOptions,
    DocumentScan,
    category,
    forbidden_term,
    mixed_script,
    name_not_current,
    spelling_variant,
    superseded_term,
    term_hits,
)
from kzgloss.errors import InputError
from kzgloss.records import ConceptRecord

__all__ = [
    "CHECKS", "Check", "CheckOptions", "CheckResult", "Termbase", "Finding", "Severity", "RULES",
    "check_document", "check_text", "check_paths", "iter_files", "load_termbase", "parse_date",
    "DateRange", "select_codes",
]


class Check(NamedTuple):
    code: str
    func: Callable[..., Iterator[Finding]]
    scope: str  # "term", "text" or "entry"


CHECKS: tuple[Check, ...] = (
    Check("KZ101", superseded_term, "term"),
    Check("KZ102", forbidden_term, "term"),
    Check("KZ103", name_not_current, "term"),
    Check("KZ104", spelling_variant, "term"),
    Check("KZ105", mixed_script, "text"),
    Check("KZ201", missing_target_term, "entry"),
)


#: The term checks by the category of term they look at (see prose.category).
_TERM_CHECKS = {"term": ("KZ101", superseded_term), "forbidden": ("KZ102", forbidden_term),
                "name": ("KZ103", name_not_current), "variant": ("KZ104", spelling_variant)}


def select_codes(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> frozenset[str]:
    """The codes to run: all (or those selected) minus those ignored; ``ValueError`` on a typo.

    >>> sorted(select_codes(["KZ1"], ["KZ105", "name-not-current"]))
    ['KZ101', 'KZ102', 'KZ104']
    """
    select, ignore = list(select), list(ignore)
    chosen = resolve_codes(select) if select else set(RULES)
    return frozenset(chosen - resolve_codes(ignore))


class Termbase:
    """The concepts a run checks against, with the two matchers built on first use."""

    def __init__(self, concepts: Iterable[ConceptRecord]) -> None:
        self.concepts = list(concepts)
        self._prose: Matcher | None = None
        self._all: Matcher | None = None

    @property
    def prose_matcher(self) -> Matcher:
        """Terms that can lead to a finding (plus the terms that overlap them)."""
        if self._prose is None:
            self._prose = Matcher(self.concepts)
        return self._prose

    @property
    def full_matcher(self) -> Matcher:
        """Every term (the catalog checks need the preferred ones too)."""
        if self._all is None:
            self._all = Matcher(self.concepts, scope="all")
        return self._all


def load_termbase(url: str) -> Termbase:
    """The termbase behind a database URL, read with the stdlib driver where possible."""
    from kzgloss.reader import open_reader
    from kzgloss.termbase import read_concepts

    with open_reader(url) as reader:
        return Termbase(read_concepts(reader))


def check_document(doc: Document, termbase: Termbase, options: CheckOptions,
                   codes: frozenset[str] = frozenset(RULES)) -> list[Finding]:
    """The findings of the selected prose checks on one document, in text order."""
    scan = DocumentScan(doc, termbase.prose_matcher, options)
    # Each term check starts by asking the term's category, and only one can apply: ask it
    # once per term and call that check alone.
    by_category = {cat: func for cat, (code, func) in _TERM_CHECKS.items() if code in codes}
    findings: list[Finding] = []
    if by_category:
        memo = scan.matcher.memo
        for hit in term_hits(scan):
            key = ("category", id(hit.term))
            cat = memo.get(key)
            if cat is None:
                cat = memo[key] = category(hit.term)
            check = by_category.get(cat)
            if check is not None:
                findings.extend(check(hit))
    for check in CHECKS:
        if check.scope == "text" and check.code in codes:
            findings.extend(check.func(scan))
    findings.sort(key=lambda f: (f.line, f.column, f.rule))
    return findings


def check_text(text: str, termbase: Termbase, options: CheckOptions | None = None, *,
               path: str = "<text>", kind: str | None = None,
               codes: frozenset[str] = frozenset(RULES)) -> list[Finding]:
    """Check a string as if it were the file ``path`` (its ending picks the reader)."""
    options = options or CheckOptions()
    if (kind or document_kind(path)) == "po":
        from kzgloss.checks.po import check_catalog, read_catalog

        return check_catalog(read_catalog(text, path), termbase, options, codes)
    return check_document(read_document(text, path, kind), termbase, options, codes)


@dataclass(slots=True)
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # path -> text, for --fix
    files: int = 0


def iter_files(paths: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """``(path, error)`` for each file to check; directories are walked (known endings only,
    hidden folders skipped), named files are checked whatever their ending."""
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if document_kind(name) and not name.startswith("."):
                        yield os.path.join(root, name), None
        elif os.path.exists(path):
            yield path, None
        else:
            yield path, "no such file or directory"


def check_paths(paths: Iterable[str], termbase: Termbase, options: CheckOptions, *,
                codes: frozenset[str] = frozenset(RULES), keep_sources: bool = False,
                jobs: int = 0) -> CheckResult:
    """Check files and directories; unreadable ones are collected in ``errors``, not raised.

    ``jobs``: worker processes (``0``: one per CPU once there are at least
    :data:`PARALLEL_MIN_BYTES` to check in two or more files; ``1``: none). Results are the
    same, in the same order, either way.
    """
    result = CheckResult()
    todo: list[str] = []
    for path, problem in iter_files(paths):
        if problem:
            result.errors.append(InputError(problem, path=path))
        else:
            todo.append(path)
    jobs = _jobs(jobs, todo)
    if jobs > 1:
        # The matchers and the morphology are loaded once, here; forked workers share them
        # (copy on write).
        termbase.prose_matcher
        preload({term.lang for concept in termbase.concepts for term in concept.terms})
        if any(document_kind(p) == "po" for p in todo):
            termbase.full_matcher
        outcomes = _check_in_workers(todo, jobs, (termbase, options, codes, keep_sources))
    else:
        outcomes = (_check_file(path, termbase, options, codes, keep_sources) for path in todo)
    for path, (findings, text, error) in zip(todo, outcomes):
        if error is not None:
            result.errors.append(InputError(error[0], path=error[1], line=error[2]))
            continue
        result.findings.extend(findings)
        result.files += 1
        if keep_sources and text is not None:
            result.sources[path] = text
    return result


#: With ``jobs=0``, below this many bytes one process checks faster than starting workers.
PARALLEL_MIN_BYTES = 1_000_000

_Outcome = tuple[list[Finding], "str | None", "tuple[str, str | None, int | None] | None"]


def _check_file(path: str, termbase: Termbase, options: CheckOptions, codes: frozenset[str],
                keep_source: bool) -> _Outcome:
    """``(findings, text, error)`` of one file; the error as plain values (it crosses processes)."""
    try:
        with open(path, "rb") as fh:
            text = decode(fh.read(), path)
        findings = check_text(text, termbase, options, path=path, codes=codes)
    except OSError as exc:
        return [], None, (f"cannot read: {exc.strerror}", path, None)
    except InputError as exc:
        return [], None, (exc.reason, exc.path, exc.line)
    return findings, text if keep_source else None, None


def _jobs(jobs: int, paths: list[str]) -> int:
    if len(paths) < 2 or jobs == 1 or not _can_fork():
        return 1
    if jobs <= 0:
        try:
            size = sum(os.path.getsize(p) for p in paths)
        except OSError:
            return 1
        if size < PARALLEL_MIN_BYTES:
            return 1
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(jobs, len(paths)))


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


_WORKER_STATE: tuple | None = None


def _take_files() -> Iterator[int]:
    """Indexes into the worker state's file list, each handed out once across processes."""
    assert _WORKER_STATE is not None
    _, _, _, _, paths, order, counter = _WORKER_STATE
    while True:
        with counter.get_lock():
            k = counter.value
            counter.value = k + 1
        if k >= len(order):
            return
        yield order[k]


def _worker_loop() -> list[tuple[int, tuple]]:
    """A worker: check files until none is left; the outcomes as plain values."""
    assert _WORKER_STATE is not None
    termbase, options, codes, keep, paths, _, _ = _WORKER_STATE
    out = []
    for i in _take_files():
        findings, text, error = _check_file(paths[i], termbase, options, codes, keep)
        # Plain tuples unpickle in C; a named tuple or an enum calls Python code for each one,
        # and the parent unpickles them all.
        out.append((i, ([(f.path, f.line, f.column, f.text, f.concept, f.rule, int(f.severity),
                          f.message, f.suggestion, f.span) for f in findings], text, error)))
    return out


_SEVERITY_OF = {int(severity): severity for severity in Severity}  # a dict lookup, not an Enum call


def _from_worker(outcome: tuple) -> _Outcome:
    rows, text, error = outcome
    severity_of = _SEVERITY_OF
    return [Finding(p, ln, col, t, c, r, severity_of[sev], msg, sug, span)
            for p, ln, col, t, c, r, sev, msg, sug, span in rows], text, error


def _check_in_workers(paths: list[str], jobs: int, state: tuple) -> list[_Outcome]:
    """Check files in this process and ``jobs - 1`` forked ones; the outcomes in the order of
    ``paths``. Each process takes the next file from a shared counter (big files first), so
    they finish together; this one's own outcomes need no pickling."""
    import multiprocessing

    global _WORKER_STATE
    context = multiprocessing.get_context("fork")
    order = sorted(range(len(paths)), key=lambda i: -_size(paths[i]))
    _WORKER_STATE = (*state, paths, order, context.Value("l", 0))
    termbase, options, codes, keep = state
    # Objects the garbage collector never visits stay shared with the workers: a collection
    # in a worker would otherwise write to (and so copy) every page of the termbase.
    gc.freeze()
    pool = context.Pool(jobs - 1)
    try:
        pending = [pool.apply_async(_worker_loop) for _ in range(jobs - 1)]
        done: dict[int, _Outcome] = {
            i: _check_file(paths[i], termbase, options, codes, keep) for i in _take_files()}
        for result in pending:
            done.update((i, _from_worker(outcome)) for i, outcome in result.get())
        pool.close()  # the workers are idle: letting them exit is quicker than terminating them
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()
        gc.unfreeze()
        _WORKER_STATE = None
    return [done[i] for i in range(len(paths))]


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
