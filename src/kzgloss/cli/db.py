"""``kzgloss db upgrade`` and ``kzgloss db current``."""

from __future__ import annotations

import click

from kzgloss.cli import db_option


@click.group(name="db")
def db_group() -> None:
    """Create, upgrade and inspect the database schema."""


@db_group.command()
@db_option
def upgrade(db: str | None) -> None:
    """Create the schema of a new database, or upgrade an older one to this version.

    \b
    Example:
        kzgloss db upgrade --db newsroom.sqlite
    """
    from kzgloss.db import HEAD_REVISION
    from kzgloss.store import database_url

    url = database_url(db)
    click.echo(f"{url}: schema at {HEAD_REVISION}", err=True)


@db_group.command()
@db_option
def current(db: str | None) -> None:
    """Print the schema revision of the database.

    \b
    Example:
        kzgloss db current --db newsroom.sqlite
    """
    from kzgloss.db import resolve_url, schema_revision
    from kzgloss.store import database_url

    url = resolve_url(db) or database_url(None)
    click.echo(schema_revision(url) or "empty")


COMMANDS = (db_group,)
