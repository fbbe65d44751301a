"""Migrations build the schema from nothing, match the models, and HEAD_REVISION is the head."""

from alembic import command
from alembic.script import ScriptDirectory

from kzgloss.db import HEAD_REVISION, _alembic_config, make_engine, upgrade


def test_head_revision_constant_is_alembics_head():
    script = ScriptDirectory.from_config(_alembic_config())
    assert script.get_current_head() == HEAD_REVISION


def test_empty_to_head_has_no_drift(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    upgrade(engine)
    with engine.begin() as connection:
        # `alembic check` raises when the models and the migrated schema differ.
        command.check(_alembic_config(connection))
    engine.dispose()


def test_downgrade_to_base_and_up_again(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite'}")
    upgrade(engine)
    with engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "base")
    upgrade(engine)
    engine.dispose()


def test_database_from_the_first_release_is_upgraded_with_its_data(tmp_path):
    import sqlalchemy as sa

    from kzgloss.db import ensure_schema, schema_revision

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    upgrade(engine, "0001_initial")
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO concept (id, subject) VALUES ('kandas', 'migration')"))
    engine.dispose()
    assert schema_revision(url) == "0001_initial"
    ensure_schema(url)
    assert schema_revision(url) == HEAD_REVISION
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT id FROM concept")).scalar() == "kandas"
    engine.dispose()
