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
