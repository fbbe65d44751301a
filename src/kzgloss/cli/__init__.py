"""The ``kzgloss`` command line: thin click commands over the library.

Every :class:`~kzgloss.errors.KzglossError` becomes one ``Error: ...`` line on stderr and the
class's exit code; anything else is a bug (exit 70, with the traceback).
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from typing import Any

import click

from kzgloss import __version__
from kzgloss.errors import KzglossError

__all__ = ["cli", "main", "db_option", "json_option"]

EXIT_INTERNAL = 70


class KzglossGroup(click.Group):
    """A group that maps library errors to their exit codes, also under ``CliRunner``."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KzglossError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def db_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--db URL``: a SQLAlchemy URL or a SQLite file path (default: ``$KZGLOSS_DB``, then
    the embedded database built from the shipped glossary)."""
    return click.option(
        "--db", "db", metavar="URL",
        help="Database: a SQLAlchemy URL or a SQLite file (default: $KZGLOSS_DB, else the "
             "embedded termbase built from the shipped glossary).",
    )(func)


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")(func)


@click.group(cls=KzglossGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kzgloss")
def cli() -> None:
    """kzgloss: a termbase and translation memory for English, Kazakh and Russian.

    \b
    Example:
        kzgloss lookup оралман
        kzgloss show kandas --json
    """


def _register() -> None:
    from kzgloss.cli import db as db_cmds
    from kzgloss.cli import glossary, lookup

    for module in (lookup, glossary, db_cmds):
        for command in module.COMMANDS:
            cli.add_command(command)
    for optional in ("kzgloss.cli.po", "kzgloss.cli.tm", "kzgloss.cli.check", "kzgloss.cli.site"):
        try:
            module = __import__(optional, fromlist=["COMMANDS"])
        except ModuleNotFoundError as exc:
            if exc.name != optional:
                raise
            continue
        for command in module.COMMANDS:
            if isinstance(command, click.Group) and command.name in cli.commands:
                for sub in command.commands.values():
                    cli.commands[command.name].add_command(sub)  # type: ignore[attr-defined]
            else:
                cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``kzgloss`` script and ``python -m kzgloss``."""
    try:
        cli.main(args=argv, prog_name="kzgloss")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("Interrupted; nothing was changed by the unfinished step.", err=True)
        sys.exit(130)
    except Exception:  # noqa: BLE001 - the one last-resort handler (STYLE.md, convention 3)
        traceback.print_exc()
        click.echo("Error: internal error (a bug in kzgloss); please report it with the "
                   "traceback above.", err=True)
        sys.exit(EXIT_INTERNAL)
