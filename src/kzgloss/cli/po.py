"""``kzgloss export po``, ``import po`` and ``convert po``: the termbase and gettext."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import BinaryIO

import click

from kzgloss.cli import db_option, json_option
from kzgloss.cli.lookup import DATE

LOCALE_CHOICE = click.Choice(["kk", "kk@latin", "ru"])
IN_FILE = click.Path(exists=True, dir_okay=False, readable=True, path_type=Path)


@click.group(name="export")
def export_group() -> None:
    """Export the termbase or the translation memory."""


@export_group.command(name="po")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("locales"), show_default=True,
              help="Directory for glossary.pot and <locale>/LC_MESSAGES/glossary.po.")
@click.option("--mo", is_flag=True, help="Also compile each catalog to glossary.mo.")
@click.option("--locale", "locales", type=LOCALE_CHOICE, multiple=True,
              help="Only this locale (repeat for more; default: kk, kk@latin and ru).")
@click.option("--date", "on", type=DATE,
              help="Export the terms preferred on this day (default: today).")
@db_option
def export_po(out_dir: Path, mo: bool, locales: tuple[str, ...], on: dt.date | None,
              db: str | None) -> None:
    """Write the termbase as gettext catalogs: one entry per concept, msgctxt = concept id.

    The same termbase and date always give byte-identical files, which pass
    `msgfmt --check`.

    \b
    Example:
        kzgloss export po
        kzgloss export po --out build/locales --mo --locale ru --date 2020-01-01
    """
    from kzgloss.gettext_export import DEFAULT_LOCALES
    from kzgloss.gettext_export import export_po as run_export
    from kzgloss.reader import open_reader
    from kzgloss.store import database_url

    with open_reader(database_url(db)) as reader:
        written = run_export(reader, out_dir, locales=locales or DEFAULT_LOCALES, on=on, mo=mo)
    for path in written:
        click.echo(str(path))


@click.group(name="import")
def import_group() -> None:
    """Import files into the translation memory."""


def _open_each(paths: tuple[Path, ...]) -> Iterator[tuple[str, BinaryIO]]:
    for path in paths:
        with path.open("rb") as fileobj:
            yield str(path), fileobj


def _summary(counts: dict[str, object]) -> str:
    return ", ".join(f"{key} {counts[key]}" for key in (
        "stored", "skipped-fuzzy", "skipped-obsolete", "skipped-untranslated", "duplicates"))


@import_group.command(name="po")
@click.argument("files", nargs=-1, required=True, type=IN_FILE)
@click.option("--lang", help="Target language of the catalogs (default: their Language "
                             "header), e.g. ru, kk, kk@latin.")
@click.option("--project", help="Project name recorded with each segment.")
@json_option
@db_option
def import_po(files: tuple[Path, ...], lang: str | None, project: str | None, as_json: bool,
              db: str | None) -> None:
    """Store the translated entries of gettext catalogs in the translation memory.

    All files go in one transaction: an invalid catalog is reported as FILE:LINE (exit 3)
    and nothing from the run is stored. Fuzzy, obsolete and untranslated entries are
    counted, not stored; re-importing a file adds nothing.

    \b
    Example:
        kzgloss import po django/conf/locale/kk/LC_MESSAGES/django.po --project django
        kzgloss import po ru.po --lang ru --json
    """
    from kzgloss.cli.output import print_json
    from kzgloss.db import make_engine
    from kzgloss.po_import import import_catalogs
    from kzgloss.store import database_url

    url = database_url(db)
    show_bar = not as_json and sys.stderr.isatty()
    bar = (click.progressbar(length=sum(p.stat().st_size for p in files), label="importing",
                             file=sys.stderr) if show_bar else nullcontext())
    engine = make_engine(url)
    try:
        with bar as progress, engine.begin() as connection:
            result = import_catalogs(connection, _open_each(files), lang=lang, project=project,
                                     progress=progress.update if show_bar else None)
    finally:
        engine.dispose()
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    if as_json:
        print_json({**result.totals, "files": [f.as_json() for f in result.files],
                    "warnings": [str(w) for w in result.warnings]})
        return
    for counts in result.files:
        click.echo(f"{counts.path} ({counts.language}): {_summary(counts.as_json())}")
    if len(result.files) > 1:
        click.echo(f"total: {_summary(result.totals)}")


@click.group(name="convert")
def convert_group() -> None:
    """Convert files between scripts."""


@convert_group.command(name="po")
@click.argument("in_file", metavar="IN.po", type=IN_FILE)
@click.option("-o", "--output", "out_file", required=True,
              type=click.Path(dir_okay=False, path_type=Path), help="Catalog to write.")
@click.option("--to", "to", required=True, type=click.Choice(["kk@latin", "kk-Arab"]),
              help="Target script: kk@latin (2021 Latin alphabet) or kk-Arab (töte).")
@db_option
def convert_po(in_file: Path, out_file: Path, to: str, db: str | None) -> None:
    """Write a Latin- or Arabic-script Kazakh catalog from a Cyrillic one.

    Placeholders, URLs, e-mail addresses, markup and Latin-script words are kept; glossary
    terms take the form the termbase records; Language and Plural-Forms are set.

    \b
    Example:
        kzgloss convert po kk.po -o kk@latin.po --to kk@latin
    """
    import io

    from kzgloss.po_convert import TARGETS, convert_po as run_convert, term_lexicon
    from kzgloss.reader import open_reader
    from kzgloss.store import database_url

    target = TARGETS[to]
    with open_reader(database_url(db)) as reader:
        lexicon = term_lexicon(reader, target)
    buffer = io.BytesIO()
    with in_file.open("rb") as infile:
        result = run_convert(infile, buffer, target=target, lexicon=lexicon, path=str(in_file))
    out_file.write_bytes(buffer.getvalue())
    click.echo(f"{out_file}: {result.converted} of {result.entries} entries converted to "
               f"{target.language}", err=True)


COMMANDS = (export_group, import_group, convert_group)
