"""``kzgloss export po``: catalogs read back with polib, babel, msgfmt and GNU gettext."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.pofile import read_po as babel_read_po

from kzgloss.cli import cli
from kzgloss.gettext_export import LOCALES, TEMPLATE, build_catalog, write_catalog_mo
from kzgloss.mo_writer import MoMessage, hash_string, write_mo
from kzgloss.po_parser import PoEntry, PoReader
from kzgloss.records import ConceptRecord, HistoryRecord, TermRecord

REPO = Path(__file__).resolve().parents[1]
PO = Path(__file__).parent / "data" / "po"
MSGFMT = shutil.which("msgfmt")
GNU_GETTEXT = shutil.which("gettext")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU msgfmt is not installed")
RU_PLURALS = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
              "(n%100<10 || n%100>=20) ? 1 : 2);")
FILES = ["glossary.pot", "kk/LC_MESSAGES/glossary.po", "kk@latin/LC_MESSAGES/glossary.po",
         "ru/LC_MESSAGES/glossary.po"]


def export(runner, db: str, out: Path, *args: str) -> Path:
    result = runner.invoke(cli, ["export", "po", "--out", str(out), "--db", db, *args])
    assert result.exit_code == 0, result.output
    return out


def entry(path: Path, concept: str) -> polib.POEntry:
    return next(e for e in polib.pofile(str(path)) if e.msgctxt == concept)


@pytest.fixture
def locales(runner, loaded_db, tmp_path) -> Path:
    return export(runner, loaded_db, tmp_path / "locales", "--mo", "--date", "2024-01-01")


def test_files_written(locales):
    found = sorted(str(p.relative_to(locales)) for p in locales.rglob("*") if p.is_file())
    assert found == sorted(FILES + [f.replace(".po", ".mo") for f in FILES[1:]])


@needs_msgfmt
@pytest.mark.parametrize("name", FILES)
def test_msgfmt_check_is_clean(locales, name, tmp_path):
    result = subprocess.run([MSGFMT, "--check", "-o", str(tmp_path / "x.mo"), str(locales / name)],
                            capture_output=True, text=True)
    assert (result.returncode, result.stderr) == (0, "")


@needs_msgfmt
@pytest.mark.parametrize("locale", ["kk", "kk@latin", "ru"])
def test_mo_equals_msgfmt_output(locales, locale, tmp_path):
    base = locales / locale / "LC_MESSAGES"
    subprocess.run([MSGFMT, "--no-hash", "-o", str(tmp_path / "ref.mo"), str(base / "glossary.po")],
                   check=True)
    assert (base / "glossary.mo").read_bytes() == (tmp_path / "ref.mo").read_bytes()


@pytest.mark.parametrize(("locale", "language", "plural_forms"), [
    ("kk", "kk", "nplurals=2; plural=(n != 1);"),
    ("kk@latin", "kk@latin", "nplurals=2; plural=(n != 1);"),
    ("ru", "ru", RU_PLURALS),
])
def test_headers(locales, locale, language, plural_forms):
    po = polib.pofile(str(locales / locale / "LC_MESSAGES" / "glossary.po"))
    assert po.metadata["Language"] == language
    assert po.metadata["Plural-Forms"] == plural_forms
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Project-Id-Version"] == "kzgloss-glossary"
    # The date of the latest change in the termbase, not of the run.
    assert po.metadata["PO-Revision-Date"] == "2022-09-17 00:00+0000"


def test_babel_reads_every_catalog(locales):
    for name in FILES:
        with (locales / name).open("rb") as fh:
            catalog = babel_read_po(fh)
        assert len(catalog) == 3
    with (locales / "ru/LC_MESSAGES/glossary.po").open("rb") as fh:
        assert babel_read_po(fh).num_plurals == 3


def test_kandas_entry(locales):
    kk = entry(locales / "kk/LC_MESSAGES/glossary.po", "kandas")
    assert (kk.msgid, kk.msgid_plural) == ("kandas", "kandases")
    assert kk.msgstr_plural == {0: "қандас", 1: "қандастар"}
    assert kk.occurrences == [("glossary/concepts/kandas.toml", "")]
    comments = kk.comment.splitlines()
    assert "definition: An ethnic Kazakh who has moved to Kazakhstan from abroad." in comments
    assert "do not use: оралман, superseded 2020-05-13 by қандас" in comments
    assert any(c.startswith("source: Kazakhstan eases citizenship process") for c in comments)
    ru = entry(locales / "ru/LC_MESSAGES/glossary.po", "kandas")
    assert ru.msgstr_plural == {0: "кандас", 1: "кандаса", 2: "кандасов"}
    assert "do not use: оралман, superseded 2020-05-13 by кандас" in ru.comment.splitlines()
    pot = entry(locales / "glossary.pot", "kandas")
    assert pot.msgstr_plural == {0: "", 1: ""}
    assert "do not use: oralman, superseded 2020-05-13 by kandas" in pot.comment.splitlines()


def test_kk_latin_uses_recorded_term_else_transliteration(locales):
    path = locales / "kk@latin/LC_MESSAGES/glossary.po"
    # The recorded "qandas"; its plural transliterated from the Cyrillic term's.
    assert entry(path, "kandas").msgstr_plural == {0: "qandas", 1: "qandastar"}
    astana = entry(path, "astana")
    assert astana.msgstr == "Astana"
    assert "transliterated (kk-latn-2021) from Астана" in astana.comment.splitlines()
    assert entry(path, "atajurt").msgstr == "Atajūrt"


def test_untranslated_stays_empty():
    concept = ConceptRecord("asylum", terms=[TermRecord("asylum", "en", "preferred"),
                                             TermRecord("убежище", "ru", "preferred")])
    kk = build_catalog([concept], [], LOCALES["kk"], on=dt.date(2024, 1, 1))
    assert kk.entries[0].msgstrs == ("",)
    ru = build_catalog([concept], [], LOCALES["ru"], on=dt.date(2024, 1, 1))
    assert ru.entries[0].msgstrs == ("убежище",)


def test_russian_plural_not_recorded_is_fuzzy_and_kazakh_repeats_the_singular():
    concept = ConceptRecord("centre", terms=[
        TermRecord("centre", "en", "preferred", plural=["centre", "centres"]),
        TermRecord("центр", "ru", "preferred"), TermRecord("орталық", "kk-Cyrl", "preferred")])
    ru = build_catalog([concept], [], LOCALES["ru"], on=dt.date(2024, 1, 1)).entries[0]
    assert ru.msgstrs == ("центр",) * 3 and ru.fuzzy
    kk = build_catalog([concept], [], LOCALES["kk"], on=dt.date(2024, 1, 1)).entries[0]
    assert kk.msgstrs == ("орталық",) * 2 and not kk.fuzzy


def test_date_option_exports_the_terms_of_that_day(runner, loaded_db, tmp_path):
    out = export(runner, loaded_db, tmp_path / "old", "--date", "2020-01-01")
    astana = entry(out / "ru/LC_MESSAGES/glossary.po", "astana")
    assert astana.msgid == "Nur-Sultan"
    kandas = entry(out / "kk/LC_MESSAGES/glossary.po", "kandas")
    assert (kandas.msgid, kandas.msgstr_plural) == ("oralman", {0: "оралман", 1: "оралман"})
    header = polib.pofile(str(out / "kk/LC_MESSAGES/glossary.po")).metadata
    assert header["PO-Revision-Date"] == "2019-03-23 00:00+0000"


def test_history_gives_the_status_date():
    concept = ConceptRecord("astana", terms=[
        TermRecord("Astana", "en", "preferred", history=[
            HistoryRecord(dt.date(2019, 3, 23), "superseded", "Nur-Sultan"),
            HistoryRecord(dt.date(2022, 9, 17), "preferred")]),
        TermRecord("Nur-Sultan", "en", "superseded", valid_from=dt.date(2019, 3, 23),
                   valid_until=dt.date(2022, 9, 17), replaced_by="Astana")])
    pot = build_catalog([concept], [], TEMPLATE, on=dt.date(2020, 6, 1)).entries[0]
    assert pot.msgid == "Nur-Sultan"
    assert "#. do not use: Astana, superseded 2019-03-23 by Nur-Sultan" in pot.comments


def test_export_is_deterministic(runner, loaded_db, tmp_path):
    first = export(runner, loaded_db, tmp_path / "a", "--mo")
    second = export(runner, loaded_db, tmp_path / "b", "--mo")
    for path in first.rglob("*.*"):
        assert path.read_bytes() == (second / path.relative_to(first)).read_bytes()


def test_locale_option(runner, loaded_db, tmp_path):
    out = export(runner, loaded_db, tmp_path / "ru-only", "--locale", "ru")
    assert sorted(p.name for p in out.iterdir()) == ["glossary.pot", "ru"]
    result = runner.invoke(cli, ["export", "po", "--locale", "kk_Latn", "--db", loaded_db])
    assert result.exit_code == 2


def test_mo_with_python_gettext(locales):
    with (locales / "kk/LC_MESSAGES/glossary.mo").open("rb") as fh:
        kk = gettext.GNUTranslations(fh)
    assert kk.pgettext("kandas", "kandas") == "қандас"
    assert kk.npgettext("kandas", "kandas", "kandases", 5) == "қандастар"
    assert kk.pgettext("atajurt", "Atajurt") == "Атажұрт"
    with (locales / "ru/LC_MESSAGES/glossary.mo").open("rb") as fh:
        ru = gettext.GNUTranslations(fh)
    assert [ru.npgettext("kandas", "kandas", "kandases", n) for n in (1, 2, 5, 21)] == [
        "кандас", "кандаса", "кандасов", "кандас"]
    with (locales / "kk@latin/LC_MESSAGES/glossary.mo").open("rb") as fh:
        assert gettext.GNUTranslations(fh).pgettext("astana", "Astana") == "Astana"


@pytest.mark.skipif(GNU_GETTEXT is None, reason="GNU gettext is not installed")
@pytest.mark.parametrize(("language", "expected"), [("kk", "қандас"), ("kk@latin", "qandas"),
                                                    ("ru", "кандас")])
def test_gnu_gettext_finds_terms_through_the_mo(locales, language, expected):
    env = dict(os.environ, LANGUAGE=language, LC_ALL="C.UTF-8", TEXTDOMAINDIR=str(locales))
    result = subprocess.run([GNU_GETTEXT, "-d", "glossary", "-c", "kandas", "kandas"],
                            capture_output=True, text=True, env=env)
    assert result.stdout == expected


def test_reader_accepts_the_export(locales):
    for name in FILES:
        with (locales / name).open("rb") as fh:
            reader = PoReader(fh, path=name)
            assert len(list(reader)) == 3 and reader.warnings == []


# --- the .mo writer ---------------------------------------------------------------------

@needs_msgfmt
@pytest.mark.parametrize("name", ["django-ru.po", "django-kk.po", "header-split.po"])
def test_mo_writer_matches_msgfmt_byte_for_byte(name, tmp_path):
    with (PO / "valid" / name).open("rb") as fh:
        reader = PoReader(fh)
        entries = list(reader)
    # msgfmt drops POT-Creation-Date from the compiled header.
    header = "".join(f"{k}: {v}\n" for k, v in reader.header_fields if k != "POT-Creation-Date")
    out = io.BytesIO()
    write_mo(out, [MoMessage(None, "", None, (header,))] + [
        MoMessage(e.msgctxt, e.msgid, e.msgid_plural, e.msgstrs) for e in entries if e.translated],
        hash_table=True)
    subprocess.run([MSGFMT, "-o", str(tmp_path / "ref.mo"), str(PO / "valid" / name)], check=True)
    assert out.getvalue() == (tmp_path / "ref.mo").read_bytes()


def test_mo_writer_without_hash_table_reads_back():
    out = io.BytesIO()
    write_mo(out, [MoMessage(None, "", None, ("Content-Type: text/plain; charset=UTF-8\n",)),
                   MoMessage("c", "b", None, ("б",)), MoMessage(None, "a", "as", ("а", "ы"))])
    out.seek(0)
    t = gettext.GNUTranslations(out)
    assert (t.pgettext("c", "b"), t.ngettext("a", "as", 2)) == ("б", "ы")


def test_mo_writer_rejects_duplicate_keys():
    with pytest.raises(ValueError):
        write_mo(io.BytesIO(), [MoMessage(None, "a", None, ("x",)), MoMessage(None, "a", None, ("y",))])


def test_mo_writer_is_linear():
    """10x the messages take about 10x the time (polib and babel are quadratic here)."""
    import time

    def timed(n: int) -> float:
        messages = [MoMessage(f"c{i}", f"message number {i}", None, (f"сообщение {i}",))
                    for i in range(n)]
        start = time.perf_counter()
        write_mo(io.BytesIO(), messages, hash_table=True)
        return time.perf_counter() - start

    small, large = min(timed(5_000) for _ in range(3)), min(timed(50_000) for _ in range(3))
    assert large < small * 25


def test_hash_string_is_gnus():
    # Values from GNU gettext's hash_string (hash-string.c) for these keys.
    assert hash_string(b"") == 0
    assert hash_string(b"abc") == (((ord("a") << 4) + ord("b") << 4) + ord("c"))


def test_write_catalog_mo_leaves_out_fuzzy_and_untranslated():
    concepts = [ConceptRecord("a", terms=[TermRecord("a", "en", "preferred"),
                                          TermRecord("а", "ru", "preferred")]),
                ConceptRecord("b", terms=[TermRecord("b", "en", "preferred")])]
    out = io.BytesIO()
    write_catalog_mo(out, build_catalog(concepts, [], LOCALES["ru"], on=dt.date(2024, 1, 1)))
    out.seek(0)
    t = gettext.GNUTranslations(out)
    assert (t.pgettext("a", "a"), t.pgettext("b", "b")) == ("а", "b")
    assert "POT-Creation-Date" not in t._info  # noqa: SLF001 - what msgfmt writes


# --- the committed locales/ is the export of the shipped glossary --------------------------

def test_locales_dir_is_a_fresh_export_of_the_shipped_glossary(runner, tmp_path):
    if not any((REPO / "glossary" / "concepts").glob("*.toml")):
        pytest.skip("the shipped glossary has no concepts yet")
    from kzgloss.store import build

    db = f"sqlite:///{tmp_path / 'shipped.sqlite'}"
    build(db, REPO / "glossary")
    fresh = export(runner, db, tmp_path / "locales")
    committed = REPO / "locales"
    names = sorted(str(p.relative_to(fresh)) for p in fresh.rglob("*") if p.is_file())
    assert sorted(str(p.relative_to(committed)) for p in committed.rglob("*") if p.is_file()) \
        == names, "locales/ has other files than `kzgloss export po` writes"
    stale = [n for n in names if (committed / n).read_bytes() != (fresh / n).read_bytes()]
    assert not stale, f"locales/ is out of date ({', '.join(stale)}): run `kzgloss export po`"


def test_word_cached_transliteration_equals_whole_text():
    """The export caches transliteration per word: the schemes must map words independently."""
    from kzgloss.gettext_export import _Builder
    from kzgloss.glossary_files import read_glossary_dir
    from kzgloss.translit import transliterate

    concepts = read_glossary_dir(Path(__file__).parent / "data" / "glossary").concepts
    if any((REPO / "glossary" / "concepts").glob("*.toml")):
        concepts += read_glossary_dir(REPO / "glossary").concepts
    texts = [t.text for c in concepts for t in c.terms if t.lang == "kk-Cyrl"]
    texts += [text for c in concepts for lang, text in c.definition.items() if lang == "kk"]
    texts += [e.msgstr for e in polib.pofile(str(PO / "valid" / "django-kk.po")) if e.msgstr]
    texts += ["ЖЕЗҚАЗҒАН ҚАЛАСЫ", "ҚР ІІМ", "Ақ Жол", "Ю-Я, е? «иә»\nжаңа  жол"]
    builder = _Builder([], [], dt.date(2024, 1, 1))
    for scheme in ("kk-latn-2021", "kk-arab"):
        for text in texts:
            assert builder.transliterate(text, scheme) == transliterate(text, scheme, lang="kk")


# --- export_po's own read path and writers against the record path -----------------------

DATES = [dt.date(2010, 1, 1), dt.date(2019, 3, 23), dt.date(2020, 1, 1), dt.date(2020, 5, 13),
         dt.date(2022, 9, 17), dt.date(2024, 1, 1)]


def _record_path_files(reader, locales, on: dt.date) -> dict[str, bytes]:
    """What export_po wrote before it had a read path of its own: read_concepts, the
    catalogs as PoEntry lists, write_catalog and write_catalog_mo."""
    from kzgloss.gettext_export import build_catalogs, write_catalog
    from kzgloss.termbase import read_concepts, read_sources

    files = {}
    for catalog in build_catalogs(read_concepts(reader), read_sources(reader), locales=locales,
                                  on=on):
        writers = [("glossary.pot", write_catalog)] if catalog.is_template else [
            (f"{catalog.spec.code}/LC_MESSAGES/glossary.po", write_catalog),
            (f"{catalog.spec.code}/LC_MESSAGES/glossary.mo", write_catalog_mo)]
        for name, writer in writers:
            out = io.BytesIO()
            writer(out, catalog)
            files[name] = out.getvalue()
    return files


def _export_files(reader, out: Path, locales, on: dt.date) -> dict[str, bytes]:
    from kzgloss.gettext_export import export_po

    paths = export_po(reader, out, locales=locales, on=on, mo=True)
    return {str(p.relative_to(out)): p.read_bytes() for p in paths}


def _assert_paths_agree(url: str, tmp_path: Path, dates=DATES,
                        locales=("kk", "kk@latin", "ru")) -> None:
    from kzgloss.reader import open_reader

    with open_reader(url) as reader:
        for on in dates:
            expected = _record_path_files(reader, locales, on)
            got = _export_files(reader, tmp_path / on.isoformat(), locales, on)
            assert sorted(got) == sorted(expected)
            for name in expected:
                assert got[name] == expected[name], (on, name)


def _rich_glossary(seed: int = 7, n: int = 300):
    """Concepts with status histories (dates repeated), validity dates, replacements across
    concepts, 0-4 plural forms, Latin terms of every scheme, definitions that wrap or hold
    newlines and quotes, repeated citations: every branch of the entry builder."""
    import random

    from kzgloss.records import (LANGS, LATIN_SCHEMES, STATUSES, CitationRecord,
                                 Glossary, SourceRecord)

    rnd = random.Random(seed)
    words = ["қандас", "оралман", "Астана", "ауданы", "kandas", "Nur-Sultan", "центр",
             'say "hi"', "back\\slash", "tab\there", "жаңа  жол", "ЖЕЗҚАЗҒАН", "Ақ Жол",
             "a" * 85, "x y " * 25, "line\nbreak", "«иә»", "ıstanbul"]

    def text(k: int = 3) -> str:
        return " ".join(rnd.choice(words) for _ in range(rnd.randint(1, k))).strip() or "w"

    def date() -> dt.date:
        return rnd.choice(DATES[1:-1]) + dt.timedelta(days=rnd.choice((-1, 0, 0, 1, 400)))

    sources = [SourceRecord(f"s{i}", text(4), publisher=rnd.choice([None, "Pub"]),
                            date=rnd.choice([None, "2021-05-01"])) for i in range(5)]
    concepts = []
    for i in range(n):
        terms, seen = [], set()
        for _ in range(rnd.randint(0, 9)):
            lang = rnd.choice(LANGS + ("kk-Cyrl", "en", "kk-Latn"))
            term = text()
            if (lang, term) in seen:
                continue
            seen.add((lang, term))
            history = [HistoryRecord(date(), rnd.choice(STATUSES),
                                     rnd.choice([None, "x", f"c{i}:{term}"]))
                       for _ in range(rnd.choice((0, 0, 0, 1, 2, 3)))]
            terms.append(TermRecord(
                term, lang, rnd.choice(STATUSES),
                scheme=rnd.choice((None,) + LATIN_SCHEMES) if lang == "kk-Latn" else None,
                plural=rnd.choice([None, None, [term], [term, term + "s"],
                                   [term, term + "a", term + "ov"],
                                   [term, term + "a", term + "ov", term + "x"]]),
                valid_from=date() if rnd.random() < .3 else None,
                valid_until=date() if rnd.random() < .3 else None,
                replaced_by=rnd.choice([None, None, "кандас", "astana:Астана", "a:b:c"]),
                history=history))
        definition = {lang: text(12) for lang in ("en", "kk", "ru") if rnd.random() < .6}
        citations = [CitationRecord(rnd.choice(sources).id, "q")
                     for _ in range(rnd.randint(0, 4))]
        concepts.append(ConceptRecord(f"c{i:03d}-{rnd.randrange(100)}", definition=definition,
                                      terms=terms, citations=citations))
    return Glossary(concepts=concepts, sources=sources)


@pytest.fixture(scope="module")
def rich_db(tmp_path_factory) -> str:
    from kzgloss.db import ensure_schema, make_engine
    from kzgloss.termbase import load_glossary

    url = f"sqlite:///{tmp_path_factory.mktemp('rich') / 'rich.sqlite'}"
    ensure_schema(url)
    engine = make_engine(url)
    with engine.begin() as connection:
        load_glossary(connection, _rich_glossary())
    engine.dispose()
    return url


def test_export_equals_record_path_on_the_shipped_glossary(shipped_db, tmp_path):
    _assert_paths_agree(shipped_db, tmp_path)


def test_export_equals_record_path_on_the_test_glossaries(loaded_db, check_db, tmp_path):
    _assert_paths_agree(loaded_db, tmp_path / "test")
    _assert_paths_agree(check_db, tmp_path / "check")


def test_export_equals_record_path_on_a_rich_termbase(rich_db, tmp_path):
    _assert_paths_agree(rich_db, tmp_path / "all")
    _assert_paths_agree(rich_db, tmp_path / "some", dates=[dt.date(2020, 1, 1)],
                        locales=("ru", "kk@latin"))


def test_export_equals_record_path_after_edits_out_of_id_order(rich_db, tmp_path):
    """Terms and citations whose seq order is not their id order (the termbase edited after
    it was loaded) come out in seq order, as read_concepts gives them."""
    import sqlite3

    from kzgloss.db import sqlite_path

    copy = tmp_path / "edited.sqlite"
    shutil.copy(sqlite_path(rich_db), copy)
    with sqlite3.connect(copy) as con:
        con.execute("UPDATE term SET seq = 100 - seq WHERE concept_id IN "
                    "(SELECT id FROM concept ORDER BY id LIMIT 150)")
        con.execute("UPDATE citation SET seq = 100 - seq")
        # A term of the first concept added last: its rows are no longer consecutive.
        (first,) = con.execute("SELECT MIN(id) FROM term").fetchone()
        con.execute("UPDATE term SET id = 1000000 WHERE id = ?", (first,))
        con.execute("UPDATE status_change SET term_id = 1000000 WHERE term_id = ?", (first,))
        con.execute("UPDATE citation SET term_id = 1000000 WHERE term_id = ?", (first,))
        con.execute("UPDATE term SET replaced_by_id = 1000000 WHERE replaced_by_id = ?",
                    (first,))
    _assert_paths_agree(f"sqlite:///{copy}", tmp_path, dates=[dt.date(2020, 1, 1)])


def test_export_through_sqlalchemy_equals_the_sqlite3_reader(rich_db, tmp_path):
    """Other databases are read through SQLAlchemy text() queries: same files."""
    from kzgloss.db import make_engine
    from kzgloss.gettext_export import export_po
    from kzgloss.reader import Reader, open_reader

    on = dt.date(2020, 1, 1)
    with open_reader(rich_db) as reader:
        expected = _export_files(reader, tmp_path / "native", ("kk", "kk@latin", "ru"), on)
    engine = make_engine(rich_db)
    try:
        with engine.connect() as connection:
            reader = Reader(connection, native=False)
            paths = export_po(reader, tmp_path / "sa", on=on, mo=True)
    finally:
        engine.dispose()
    got = {str(p.relative_to(tmp_path / "sa")): p.read_bytes() for p in paths}
    assert got == expected


def test_export_leaves_the_garbage_collector_as_it_was(loaded_db, tmp_path):
    import gc

    from kzgloss.gettext_export import export_po
    from kzgloss.reader import open_reader

    with open_reader(loaded_db) as reader:
        assert gc.isenabled()
        export_po(reader, tmp_path / "a")
        assert gc.isenabled()
        gc.disable()
        try:
            export_po(reader, tmp_path / "b")
            assert not gc.isenabled()
        finally:
            gc.enable()


@pytest.mark.parametrize("name", sorted(p.name for p in (PO / "valid").glob("*.po")))
def test_format_entry_equals_the_line_writer(name):
    """format_entry (with and without a shared head) writes what _entry_lines does."""
    from kzgloss.po_writer import WIDTH, _entry_lines, format_entry, format_head

    with (PO / "valid" / name).open("rb") as fh:
        entries = list(PoReader(fh, keep_comments=True))
    entries += [e._replace(obsolete=True) for e in entries[:5]]
    entries += [PoEntry("c", "a", "as", ()), PoEntry(None, "x" * 100, None, ("y\n" * 3,))]
    for e in entries:
        expected = "\n".join(_entry_lines(e, WIDTH))
        assert format_entry(e) == expected
        if not e.obsolete:
            assert format_entry(e, head=format_head(e.msgctxt, e.msgid, e.msgid_plural)) \
                == expected


def _export_twice_unchanged(reader, out) -> None:
    """Export, mark every file as untouched (mtime 0), export the same again: nothing is written."""
    from kzgloss.gettext_export import export_po

    first = export_po(reader, out, mo=True, on=dt.date(2024, 1, 1))
    for path in first:
        os.utime(path, ns=(0, 0))
    second = export_po(reader, out, mo=True, on=dt.date(2024, 1, 1))
    assert second == first
    assert all(path.stat().st_mtime_ns == 0 for path in second)


def test_export_again_leaves_unchanged_files_untouched(loaded_db, tmp_path):
    from kzgloss.gettext_export import export_po
    from kzgloss.reader import open_reader

    out = tmp_path / "locales"
    with open_reader(loaded_db) as reader:
        _export_twice_unchanged(reader, out)
        changed = export_po(reader, out, mo=True, on=dt.date(2020, 1, 1))
    assert all(path.stat().st_mtime_ns != 0 for path in changed)
    assert not list(out.rglob("*.tmp"))


# --- a large termbase shared with a second process -----------------------------------------


@pytest.fixture
def workers(monkeypatch):
    """Every termbase of 2 concepts or more is shared with a second process; the jobs and
    processes started are listed."""
    from kzgloss import gettext_export

    started = []
    start = gettext_export._start_worker

    def spy(job):
        process = start(job)
        started.append((job, process))
        return process

    monkeypatch.setattr(gettext_export, "_PARALLEL_MIN", 2)
    monkeypatch.setattr(gettext_export, "_start_worker", spy)
    return started


def _one_process(monkeypatch):
    from kzgloss import gettext_export

    monkeypatch.setattr(gettext_export, "_PARALLEL_MIN", 10**9)


def _two_processes(monkeypatch):
    from kzgloss import gettext_export

    monkeypatch.setattr(gettext_export, "_PARALLEL_MIN", 2)


def _no_tmp(root: Path) -> None:
    assert not [p for p in root.rglob("*") if ".tmp" in p.name]


@pytest.mark.parametrize("share", [0.01, 0.5, 0.99])
def test_two_processes_write_the_bytes_of_one(rich_db, tmp_path, monkeypatch, workers, share):
    from kzgloss import gettext_export
    from kzgloss.reader import open_reader

    monkeypatch.setattr(gettext_export, "_WORKER_SHARE", share)
    runs = 0
    with open_reader(rich_db) as reader:
        for on in (dt.date(2010, 1, 1), dt.date(2020, 1, 1), dt.date(2024, 1, 1)):
            for locales in (("kk", "kk@latin", "ru"), ("ru",), ("kk@latin", "kk")):
                name = f"{on}-{'+'.join(locales)}"
                _one_process(monkeypatch)
                expected = _export_files(reader, tmp_path / "one" / name, locales, on)
                _two_processes(monkeypatch)
                got = _export_files(reader, tmp_path / "two" / name, locales, on)
                runs += 1
                assert got == expected, (on, locales)
        _two_processes(monkeypatch)
        paths = gettext_export.export_po(reader, tmp_path / "po-only", on=dt.date(2020, 1, 1))
        assert [p.name for p in paths] == ["glossary.pot"] + ["glossary.po"] * 3
        for path in paths:
            assert path.read_bytes() == (tmp_path / "one" / "2020-01-01-kk+kk@latin+ru" /
                                         path.relative_to(tmp_path / "po-only")).read_bytes()
    assert len(workers) == runs + 1
    assert all(process.returncode == 0 for _, process in workers)
    _no_tmp(tmp_path)


def test_a_later_date_in_the_second_process_rewrites_the_headers(rich_db, tmp_path,
                                                                monkeypatch, workers):
    """The split where the latest change belongs to the second process's concepts: the
    first one wrote its headers with an earlier date, and puts the later one in."""
    import bisect

    from kzgloss import gettext_export
    from kzgloss.db import sqlite_path
    from kzgloss.gettext_export import _read_termbase, _specs
    from kzgloss.reader import open_reader

    on = dt.date(2024, 1, 1)
    specs = _specs(("kk", "kk@latin", "ru"))
    with open_reader(rich_db) as reader:
        revision, concepts = _read_termbase(reader, specs, on)
        ids = [c[0] for c in concepts]
        # The revision of the concepts before ids[at] grows with at: the last split at
        # which it is still earlier than the whole termbase's.
        at = bisect.bisect_left(range(len(ids)), True, key=lambda i: _read_termbase(
            reader, specs, on, hi=ids[i])[0] == revision) - 1
        first, _ = _read_termbase(reader, specs, on, hi=ids[at])
        second, _ = _read_termbase(reader, specs, on, lo=ids[at])
        assert first < second == revision
        _one_process(monkeypatch)
        expected = _export_files(reader, tmp_path / "one", ("kk", "kk@latin", "ru"), on)
        _two_processes(monkeypatch)
        monkeypatch.setattr(gettext_export, "_split",
                            lambda reader: (str(sqlite_path(rich_db)), ids[at]))
        got = _export_files(reader, tmp_path / "two", ("kk", "kk@latin", "ru"), on)
    assert got == expected
    assert len(workers) == 1 and workers[0][0]["lo"] == ids[at]
    _no_tmp(tmp_path)


def test_read_termbase_parts_make_the_whole(rich_db):
    from kzgloss.gettext_export import _read_termbase, _specs
    from kzgloss.reader import open_reader

    on = dt.date(2020, 1, 1)
    specs = _specs(("kk", "kk@latin", "ru"))
    with open_reader(rich_db) as reader:
        revision, whole = _read_termbase(reader, specs, on)
        for at in (1, len(whole) // 3, len(whole) - 1):
            split = whole[at][0]
            first_revision, first = _read_termbase(reader, specs, on, hi=split)
            second_revision, second = _read_termbase(reader, specs, on, lo=split)
            assert first + second == whole
            assert max(first_revision, second_revision) == revision


def test_small_termbases_and_other_readers_take_one_process(shipped_db, rich_db, tmp_path,
                                                             monkeypatch):
    from kzgloss import gettext_export
    from kzgloss.db import make_engine
    from kzgloss.reader import Reader, open_reader

    def no_worker(job):
        raise AssertionError("a second process was started")

    monkeypatch.setattr(gettext_export, "_start_worker", no_worker)
    with open_reader(shipped_db) as reader:  # 51 concepts: the default threshold
        gettext_export.export_po(reader, tmp_path / "shipped", mo=True)
    _two_processes(monkeypatch)
    engine = make_engine(rich_db)
    try:
        with engine.connect() as connection:
            gettext_export.export_po(Reader(connection, native=False), tmp_path / "sa")
    finally:
        engine.dispose()
    with open_reader("sqlite://") as reader:  # in memory: nothing to open twice
        assert gettext_export._split(reader) is None


# The second process's program, made to fail after writing some entries.
_FAILING_WORKER = """
import sys
sys.path.insert(0, sys.argv[1])
from kzgloss import gettext_export
from kzgloss.errors import DatabaseError

build = gettext_export._Builder.concept_entries
calls = []

def failing(self, *args):
    calls.append(1)
    if len(calls) > 30:
        raise DatabaseError("disk I/O error in the second process")
    return build(self, *args)

gettext_export._BATCH = 10
gettext_export._Builder.concept_entries = failing
gettext_export._worker_main()
"""


def _export_twice(runner, db: str, out: Path, monkeypatch, worker_code: str):
    """A first export in one process, then one whose second process runs ``worker_code``:
    the CLI result; the first export's files must be left as they were."""
    from kzgloss import gettext_export

    _one_process(monkeypatch)
    export(runner, db, out, "--mo", "--date", "2020-01-01")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _two_processes(monkeypatch)
    monkeypatch.setattr(gettext_export, "_WORKER_CODE", worker_code)
    result = runner.invoke(cli, ["export", "po", "--out", str(out), "--db", db, "--mo",
                                 "--date", "2024-01-01"])
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    _no_tmp(out)
    return result


def test_a_failure_in_the_second_process_is_raised_and_leaves_no_tmp(rich_db, tmp_path,
                                                                      monkeypatch, runner):
    from kzgloss.errors import DatabaseError
    from kzgloss.reader import open_reader

    result = _export_twice(runner, rich_db, tmp_path / "cli", monkeypatch, _FAILING_WORKER)
    assert result.exit_code == DatabaseError.exit_code == 4
    assert "disk I/O error in the second process" in result.output
    with open_reader(rich_db) as reader, pytest.raises(DatabaseError) as raised:
        _export_files(reader, tmp_path / "api", ("kk", "kk@latin", "ru"), dt.date(2024, 1, 1))
    assert str(raised.value) == "disk I/O error in the second process"
    assert any("second process" in note for note in raised.value.__notes__)
    _no_tmp(tmp_path)


@pytest.mark.parametrize("code, how", [
    ("import os; os._exit(3)", "status 3"),
    ("import os, signal; os.kill(os.getpid(), signal.SIGKILL)", "signal 9"),
    ("import sys; sys.stdout.buffer.write(b'not a pickle'); sys.exit(0)", "status 0"),
])
def test_a_second_process_that_dies_is_reported(rich_db, tmp_path, monkeypatch, runner,
                                                code, how):
    result = _export_twice(runner, rich_db, tmp_path / "out", monkeypatch, code)
    assert result.exit_code != 0
    assert isinstance(result.exception, RuntimeError)
    assert how in str(result.exception)


def test_a_failure_in_the_first_process_stops_the_second(rich_db, tmp_path, monkeypatch,
                                                         workers):
    from kzgloss import gettext_export
    from kzgloss.reader import open_reader

    build = gettext_export._Builder.concept_entries
    calls = []

    def failing(self, *args):
        calls.append(1)
        if len(calls) > 30:
            raise KeyboardInterrupt
        return build(self, *args)

    monkeypatch.setattr(gettext_export, "_BATCH", 10)
    monkeypatch.setattr(gettext_export._Builder, "concept_entries", failing)
    with open_reader(rich_db) as reader, pytest.raises(KeyboardInterrupt):
        gettext_export.export_po(reader, tmp_path / "out", mo=True)
    assert len(workers) == 1 and workers[0][1].returncode is not None
    _no_tmp(tmp_path)


def test_two_processes_leave_unchanged_files_untouched(rich_db, tmp_path, monkeypatch,
                                                       workers):
    from kzgloss.reader import open_reader

    out = tmp_path / "locales"
    with open_reader(rich_db) as reader:
        _export_twice_unchanged(reader, out)
    assert len(workers) == 2
    _no_tmp(out)


def test_two_processes_split_ids_in_python_order(rich_db, tmp_path, monkeypatch, workers):
    """Concept ids beyond ASCII (accents, Cyrillic, private use, astral): SQLite's order of
    the parts is the order Python sorts the ids in."""
    import sqlite3

    from kzgloss import gettext_export
    from kzgloss.db import sqlite_path
    from kzgloss.reader import open_reader

    copy = tmp_path / "ids.sqlite"
    shutil.copy(sqlite_path(rich_db), copy)
    names = ["é", "ж-1", "Ж", "\ue000x", "\U0001f600", "\uffff", "Z", "a", "~", "ж"]
    with sqlite3.connect(copy) as con:
        con.execute("PRAGMA foreign_keys = OFF")
        old = [row[0] for row in con.execute("SELECT id FROM concept ORDER BY id LIMIT 60")]
        for i, concept_id in enumerate(old):
            new = f"{names[i % len(names)]}{i}"
            con.execute("UPDATE concept SET id = ? WHERE id = ?", (new, concept_id))
            for table in ("term", "citation", "concept_text"):
                con.execute(f"UPDATE {table} SET concept_id = ? WHERE concept_id = ?",
                            (new, concept_id))
    url = f"sqlite:///{copy}"
    on = dt.date(2024, 1, 1)
    with open_reader(url) as reader:
        _one_process(monkeypatch)
        expected = _export_files(reader, tmp_path / "one", ("kk", "kk@latin", "ru"), on)
        for share in (0.05, 0.3, 0.5, 0.7, 0.95):
            _two_processes(monkeypatch)
            monkeypatch.setattr(gettext_export, "_WORKER_SHARE", share)
            got = _export_files(reader, tmp_path / f"two-{share}", ("kk", "kk@latin", "ru"), on)
            assert got == expected, share
    assert len(workers) == 5
