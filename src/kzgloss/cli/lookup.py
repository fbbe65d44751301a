"""``kzgloss lookup``, ``show``, ``list``, ``stats``."""

from __future__ import annotations

import datetime as dt
import json

import click

from kzgloss.cli import db_option, json_option
from kzgloss.cli.output import print_json, render_concept, render_match


class DateType(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2020-05-13", param, ctx)


DATE = DateType()
LANG_CHOICE = click.Choice(["en", "ru", "kk", "kk-Cyrl", "kk-Latn", "kk-Arab"])


@click.command()
@click.argument("query")
@click.option("--lang", type=LANG_CHOICE, help="Only match terms in this language (kk: any script).")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True,
              help="At most this many concepts.")
@click.option("--date", "on", type=DATE, help="Show statuses as of this day (default: today).")
@json_option
@db_option
def lookup(query: str, lang: str | None, limit: int, on: dt.date | None, as_json: bool,
           db: str | None) -> None:
    """Find concepts by any of their terms, in any language or script.

    Exact, case- and diacritic-folded, cross-script (Cyrillic, Latin, Arabic-script Kazakh),
    inflected and misspelled queries all work. Exit status 1 when nothing is found.

    \b
    Example:
        kzgloss lookup оралман
        kzgloss lookup qandastar --json
        kzgloss lookup Nur-Sultan --date 2020-01-01
    """
    from kzgloss.errors import NotFoundError
    from kzgloss.lookup import lookup as run_lookup
    from kzgloss.reader import open_reader
    from kzgloss.store import database_url

    with open_reader(database_url(db)) as reader:
        matches = run_lookup(reader, query, lang=lang, limit=limit, on=on)
    if as_json:
        print_json([m.to_json(on=on) for m in matches])
    else:
        for match in matches:
            click.echo(render_match(match, on=on))
    if not matches:
        if not as_json:
            raise NotFoundError(f"nothing found for {query!r}; try fewer words, or `kzgloss list`")
        raise click.exceptions.Exit(1)


@click.command()
@click.argument("concept")
@click.option("--date", "on", type=DATE, help="Show statuses as of this day.")
@json_option
@db_option
def show(concept: str, on: dt.date | None, as_json: bool, db: str | None) -> None:
    """Show one concept in full: terms, statuses, history, citations and sources.

    \b
    Example:
        kzgloss show kandas
        kzgloss show astana --date 2020-06-01 --json
    """
    from dataclasses import asdict

    from kzgloss.lookup import concept_json
    from kzgloss.reader import open_reader
    from kzgloss.store import database_url
    from kzgloss.termbase import read_concept, read_sources

    with open_reader(database_url(db)) as reader:
        record = read_concept(reader, concept)
        sources = {s.id: asdict(s) for s in read_sources(reader, sorted({c.source for c in record.citations}))}
    data = concept_json(record, sources, on=on)
    if as_json:
        print_json(data)
    else:
        click.echo(render_concept(data))


@click.command(name="list")
@json_option
@db_option
def list_(as_json: bool, db: str | None) -> None:
    """List every concept with its preferred English, Russian and Kazakh terms.

    \b
    Example:
        kzgloss list
        kzgloss list --json
    """
    from kzgloss.reader import open_reader
    from kzgloss.store import database_url
    from kzgloss.termbase import read_concepts

    with open_reader(database_url(db)) as reader:
        concepts = read_concepts(reader)
    rows = []
    for concept in concepts:
        preferred = {}
        for term in concept.terms:
            if term.status == "preferred" and term.lang not in preferred:
                preferred[term.lang] = term.text
        rows.append({"concept": concept.id, "subject": concept.subject, "preferred": preferred})
    if as_json:
        print_json(rows)
        return
    for row in rows:
        p = row["preferred"]
        click.echo(f"{row['concept']:<40} {p.get('en', '-')} | {p.get('ru', '-')} | {p.get('kk-Cyrl', '-')}")


@click.command()
@json_option
@db_option
def stats(as_json: bool, db: str | None) -> None:
    """Count concepts, terms, sources, citations and translation-memory segments.

    \b
    Example:
        kzgloss stats --json
    """
    from kzgloss.reader import open_reader
    from kzgloss.store import database_url
    from kzgloss.termbase import stats as count

    with open_reader(database_url(db)) as reader:
        data = count(reader)
    if as_json:
        click.echo(json.dumps(data))
    else:
        for name, value in data.items():
            click.echo(f"{name}: {value}")


COMMANDS = (lookup, show, list_, stats)


@click.command()
@click.option("--lang", type=click.Choice(["kk", "ru"]), default="kk", show_default=True,
              help="Language of the text.")
@click.option("--scheme", required=True, metavar="SCHEME",
              help="kk-latn-2021, kk-arab, bgn-pcgn, iso9, gost-7.79-b, icao (reading only: "
                   "kk-latn-2018, kk-latn-2017, kk-latn-informal).")
@click.option("--reverse", is_flag=True, help="Romanized (or Arabic-script) text back to Cyrillic.")
@click.option("--no-lexicon", is_flag=True,
              help="With --reverse, use the rules only, not the termbase's recorded forms.")
@click.argument("text", required=False)
@db_option
def translit(lang: str, scheme: str, reverse: bool, no_lexicon: bool, text: str | None,
             db: str | None) -> None:
    """Transliterate TEXT (or standard input) and print the result alone.

    Kazakh Latin → Cyrillic is lossy (i is и or й; h is х or һ), so --reverse also uses the
    forms recorded in the termbase for the words it knows.

    \b
    Example:
        kzgloss translit --scheme kk-latn-2021 "Шыңжаң"
        kzgloss translit --scheme kk-latn-2021 --reverse "Qazaqstan"
        kzgloss translit --lang ru --scheme icao "Щукин"
    """
    from kzgloss.translit import transliterate

    if text is None or text == "-":
        text = click.get_text_stream("stdin").read()
    lexicon = None
    if reverse and lang == "kk" and scheme == "kk-latn-2021" and not no_lexicon:
        from kzgloss.reader import open_reader
        from kzgloss.store import database_url
        from kzgloss.termbase import latin_lexicon

        with open_reader(database_url(db)) as reader:
            lexicon = latin_lexicon(reader)
    result = transliterate(text, scheme, lang=lang, reverse=reverse, lexicon=lexicon)
    click.echo(result, nl=not result.endswith("\n"))


COMMANDS = COMMANDS + (translit,)
