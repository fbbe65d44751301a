"""``kzgloss check``: the terminology linter for drafts and catalogs."""

from __future__ import annotations

import os

import click

from kzgloss.cli import db_option
from kzgloss.cli.lookup import LANG_CHOICE


class PartialDate(click.ParamType):
    name = "YYYY[-MM[-DD]]"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        from kzgloss.checks.dates import parse_date

        parsed = parse_date(value)
        if parsed is None:
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD (or YYYY-MM, YYYY)", param, ctx)
        return parsed


class Codes(click.ParamType):
    name = "CODES"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        from kzgloss.checks.findings import resolve_codes

        try:
            resolve_codes([value])
        except ValueError as exc:
            self.fail(str(exc), param, ctx)
        return value


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--lang", type=LANG_CHOICE, help="Language of the text (default: the file's "
              "front matter or header, else guessed per paragraph); for .po: the target language.")
@click.option("--date", "date", type=PartialDate(), help="The date the texts are about, for files "
              "that state none (front matter `date:`, <meta name=date>); default: today.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="Output: lines for people, a JSON array, or GitHub annotations.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default="warning",
              show_default=True, help="Exit 1 when a finding is at least this severe.")
@click.option("--select", multiple=True, type=Codes(), help="Only these rules (codes, prefixes "
              "such as KZ1, or names; comma-separated or repeated).")
@click.option("--ignore", multiple=True, type=Codes(), help="Skip these rules.")
@click.option("--quotes", type=click.Choice(["report", "info", "ignore"]), default="info",
              show_default=True, help="Terms inside quotations: full severity, at most info, or not at all.")
@click.option("--fix", is_flag=True, help="Write the suggestions into a copy (story.fixed.md, or -o).")
@click.option("-o", "--output", type=click.Path(), help="With --fix: the copy to write (a folder "
              "when several files are checked).")
@click.option("--in-place", is_flag=True, help="With --fix: overwrite the checked files.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes checking files side by side; 0: one per CPU when there is at least "
              "1 MB in two or more files, 1: none.")
@db_option
def check(paths, lang, date, fmt, fail_on, select, ignore, quotes, fix, output, in_place,  # type: ignore[no-untyped-def]
          exit_zero, jobs, db):
    """Check drafts and catalogs against the termbase.

    Plain text, Markdown, HTML and .po files (folders are walked) are checked for superseded,
    forbidden, not-yet-current and variant terms, inflected and in any script, and for words
    mixing Cyrillic and Latin letters. Exit status: 0 no findings at or above --fail-on,
    1 findings, 2 usage error, 3 a file could not be read.

    \b
    Example:
        kzgloss check story.md --date 2023-05-01
        kzgloss check locales/ --format github --fail-on error
        kzgloss check draft.txt --fix -o draft.clean.txt
    """
    from kzgloss.checks import CheckOptions, check_paths, load_termbase, select_codes
    from kzgloss.checks.findings import Severity
    from kzgloss.errors import InputError
    from kzgloss.fix import plan_fixes
    from kzgloss.report import exit_status, format_findings, summary
    from kzgloss.store import database_url

    if (output or in_place) and not fix:
        raise click.UsageError("-o/--output and --in-place go with --fix")
    if output and in_place:
        raise click.UsageError("give either -o/--output or --in-place, not both")
    options = CheckOptions(lang=lang, date=date, quotes=quotes)
    termbase = load_termbase(database_url(db))
    result = check_paths(paths, termbase, options, codes=select_codes(select, ignore),
                         keep_sources=fix, jobs=jobs)
    threshold = Severity.parse(fail_on)
    report = format_findings(result.findings, fmt)
    if report or fmt == "json":
        click.echo(report)
    if fmt == "text" and result.files:
        click.echo(summary(result.findings, result.files), err=True)
    remaining = result.findings
    if fix:
        wanted = [f for f in result.findings if f.severity >= threshold]
        fixed: set[int] = set()
        for target, text, applied in plan_fixes(result.sources, wanted, output=output, in_place=in_place):
            os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            fixed |= {id(f) for f in applied}
            click.echo(f"fixed {len(applied)} finding(s): {target}", err=True)
        remaining = [f for f in result.findings if id(f) not in fixed]
    if result.errors:
        first = result.errors[0]
        more = f" (and {len(result.errors) - 1} more unreadable)" if len(result.errors) > 1 else ""
        raise InputError(first.reason + more, path=first.path, line=first.line)
    if not exit_zero and exit_status(remaining, threshold):
        raise click.exceptions.Exit(1)


COMMANDS = (check,)
