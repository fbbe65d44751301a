"""``kzgloss site``: build the static style-guide site."""

from __future__ import annotations

from pathlib import Path

import click

from kzgloss.cli import db_option


@click.command()
@click.option("-o", "--output", "out_dir", required=True, metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site into (created if missing).")
@click.option("--templates", "template_dir", metavar="DIR",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of templates that override the packaged ones (same names; "
                   '{% extends "default:concept.html" %} reaches the original).')
@click.option("--ui-lang", type=click.Choice(["en", "kk", "ru"]), default="en", show_default=True,
              help="Language of the site's own labels.")
@db_option
def site(out_dir: Path, template_dir: Path | None, ui_lang: str, db: str | None) -> None:
    """Build the style guide as a static site that opens from disk.

    DIR/index.html searches every term in any script; the A–Z pages, one page per concept
    and source, and the changes page link everything without JavaScript. Building twice
    gives byte-identical files.

    \b
    Example:
        kzgloss site -o site/
        kzgloss site -o site-kk/ --ui-lang kk --templates branding/
    """
    from kzgloss.reader import open_reader
    from kzgloss.site import build_site
    from kzgloss.store import database_url

    with open_reader(database_url(db)) as reader:
        report = build_site(reader, out_dir, template_dir=template_dir, ui_lang=ui_lang)
    click.echo(f"Wrote {report.pages} pages for {report.concepts} concepts; open "
               f"{report.out_dir / 'index.html'}")


COMMANDS = (site,)
