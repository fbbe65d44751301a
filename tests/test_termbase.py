import sqlite3

import pytest

from kzgloss.db import sqlite_path
from kzgloss.errors import GlossaryError
from kzgloss.glossary_files import read_glossary_dir
from kzgloss.reader import open_reader
from kzgloss.store import build, dump
from kzgloss.termbase import read_concept, read_glossary, stats


def test_build_then_dump_is_byte_identical(loaded_db, glossary_dir, tmp_path):
    out = tmp_path / "dumped"
    dump(loaded_db, out)
    for path in sorted(glossary_dir.rglob("*.toml")):
        copy = out / path.relative_to(glossary_dir)
        assert copy.read_bytes() == path.read_bytes(), path.name


def test_shipped_glossary_round_trips(shipped_db, tmp_path):
    from pathlib import Path

    repo_glossary = Path(__file__).resolve().parents[1] / "glossary"
    out = tmp_path / "dumped"
    dump(shipped_db, out)
    for path in sorted(repo_glossary.rglob("*.toml")):
        assert (out / path.relative_to(repo_glossary)).read_bytes() == path.read_bytes(), path.name


def test_records_survive_the_database(loaded_db, glossary_dir):
    with open_reader(loaded_db) as reader:
        assert read_glossary(reader) == read_glossary_dir(glossary_dir)


def test_stats_counts(loaded_db):
    with open_reader(loaded_db) as reader:
        assert stats(reader) == {"concepts": 3, "terms": 15, "sources": 1, "citations": 1,
                                 "segments": 0}


def test_replacement_links_point_at_terms(loaded_db):
    con = sqlite3.connect(sqlite_path(loaded_db))
    rows = con.execute(
        "SELECT t.text, r.text FROM term t JOIN term r ON r.id = t.replaced_by_id ORDER BY t.text"
    ).fetchall()
    assert ("oralman", "kandas") in rows and ("Nur-Sultan", "Astana") in rows


def test_broken_glossary_leaves_database_unchanged(loaded_db, glossary_dir):
    path = glossary_dir / "concepts" / "astana.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('status = "preferred"', 'status = "prefered"', 1),
                    encoding="utf-8")
    (glossary_dir / "concepts" / "kandas.toml").unlink()
    with open_reader(loaded_db) as reader:
        before = read_glossary(reader)
    with pytest.raises(GlossaryError, match=r'astana.toml:\d+: unknown status "prefered"'):
        build(loaded_db, glossary_dir)
    with open_reader(loaded_db) as reader:
        assert read_glossary(reader) == before


def test_failure_during_load_rolls_back(loaded_db, glossary_dir, monkeypatch):
    import kzgloss.termbase as termbase

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(termbase, "_index_terms", explode)
    (glossary_dir / "concepts" / "astana.toml").unlink()
    with pytest.raises(RuntimeError):
        build(loaded_db, glossary_dir)
    with open_reader(loaded_db) as reader:
        assert read_concept(reader, "astana").id == "astana"
        assert stats(reader)["concepts"] == 3


def test_unknown_concept_suggests(loaded_db):
    from kzgloss.errors import NotFoundError

    with open_reader(loaded_db) as reader:
        with pytest.raises(NotFoundError, match="did you mean 'kandas'"):
            read_concept(reader, "kandaz")
