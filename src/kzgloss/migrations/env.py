"""Alembic environment for kzgloss: run from code through :func:`kzgloss.db.upgrade`.

The caller passes an open connection in ``config.attributes["connection"]``; batch mode is on
so that SQLite can alter tables (Alembic docs, "Running Batch Migrations for SQLite").
"""

from __future__ import annotations

from alembic import context

from kzgloss.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        import sqlalchemy as sa

        engine = sa.create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _run(conn)
        engine.dispose()
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
