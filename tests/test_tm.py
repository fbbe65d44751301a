"""Translation-memory search and concordance over a memory of real Django catalog entries."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from kzgloss import tm, tm_index
from kzgloss.cli import cli
from kzgloss.db import make_engine
from kzgloss.reader import Reader, open_reader
from kzgloss.segments import SegmentRecord, store_segments

DATA = Path(__file__).parent / "data" / "tm"
CATALOGS = (("django-admin-ru.po", "ru"), ("django-auth-ru.po", "ru"), ("django-admin-kk.po", "kk-Cyrl"))


from _support import po_records  # noqa: E402


@pytest.fixture
def tm_db(db_url: str) -> str:
    engine = make_engine(db_url)
    with engine.begin() as connection:
        tm.store_and_index(connection, [r for name, lang in CATALOGS for r in po_records(name, lang)])
    engine.dispose()
    return db_url


def search(url: str, text: str, **kw) -> list[tm.TMMatch]:
    with open_reader(url) as reader:
        return tm.search(reader, text, **kw)


# --------------------------------------------------------------------------- the score

@pytest.mark.parametrize("query, source, expected", [
    ("Save and continue editing", "Save and continue editing", 100.0),
    ("Save and Continue Editing", "Save and continue editing", 98.0),    # 2 case-only edits / 25
    ("Save and continue editing.", "Save and continue editing", 96.2),   # 1 edit / 26
    ("Delete %(name)s?", "Delete %(object)s?", 88.9),                   # one placeholder = 1 edit / 9
    ("Log out", "Sign up", 28.6),
])
def test_score_measure(query, source, expected):
    assert tm.score(query, source) == expected


def test_score_is_100_only_for_identical_text():
    assert tm.score("OK", "ok") < 100
    assert tm.score("a" * 2000, "A" + "a" * 1999) == 99.9


# ----------------------------------------------------------- near-duplicates rank first

def _perturb(kind: str, text: str) -> str:
    if kind == "word":
        words = text.split()
        words[len(words) // 2] = "banana"
        return " ".join(words)
    if kind == "punctuation":
        return text[:-1] if text[-1] in ".?!:" else text + "."
    if kind == "placeholder":
        return text.replace("%(", "%(x_", 1) if "%(" in text else text + " %s"
    if kind == "case":
        return text.upper()[:1] + text[1:].swapcase()[:6] + text[7:]
    if kind == "number":
        return text + " 42" if not any(c.isdigit() for c in text) else text.replace("1", "7", 1)
    raise AssertionError(kind)


REAL = [r.source for r in po_records("django-admin-ru.po", "ru") if len(r.source) >= 25][:40]


@pytest.mark.parametrize("kind", ["word", "punctuation", "placeholder", "case", "number"])
def test_near_duplicates_of_real_strings_rank_the_true_neighbour_first(tm_db, kind):
    misses = []
    for source in REAL:
        query = _perturb(kind, source)
        found = search(tm_db, query, limit=3, min_score=0)
        if not found or found[0].source != source:
            # A tie with another stored string at the same score is not a miss.
            if not found or tm.score(query, found[0].source) < tm.score(query, source):
                misses.append((query, found[0].source if found else None))
    assert misses == []


def test_search_filters_languages_and_reports_provenance(tm_db):
    [kk] = search(tm_db, "Change password", target_lang="kk", limit=1)
    assert (kk.target, kk.target_lang, kk.project, kk.file) == (
        "Құпия сөзді өзгерту", "kk-Cyrl", "django", "django-admin-kk.po")
    assert kk.line and kk.score == 100.0
    assert all(m.target_lang == "ru" for m in search(tm_db, "Change password", target_lang="ru"))
    assert search(tm_db, "Change password", source_lang="ru") == []


def test_min_score_and_limit(tm_db):
    found = search(tm_db, "Delete selected items", min_score=60, limit=4)
    assert 0 < len(found) <= 4
    assert all(m.score >= 60 for m in found)
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_short_queries_use_short_grams(tm_db):
    found = search(tm_db, "Sav", min_score=50)
    assert "Save" in {m.source for m in found}


class SpyReader:
    """A reader that records every statement, to prove no query reads the whole memory."""

    def __init__(self, reader: Reader) -> None:
        self.reader, self.sql = reader, []

    def rows(self, sql, params=None):
        self.sql.append(sql)
        return self.reader.rows(sql, params)


def test_a_query_never_reads_the_whole_memory(tm_db):
    with open_reader(tm_db) as reader:
        spy = SpyReader(reader)
        tm.search(spy, "Are you sure you want to delete the selected objects?")
        tm.concordance(spy, "password")
    segment_reads = [s for s in spy.sql if "FROM segment" in s]
    assert segment_reads
    for sql in segment_reads:
        assert "WHERE id IN (" in sql or "WHERE id > :top" in sql, sql


def test_segments_stored_after_the_index_are_found_and_indexed(tm_db):
    engine = make_engine(tm_db)
    with engine.begin() as connection:
        store_segments(connection, po_records("django-auth-kk.po", "kk-Cyrl"))
    engine.dispose()
    before = tm_index.read_state(tm_index.Executor(sqlite3.connect(tm_db[len("sqlite:///"):])))
    [m] = search(tm_db, "Password (again)", target_lang="kk", limit=1)   # scored unindexed
    assert m.file == "django-auth-kk.po"
    state = tm.refresh_index(tm_db)
    assert state.max_id > before.max_id and state.count > before.count
    assert search(tm_db, "Password (again)", target_lang="kk", limit=1)[0].target == m.target


def test_sqlite_triggers_mark_deletions_and_edits(tm_db):
    con = sqlite3.connect(tm_db[len("sqlite:///"):], isolation_level=None)
    con.execute("DELETE FROM segment WHERE source = 'Log out'")
    assert tm_index.read_state(tm_index.Executor(con)).stale >= 1
    con.execute("UPDATE segment SET source = 'Sign out' WHERE source = 'Change password'")
    assert tm_index.read_state(tm_index.Executor(con)).rebuild
    con.close()
    tm.refresh_index(tm_db)
    assert search(tm_db, "Sign out", limit=1)[0].source == "Sign out"
    assert not tm_index.read_state(tm_index.Executor(sqlite3.connect(tm_db[10:]))).rebuild


def _segment_ids(url: str) -> list[int]:
    con = sqlite3.connect(url[len("sqlite:///"):])
    try:
        return [i for (i,) in con.execute("SELECT id FROM segment ORDER BY id")]
    finally:
        con.close()


def _store(url: str, records) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        store_segments(connection, records)
    engine.dispose()


def test_new_rows_reusing_deleted_indexed_ids_force_a_rebuild(tm_db):
    """SQLite gives a new row the highest id + 1: after the top rows are deleted, new rows
    take ids the index still lists (stale postings). The delete trigger notes the floor;
    the state asks for a rebuild once a row sits above it -- inserts run no trigger."""
    path = tm_db[len("sqlite:///"):]
    ids = _segment_ids(tm_db)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("DELETE FROM segment WHERE id > ?", (ids[-3],))
    con.close()
    state = tm_index.read_state(tm_index.Executor(sqlite3.connect(path)))
    assert not state.rebuild and state.max_id == ids[-1]  # freed, not reused yet
    _store(tm_db, [SegmentRecord("Frobnicate the widget", "Фробницировать виджет", "en", "ru")])
    assert _segment_ids(tm_db)[-1] == ids[-2]  # an indexed id, reused
    assert tm_index.read_state(tm_index.Executor(sqlite3.connect(path))).rebuild
    assert not tm_index.is_current(tm_index.Executor(sqlite3.connect(path)))
    state = tm.refresh_index(tm_db)
    assert state.max_id == ids[-2] and not state.rebuild
    assert search(tm_db, "Frobnicate the widget", limit=1)[0].target == "Фробницировать виджет"
    with open_reader(tm_db) as reader:
        assert [h.match.source for h in tm.concordance(reader, "frobnicate")] == \
            ["Frobnicate the widget"]
    assert tm_index.is_current(tm_index.Executor(sqlite3.connect(path)))


def test_deleting_an_unindexed_top_row_can_free_indexed_ids(tm_db):
    path = tm_db[len("sqlite:///"):]
    ids = _segment_ids(tm_db)
    _store(tm_db, [SegmentRecord("Unindexed one", "Неиндексированный", "en", "ru")])
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("DELETE FROM segment WHERE id = ?", (ids[-1],))       # below the top: no floor
    con.execute("DELETE FROM segment WHERE id = ?", (ids[-1] + 1,))   # the top: ids[-1] is free
    con.close()
    _store(tm_db, [SegmentRecord("Frobnicate the widget", "Фробницировать виджет", "en", "ru")])
    assert _segment_ids(tm_db)[-1] == ids[-1]
    assert tm_index.read_state(tm_index.Executor(sqlite3.connect(path))).rebuild
    tm.refresh_index(tm_db)
    assert search(tm_db, "Frobnicate the widget", limit=1)[0].source == "Frobnicate the widget"


def test_inserts_and_deletions_below_the_top_need_no_rebuild(tm_db):
    path = tm_db[len("sqlite:///"):]
    ids = _segment_ids(tm_db)
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("DELETE FROM segment WHERE id = ?", (ids[5],))
    con.close()
    _store(tm_db, [SegmentRecord("Frobnicate the widget", "Фробницировать виджет", "en", "ru")])
    state = tm_index.read_state(tm_index.Executor(sqlite3.connect(path)))
    assert not state.rebuild and state.stale == 1
    after = tm.refresh_index(tm_db)
    assert after.max_id == ids[-1] + 1 and after.count == state.count + 1
    # Freed ids noted, then rows indexed above them: the note is spent.
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("DELETE FROM segment WHERE id = ?", (ids[-1] + 1,))
    assert con.execute("SELECT value FROM meta WHERE key = 'tm_index_reuse_floor'").fetchone()
    con.close()
    _store(tm_db, [SegmentRecord("Frobnicate the gadget", "Фробницировать гаджет", "en", "ru"),
                   SegmentRecord("Frobnicate it all", "Фробницировать всё", "en", "ru")])
    assert tm_index.read_state(tm_index.Executor(sqlite3.connect(path))).rebuild
    tm.refresh_index(tm_db)
    _store(tm_db, [SegmentRecord("Frobnicate more", "Фробницировать ещё", "en", "ru")])
    state = tm_index.read_state(tm_index.Executor(sqlite3.connect(path)))
    assert not state.rebuild
    assert tm.refresh_index(tm_db).max_id == ids[-1] + 3


def test_po_import_stores_and_indexes_what_the_record_path_does(tm_db, tmp_path):
    """``kzgloss import po`` builds its rows itself (no records): the same rows, checksums,
    postings and search results as :func:`store_segments` with the records polib reads."""
    from kzgloss.db import ensure_schema
    from kzgloss.po_import import import_catalogs

    url = f"sqlite:///{tmp_path / 'imported.sqlite'}"
    ensure_schema(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        for name, lang in CATALOGS:
            with (DATA / name).open("rb") as fh:
                import_catalogs(connection, [(name, fh)], lang=lang, project="django")
    engine.dispose()
    tm.refresh_index(url)
    # Not the line: polib's linenum is the line before the msgid (its flags line), ours the
    # msgid's own, as msgfmt names it.
    columns = ("id, source, target, source_lang, target_lang, context, source_plural, "
               "target_plurals, flags, project, file, checksum")

    def dump(db: str, sql: str) -> list[tuple]:
        con = sqlite3.connect(db[len("sqlite:///"):])
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    expected = dump(tm_db, f"SELECT {columns} FROM segment ORDER BY id")
    assert len(expected) > 300
    assert dump(url, f"SELECT {columns} FROM segment ORDER BY id") == expected
    assert all(len(row[-1]) == 32 for row in expected)
    postings = "SELECT key, n, ids FROM tm_posting ORDER BY key, id"
    assert dump(url, postings) == dump(tm_db, postings)
    for query in ("Change password", "Delete selected items", "Sav"):
        assert [replace(m, line=0) for m in search(url, query, limit=5)] == \
            [replace(m, line=0) for m in search(tm_db, query, limit=5)]


def test_sqlalchemy_path_used_for_other_databases(tm_db):
    """Non-SQLite URLs read through SQLAlchemy; the same queries must work there."""
    engine = make_engine(tm_db)
    with engine.connect() as connection:
        reader = Reader(connection, native=False)
        [m] = tm.search(reader, "Change passwort", target_lang="ru", limit=1)
        hits = tm.concordance(reader, "пароль", limit=2)
    engine.dispose()
    assert m.source == "Change password"
    assert len(hits) == 2


# ------------------------------------------------------------------------ concordance

def test_concordance_finds_words_and_prefixes_in_source_and_target(tm_db):
    with open_reader(tm_db) as reader:
        hits = tm.concordance(reader, "пароль", limit=100)
        kk_hits = tm.concordance(reader, "құпия сөз", limit=100)
    assert hits and all("пароль" in h.match.target.lower() for h in hits)
    hit = hits[0]
    start, end = hit.target_spans[0]
    assert hit.match.target[start:end].lower() == "пароль"
    # The last word runs on: "сөз" finds "сөзді".
    assert any("сөзді" in h.match.target for h in kk_hits)


def test_concordance_phrase_must_be_in_order(tm_db):
    with open_reader(tm_db) as reader:
        hits = tm.concordance(reader, "change password")
    assert hits and all("change password" in (h.match.source + h.match.target).lower() for h in hits)


# ------------------------------------------------------------------------------- CLI

def test_cli_search_json(runner, tm_db):
    result = runner.invoke(cli, ["tm", "search", "Delete selected %(verbose_name_plural)s.",
                                 "--target-lang", "ru", "--json", "--db", tm_db])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data[0]["source"] == "Delete selected %(verbose_name_plural)s"
    assert data[0]["target"] == "Удалить выбранные %(verbose_name_plural)s"
    assert {"source", "target", "score", "project", "file", "line"} <= set(data[0])
    assert data[0]["file"] == "django-admin-ru.po" and data[0]["line"] > 0


def test_cli_search_nothing_found(runner, tm_db):
    result = runner.invoke(cli, ["tm", "search", "Zebra crossing", "--min-score", "90", "--db", tm_db])
    assert result.exit_code == 1
    assert result.output.strip() == ("Error: no stored segment scores 90 or more against "
                                     "'Zebra crossing'; try a lower --min-score")


def test_cli_concordance_highlights(runner, tm_db):
    result = runner.invoke(cli, ["tm", "concordance", "password", "--target-lang", "ru",
                                 "--limit", "3", "--db", tm_db])
    assert result.exit_code == 0, result.output
    assert "**password**" in result.output.lower() or "**Password**" in result.output
    result = runner.invoke(cli, ["tm", "concordance", "пароль", "--json", "--db", tm_db])
    data = json.loads(result.output)
    s, e = data[0]["target_hits"][0]
    assert data[0]["target"][s:e].lower() == "пароль"
