"""``kzgloss import po``: real catalogs into the translation memory; broken ones store nothing."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tracemalloc
from pathlib import Path

import polib
import pytest
import sqlalchemy as sa

from kzgloss.cli import cli
from kzgloss.db import make_engine
from kzgloss.po_import import catalog_language, import_catalogs, placeholder_problem
from kzgloss.po_parser import PoEntry, PoReader
from kzgloss.po_writer import write_po

PO = Path(__file__).parent / "data" / "po"
REAL = sorted((PO / "valid").glob("django-*.po"))


from _support import broken_po_cases as broken_cases  # noqa: E402


BROKEN = broken_cases()


def segments(runner, db: str) -> int:
    result = runner.invoke(cli, ["stats", "--json", "--db", db])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["segments"]


def run_import(runner, db: str, *args: str):
    return runner.invoke(cli, ["import", "po", *args, "--db", db])


def rows(db: str) -> list[dict]:
    engine = make_engine(db)
    try:
        with engine.connect() as connection:
            return [dict(r._mapping) for r in
                    connection.execute(sa.text("SELECT * FROM segment ORDER BY id"))]
    finally:
        engine.dispose()


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_real_catalog_counts_equal_polib(runner, db_url, tmp_path, path):
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    result = run_import(runner, db_url, str(copy), "--json", "--project", "django")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    po = polib.pofile(str(copy))
    assert data["stored"] == len(po.translated_entries())
    assert data["skipped-fuzzy"] == len(po.fuzzy_entries())
    assert data["skipped-obsolete"] == len(po.obsolete_entries())
    assert data["skipped-untranslated"] == len(po.untranslated_entries())
    assert data["duplicates"] == 0
    assert segments(runner, db_url) == data["stored"]
    # Re-importing adds nothing: every translated entry is a duplicate now.
    again = json.loads(run_import(runner, db_url, str(copy), "--json").stdout)
    assert (again["stored"], again["duplicates"]) == (0, len(po.translated_entries()))
    assert segments(runner, db_url) == data["stored"]


def test_segments_carry_content_and_provenance(runner, db_url, tmp_path):
    copy = tmp_path / "django-ru.po"
    shutil.copy(PO / "valid" / "django-ru.po", copy)
    assert run_import(runner, db_url, str(copy), "--project", "django").exit_code == 0
    stored = rows(db_url)
    plural = next(r for r in stored if r["source_plural"] == "%(size)d bytes")
    assert plural["source"] == "%(size)d byte"
    assert plural["target_lang"] == "ru" and plural["source_lang"] == "en"
    assert json.loads(plural["target_plurals"]) == ["%(size)d байт", "%(size)d байта",
                                                     "%(size)d байт", "%(size)d байт"]
    assert json.loads(plural["flags"]) == ["python-format"]
    assert plural["project"] == "django" and plural["file"] == str(copy)
    lines = copy.read_text(encoding="utf-8").splitlines()
    assert lines[plural["line"] - 1] == 'msgid "%(size)d byte"'  # the msgid's line, as msgfmt
    assert plural["imported_at"] is not None
    assert any(r["context"] for r in stored)


def test_text_summary(runner, db_url):
    result = run_import(runner, db_url, str(PO / "valid" / "fuzzy-obsolete-counts.po"))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{PO / 'valid' / 'fuzzy-obsolete-counts.po'} (ru): stored 2, skipped-fuzzy 2, "
        "skipped-obsolete 2, skipped-untranslated 2, duplicates 0\n")
    assert "importing" not in result.output  # no progress bar when not on a terminal


@pytest.mark.parametrize(("name", "line", "fragment"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_catalog_stores_nothing(runner, db_url, tmp_path, name, line, fragment):
    good = tmp_path / "good.po"
    shutil.copy(PO / "valid" / "django-kk.po", good)
    assert run_import(runner, db_url, str(good)).exit_code == 0
    before = segments(runner, db_url)
    bad = tmp_path / name
    shutil.copy(PO / "broken" / name, bad)
    # The good file comes first: its entries are written, then rolled back with the run.
    fresh = tmp_path / "fresh.po"
    shutil.copy(PO / "valid" / "django-ru.po", fresh)
    result = run_import(runner, db_url, str(fresh), str(bad))
    assert result.exit_code == 3
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"Error: {bad}:{line}: ")
    assert fragment in first
    assert segments(runner, db_url) == before


def test_json_output_has_no_progress_and_lists_files(runner, db_url):
    paths = [str(PO / "valid" / "django-kk.po"), str(PO / "valid" / "django-ru.po")]
    result = run_import(runner, db_url, *paths, "--json")
    data = json.loads(result.stdout)
    assert [f["path"] for f in data["files"]] == paths
    assert [f["language"] for f in data["files"]] == ["kk-Cyrl", "ru"]
    assert data["stored"] == 207 + 348
    assert result.stderr == ""


def test_language_from_header_or_lang_or_error(runner, db_url, tmp_path):
    nolang = tmp_path / "nolang.po"
    nolang.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                      'msgid "File"\nmsgstr "Файл"\n', encoding="utf-8")
    result = run_import(runner, db_url, str(nolang))
    assert result.exit_code == 3
    assert result.stderr == (f"Error: {nolang}:1: the header has no Language field; give the "
                             "language with --lang (e.g. --lang ru)\n")
    assert segments(runner, db_url) == 0
    assert run_import(runner, db_url, str(nolang), "--lang", "ru_RU").exit_code == 0
    assert [r["target_lang"] for r in rows(db_url)] == ["ru"]


def test_lang_option_overrides_the_header(runner, db_url):
    assert run_import(runner, db_url, str(PO / "valid" / "kk-latin.po"), "--lang",
                      "kk@latin").exit_code == 0
    assert {r["target_lang"] for r in rows(db_url)} == {"kk-Latn"}


def test_plain_kk_catalog_gets_the_script_of_its_text(runner, db_url):
    """Weblate's Kazakh catalog says "kk" and is written in Latin letters."""
    assert run_import(runner, db_url, str(PO / "valid" / "kk-latin.po")).exit_code == 0
    assert {r["target_lang"] for r in rows(db_url)} == {"kk-Latn"}


def test_placeholder_mismatch_is_a_warning(runner, db_url):
    path = PO / "valid" / "placeholder-mismatch.po"
    result = run_import(runner, db_url, str(path))
    assert result.exit_code == 0
    assert result.stderr == (f"{path}:12: warning: placeholders differ: msgid has %(name)s, "
                             "msgstr has %(nmae)s\n")
    assert segments(runner, db_url) == 1


def test_valid_oddities_import(runner, db_url):
    names = ["bom.po", "crlf.po", "no-translations.po", "header-only.po", "header-split.po",
             "obsolete-previous.po", "cp1251.po", "no-final-newline.po", "escapes.po"]
    result = run_import(runner, db_url, *(str(PO / "valid" / n) for n in names), "--json")
    assert result.exit_code == 0, result.output
    stored = {Path(f["path"]).name: f["stored"] for f in json.loads(result.stdout)["files"]}
    # crlf.po repeats bom.po's entries: duplicates, not new segments.
    assert stored == {"bom.po": 2, "crlf.po": 0, "no-translations.po": 0, "header-only.po": 0,
                      "header-split.po": 1, "obsolete-previous.po": 0, "cp1251.po": 0,
                      "no-final-newline.po": 0, "escapes.po": 2}


def test_library_streams_a_large_catalog(db_url, tmp_path):
    """A catalog of ~5 MB is read block by block, never whole.

    What stays is a 64-bit digest per entry for the duplicate check (~100 bytes; Django's
    entries are ~130 bytes on disk, so this is the densest case) and one 256 KiB block.
    polib holds about eight times the file.
    """
    with (PO / "valid" / "django-ru.po").open("rb") as fh:
        reader = PoReader(fh, keep_comments=True)
        entries = list(reader)
    path = tmp_path / "big.po"
    with path.open("wb") as fh:
        write_po(fh, [reader.header_entry])
        for k in range(110):
            fh.write(b"\n")
            write_po(fh, [e._replace(msgctxt=f"{e.msgctxt or ''}#{k}") for e in entries])
    size = path.stat().st_size
    assert size > 4_500_000
    tracemalloc.start()
    try:
        with path.open("rb") as fh:
            count = sum(1 for _ in PoReader(fh, path=str(path)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 348 * 110
    assert peak < size * 1.5, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB file"
    engine = make_engine(db_url)
    seen: list[int] = []
    try:
        with path.open("rb") as fh, engine.begin() as connection:
            result = import_catalogs(connection, [(str(path), fh)], progress=seen.append)
    finally:
        engine.dispose()
    assert result.files[0].stored == 348 * 110
    assert sum(seen) == size


def test_imported_at_is_one_time_for_the_run(db_url):
    engine = make_engine(db_url)
    when = dt.datetime(2024, 5, 1, 12, 0)
    try:
        with (PO / "valid" / "django-kk.po").open("rb") as fh, engine.begin() as connection:
            import_catalogs(connection, [("kk.po", fh)], project="p", imported_at=when)
    finally:
        engine.dispose()
    assert {r["imported_at"] for r in rows(db_url)} == {"2024-05-01 12:00:00.000000"}


@pytest.mark.parametrize(("value", "tag"), [
    ("ru", "ru"), ("ru_RU", "ru"), ("ru-RU", "ru"), ("kk", "kk-Cyrl"), ("kk_KZ", "kk-Cyrl"),
    ("kk@latin", "kk-Latn"), ("kk_KZ@latin", "kk-Latn"), ("kk_Latn", "kk-Latn"),
    ("kk-Arab", "kk-Arab"), ("kk_CN", "kk-Arab"), ("kk@arabic", "kk-Arab"), ("en_GB", "en"),
    ("de_AT", "de-AT"), ("sr@latin", "sr-Latn"), ("ru_RU.UTF-8", "ru"),
])
def test_catalog_language(value, tag):
    assert catalog_language(value) == tag


@pytest.mark.parametrize(("flags", "msgid", "plural", "msgstrs", "problem"), [
    (("python-format",), "%(n)d files", None, ("%(n)d файлов",), None),
    (("python-format",), "%(n)d of %(m)d", None, ("%(m)d из %(n)d",), None),
    (("c-format",), "%s: %d", None, ("%d: %s",), None),
    (("c-format",), "%s", None, ("нет",), "placeholders differ: msgid has %s, msgstr has none"),
    ((), "%s", None, ("нет",), None),
    (("python-brace-format",), "{count} files", None, ("{cnt} файлов",),
     "placeholders differ: msgid has {count}, msgstr has {cnt}"),
    (("python-format",), "%(n)d file", "%(n)d files", ("один файл", "%(n)d файла",
                                                         "%(n)d файлов"), None),
    (("python-format",), "%(n)d file", "%(n)d files", ("%(x)d файл", "", ""),
     "msgstr[0] has %(x)d, which the msgids do not have"),
    (("python-format",), "100%% sure", None, ("на 100%% уверен",), None),
])
def test_placeholder_problem(flags, msgid, plural, msgstrs, problem):
    assert placeholder_problem(PoEntry(None, msgid, plural, msgstrs, flags)) == problem


def test_row_tuples_match_the_record_path_and_round_trip():
    """The importer's row tuples are what :func:`store_segments` would write for the same
    records, and other databases get them back as records (:func:`store_rows`)."""
    from kzgloss.segments import ROW_COLUMNS, SegmentRecord, _record, format_stamp, segment_row
    from kzgloss.po_import import FileCounts, _rows

    when = dt.datetime(2024, 5, 1, 12, 0)
    path = PO / "valid" / "django-ru.po"
    with path.open("rb") as fh:
        reader = PoReader(fh, path="ru.po")
        rows_ = list(_rows(reader, FileCounts("ru.po", ""), lang=None, project="p",
                           stamp=format_stamp(when)))
    assert len(rows_) == 348 and all(len(r) == len(ROW_COLUMNS) for r in rows_)
    assert any(r[6] for r in rows_) and any(r[7] for r in rows_)  # plurals, flags
    for row in rows_:
        record = _record(row)
        assert isinstance(record, SegmentRecord) and record.imported_at == when
        assert segment_row(record) == row
