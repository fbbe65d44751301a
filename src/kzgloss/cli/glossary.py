"""``kzgloss build``, ``dump``, ``lint`` and ``export json``."""

from __future__ import annotations

from pathlib import Path

import click

from kzgloss.cli import db_option

GLOSSARY_DIR = click.Path(file_okay=False, path_type=Path)


@click.command()
@click.option("--glossary", "glossary_dir", type=GLOSSARY_DIR,
              help="Glossary directory to load (default: the shipped glossary).")
@db_option
def build(glossary_dir: Path | None, db: str | None) -> None:
    """Load a glossary directory into the database, in one transaction.

    The files are checked first; a bad file is reported with file, line, concept and field,
    and the database stays as it was.

    \b
    Example:
        kzgloss build
        kzgloss build --glossary ~/newsroom/glossary --db newsroom.sqlite
    """
    from kzgloss.db import resolve_url
    from kzgloss.store import build as run_build, database_url, default_glossary_dir

    url = resolve_url(db) or database_url(None)
    counts = run_build(url, glossary_dir or default_glossary_dir())
    click.echo(f"built {counts['concepts']} concepts, {counts['terms']} terms, "
               f"{counts['sources']} sources, {counts['citations']} citations "
               f"({counts['keys']} lookup keys)", err=True)


@click.command()
@click.option("-o", "--out", "out_dir", type=GLOSSARY_DIR, default=Path("glossary"),
              show_default=True, help="Directory to write the glossary files into.")
@db_option
def dump(out_dir: Path, db: str | None) -> None:
    """Write the termbase back as glossary files (canonical TOML, one file per concept).

    \b
    Example:
        kzgloss dump -o glossary/
    """
    from kzgloss.store import database_url, dump as run_dump

    written = run_dump(database_url(db), out_dir)
    click.echo(f"wrote {len(written)} files to {out_dir}", err=True)


@click.command()
@click.argument("glossary_dir", type=GLOSSARY_DIR, required=False)
@click.option("--sources", "sources_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder with the stored source texts, to check that quotes are verbatim.")
@click.option("--exit-zero", is_flag=True, help="Report only; exit 0 even with findings.")
def lint(glossary_dir: Path | None, sources_dir: Path | None, exit_zero: bool) -> None:
    """Check a glossary directory: syntax, references, verbatim quotes, canonical form.

    Exit status 1 when there are findings, 3 when a file cannot be read at all.

    \b
    Example:
        kzgloss lint glossary/ --sources ../shared/sources
    """
    from kzgloss.citations import lint_glossary
    from kzgloss.glossary_files import read_glossary_dir
    from kzgloss.store import default_glossary_dir

    directory = glossary_dir or default_glossary_dir()
    glossary = read_glossary_dir(directory)
    findings = list(lint_glossary(glossary, directory, sources_dir=sources_dir))
    for finding in findings:
        click.echo(finding)
    click.echo(f"{len(glossary.concepts)} concepts, {len(findings)} findings", err=True)
    if findings and not exit_zero:
        raise click.exceptions.Exit(1)


@click.group(name="export")
def export() -> None:
    """Export the termbase or the translation memory."""


@export.command(name="json")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: standard output).")
@db_option
def export_json(output, db: str | None) -> None:  # type: ignore[no-untyped-def]
    """Export the whole termbase as JSON: {"concepts": [...], "sources": [...]}.

    \b
    Example:
        kzgloss export json -o termbase.json
    """
    import json
    from dataclasses import asdict

    from kzgloss.lookup import concept_json
    from kzgloss.reader import open_reader
    from kzgloss.store import database_url
    from kzgloss.termbase import read_glossary

    with open_reader(database_url(db)) as reader:
        glossary = read_glossary(reader)
    sources = {s.id: asdict(s) for s in glossary.sources}
    data = {"concepts": [concept_json(c, sources) for c in glossary.concepts],
            "sources": list(sources.values())}
    json.dump(data, output, ensure_ascii=False, indent=2)
    output.write("\n")


COMMANDS = (build, dump, lint, export)
