"""``kzgloss tm search|concordance``, ``pretranslate``, ``export tmx`` and ``import tmx``."""

from __future__ import annotations

import sys

import click

from kzgloss.cli import db_option, json_option



def _lang_options(func):  # type: ignore[no-untyped-def]
    func = click.option("--target-lang", metavar="LANG", help="Only segments translated into LANG "
                        "(kk matches kk-Cyrl and kk-Latn).")(func)
    return click.option("--source-lang", metavar="LANG", help="Only segments whose source is in LANG.")(func)


def _open_index(db: str | None) -> str:
    from kzgloss.store import database_url
    from kzgloss.tm import refresh_index

    url = database_url(db)
    refresh_index(url)
    return url


def _color() -> bool:
    ctx = click.get_current_context()
    return ctx.color if ctx.color is not None else sys.stdout.isatty()


@click.group(name="tm")
def tm_group() -> None:
    """Search the translation memory."""


@tm_group.command()
@click.argument("text")
@_lang_options
@click.option("--min-score", type=click.FloatRange(0, 100), default=50.0, show_default=True,
              help="Leave out segments scoring below this (0-100).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="At most this many segments.")
@json_option
@db_option
def search(text: str, source_lang: str | None, target_lang: str | None, min_score: float,
           limit: int, as_json: bool, db: str | None) -> None:
    """Find stored translations of sentences like TEXT, best first.

    The score (0-100) is an edit-distance similarity in which a changed placeholder counts
    as one edit and a case-only difference as a quarter; 100 means the same text. Exit
    status 1 when nothing scores at least --min-score.

    \b
    Example:
        kzgloss tm search "Delete selected %(verbose_name_plural)s" --target-lang ru
        kzgloss tm search "Save and continue" --min-score 70 --json
    """
    from kzgloss.cli.output import print_json
    from kzgloss.errors import NotFoundError
    from kzgloss.reader import open_reader
    from kzgloss.tm import search as run_search

    with open_reader(_open_index(db)) as reader:
        matches = run_search(reader, text, source_lang=source_lang, target_lang=target_lang,
                             min_score=min_score, limit=limit)
    if as_json:
        print_json([m.to_json() for m in matches])
    for m in [] if as_json else matches:
        click.echo(f"{m.score:5.1f}  {m.source}\n       → {m.target}\n"
                   f"       {m.source_lang}→{m.target_lang}  {m.origin}")
    if not matches:
        if as_json:
            raise click.exceptions.Exit(1)
        raise NotFoundError(f"no stored segment scores {min_score:g} or more against {text!r}; "
                            "try a lower --min-score")


@tm_group.command()
@click.argument("phrase")
@_lang_options
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="At most this many segments.")
@json_option
@db_option
def concordance(phrase: str, source_lang: str | None, target_lang: str | None, limit: int,
                as_json: bool, db: str | None) -> None:
    """Show stored segments whose source or target contains a word or phrase.

    Matching ignores case, starts at a word boundary and lets the last word run on, so
    "файл" also finds "файлдар". Hits are highlighted (in **bold** when not on a terminal).

    \b
    Example:
        kzgloss tm concordance "password"
        kzgloss tm concordance "құпиясөз" --json
    """
    from kzgloss.cli.output import print_json
    from kzgloss.errors import NotFoundError
    from kzgloss.reader import open_reader
    from kzgloss.tm import concordance as run_concordance
    from kzgloss.tm import highlight

    with open_reader(_open_index(db)) as reader:
        hits = run_concordance(reader, phrase, source_lang=source_lang, target_lang=target_lang,
                               limit=limit)
    if as_json:
        print_json([h.to_json() for h in hits])
    else:
        before, after = (("\x1b[1;33m", "\x1b[0m") if _color() else ("**", "**"))
        for hit in hits:
            m = hit.match
            click.echo(f"{highlight(m.source, hit.source_spans, before, after)}\n"
                       f"  → {highlight(m.target, hit.target_spans, before, after)}\n"
                       f"  {m.source_lang}→{m.target_lang}  {m.origin}", color=_color())
    if not hits:
        if as_json:
            raise click.exceptions.Exit(1)
        raise NotFoundError(f"no stored segment contains {phrase!r}")


@click.command()
@click.argument("catalog", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Where to write the pre-translated catalog.")
@click.option("--min-score", type=click.FloatRange(0, 100), default=75.0, show_default=True,
              help="Offer fuzzy matches scoring at least this.")
@click.option("--overwrite", is_flag=True, help="Also replace translations the catalog already has.")
@click.option("--source-lang", default="en", show_default=True, metavar="LANG",
              help="Language of the catalog's msgids.")
@click.option("--target-lang", metavar="LANG", help="Language to fill in (default: the catalog's Language header).")
@db_option
def pretranslate(catalog: str, output: str, min_score: float, overwrite: bool, source_lang: str,
                 target_lang: str | None, db: str | None) -> None:
    """Fill the empty entries of a .po catalog from the translation memory.

    Exact matches (same source and context) become translations; fuzzy ones are flagged
    fuzzy with a comment giving score and origin; glossary terms found in a source are added
    as "#." hints. Suggestions that lose a placeholder are never offered. Entries already
    translated, other comments and the header are copied unchanged.

    \b
    Example:
        kzgloss pretranslate django.po -o django.pre.po --db tm.sqlite
        kzgloss pretranslate kk.po -o kk.po --min-score 85 --overwrite
    """
    from pathlib import Path

    from kzgloss.pretranslate import pretranslate_po
    from kzgloss.reader import open_reader

    data = Path(catalog).read_bytes()
    with open_reader(_open_index(db)) as reader:
        out, result = pretranslate_po(reader, data, min_score=min_score, overwrite=overwrite,
                                      source_lang=source_lang, target_lang=target_lang, path=catalog)
    Path(output).write_bytes(out)
    click.echo(f"{output}: {result.exact} exact, {result.fuzzy} fuzzy, {result.no_match} without "
               f"a match ({result.rejected_placeholders} for placeholders), {result.hinted} with "
               f"term hints; {result.kept_translated} translated entries kept", err=True)


@click.group(name="export")
def export_group() -> None:
    """Write the termbase or the translation memory to interchange files."""


@export_group.command(name="tmx")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
@click.option("--lang", "langs", multiple=True, metavar="LANG",
              help="Only these target languages (repeatable; kk matches kk-Cyrl and kk-Latn).")
@db_option
def export_tmx(output: str | None, langs: tuple[str, ...], db: str | None) -> None:
    """Export the translation memory as TMX 1.4b, provenance in <prop> elements.

    \b
    Example:
        kzgloss export tmx -o memory.tmx --db tm.sqlite
        kzgloss export tmx --lang kk --lang ru > kk-ru.tmx
    """
    from kzgloss.reader import open_reader
    from kzgloss.store import database_url
    from kzgloss.tm import stored_segments
    from kzgloss.tmx import write_tmx

    with open_reader(database_url(db)) as reader:
        segments = stored_segments(reader, target_langs=langs)
        if output:
            with open(output, "w", encoding="utf-8", newline="\n") as fh:
                units = write_tmx(fh, segments)
        else:
            with click.open_file("-", "w", encoding="utf-8") as fh:
                units = write_tmx(fh, segments)
    click.echo(f"{output or 'stdout'}: {units} translation units", err=True)


@click.group(name="import")
def import_group() -> None:
    """Read interchange files into the termbase or the translation memory."""


@import_group.command(name="tmx")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@db_option
def import_tmx(file: str, db: str | None) -> None:
    """Import a TMX file into the translation memory; a bad file stores nothing.

    Every <tuv> besides the source-language one becomes a segment.

    \b
    Example:
        kzgloss import tmx memory.tmx --db tm.sqlite
    """
    from kzgloss.db import make_engine
    from kzgloss.store import database_url
    from kzgloss.tm import store_and_index
    from kzgloss.tmx import read_tmx

    engine = make_engine(database_url(db))
    try:
        with open(file, "rb") as fh, engine.begin() as connection:
            result = store_and_index(connection, read_tmx(fh, path=file))
    finally:
        engine.dispose()
    click.echo(f"{file}: {result.stored} segments stored, {result.duplicates} already there", err=True)


COMMANDS = (tm_group, pretranslate, export_group, import_group)
