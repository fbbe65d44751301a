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


def _full_checksum(row) -> str:
    """The 256-bit segment checksum of revisions before 0003 (its first half is today's)."""
    import json
    from hashlib import blake2b

    plurals = json.loads(row.target_plurals) if row.target_plurals else None
    parts = [row.source_lang, row.target_lang, row.context, row.source, row.source_plural,
             row.target, "\x02".join(plurals) if plurals else None]
    payload = "\x00".join("\x01" if p is None else p for p in parts)
    return blake2b(payload.encode("utf-8"), digest_size=32).hexdigest()


def test_segments_of_a_0002_database_keep_deduplicating_after_0003(tmp_path):
    """0003 halves the stored checksums (and drops the per-row insert trigger): a catalog
    imported before the upgrade is all duplicates after it, search finds the same, and the
    downgrade writes the full checksums back."""
    from pathlib import Path

    import sqlalchemy as sa

    from kzgloss import tm
    from kzgloss.db import ensure_schema, schema_revision
    from kzgloss.po_import import import_catalogs
    from kzgloss.reader import open_reader

    catalog = Path(__file__).parent / "data" / "po" / "valid" / "django-ru.po"
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    upgrade(engine, "0002_tm_index")

    def run_import():
        with catalog.open("rb") as fh, engine.begin() as conn:
            return import_catalogs(conn, [(str(catalog), fh)]).files[0]

    def segments():
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT * FROM segment ORDER BY id")).fetchall()

    assert run_import().stored == 348
    with engine.begin() as conn:  # as kzgloss before 0003 wrote them
        conn.execute(sa.text("UPDATE segment SET checksum = :c WHERE id = :id"),
                     [{"c": _full_checksum(r), "id": r.id} for r in segments()])
        conn.execute(sa.text("DELETE FROM segment WHERE id > 346"))  # ids 347, 348 freed
    old = segments()
    assert {len(r.checksum) for r in old} == {64}
    engine.dispose()
    tm.refresh_index(url)  # indexes up to 346
    with engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM segment WHERE id > 340"))  # indexed ids freed
        conn.execute(sa.text("DELETE FROM meta WHERE key = 'tm_index_reuse_floor'"))
    engine.dispose()

    ensure_schema(url)
    assert schema_revision(url) == HEAD_REVISION
    with engine.connect() as conn:
        triggers = {n for (n,) in conn.execute(sa.text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
        floor = conn.execute(sa.text(
            "SELECT value FROM meta WHERE key = 'tm_index_reuse_floor'")).scalar()
    assert "tm_index_segment_id_reused" not in triggers
    assert {"tm_index_segment_deleted", "tm_index_segment_edited"} <= triggers
    assert floor == "340"  # the upgrade noticed the ids freed under 0002
    new = segments()
    assert [r.checksum for r in new] == [r.checksum[:32] for r in old[:340]]
    again = run_import()
    assert (again.stored, again.duplicates) == (8, 340)  # only the deleted ones come back
    engine.dispose()
    state = tm.refresh_index(url)  # ids 341.. were indexed, then reused: rebuilt
    assert state.count == 348 and state.max_id == 348
    with open_reader(url) as reader:
        [m] = tm.search(reader, old[-1].source, target_lang="ru", limit=1)
    assert m.target == old[-1].target

    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0002_tm_index")
    assert {len(r.checksum) for r in segments()} == {64}
    assert [r.checksum for r in segments()][:340] == [r.checksum for r in old[:340]]
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                    "AND name = 'tm_index_segment_id_reused'")).scalar() == 1
    upgrade(engine)
    assert {len(r.checksum) for r in segments()} == {32}
    engine.dispose()
