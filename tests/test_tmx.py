"""TMX 1.4b: reading every variant, writing valid files, and round trips through the database."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from kzgloss import tm
from kzgloss.cli import cli
from kzgloss.db import make_engine
from kzgloss.errors import CatalogError
from kzgloss.reader import open_reader
from kzgloss.segments import SegmentRecord, segment_checksum
from kzgloss.tmx import canonical_lang, read_tmx, write_tmx

DATA = Path(__file__).parent / "data" / "tm"
DTD = etree.DTD(str(DATA / "tmx14.dtd"))


def validate(xml: bytes) -> None:
    doc = etree.parse(io.BytesIO(xml), etree.XMLParser(load_dtd=False, no_network=True))
    assert DTD.validate(doc), DTD.error_log.filter_from_errors()


def read(path: Path) -> list[SegmentRecord]:
    with path.open("rb") as fh:
        return list(read_tmx(fh, path=str(path)))


def count_segments(url: str) -> int:
    with open_reader(url) as reader:
        return reader.scalar("SELECT count(*) FROM segment")


def test_sample_file_is_valid_against_the_dtd():
    validate((DATA / "sample.tmx").read_bytes())


def test_every_tuv_of_a_tu_is_kept():
    segments = read(DATA / "sample.tmx")
    password = [s for s in segments if s.source == "Change password"]
    assert [(s.target_lang, s.target) for s in password] == [
        ("ru", "Изменить пароль"), ("kk-Cyrl", "Құпиясөзді өзгерту"), ("kk-Latn", "Qupiasózdi ózgertý")]
    assert {s.source_lang for s in segments} == {"en"}
    # A unit with only its source has no translation to keep.
    assert not any(s.source.startswith("Only the source") for s in segments)


def test_inline_markup_is_kept_as_native_codes():
    by_source = {s.source: s for s in read(DATA / "sample.tmx")}
    assert by_source["Delete selected %(verbose_name_plural)s"].target == (
        "Удалить выбранные %(verbose_name_plural)s")
    assert by_source["Please correct the error below.<b>Now</b>"].target == (
        "Пожалуйста, исправьте ошибку ниже.<b>Сейчас</b>")


def test_provenance_from_props_or_from_the_file():
    by_target = {s.target: s for s in read(DATA / "sample.tmx")}
    deleted = by_target["Удалить выбранные %(verbose_name_plural)s"]
    assert (deleted.file, deleted.line) == ("django/contrib/admin/locale/ru/LC_MESSAGES/django.po", 41)
    changed = by_target["Изменить пароль"]
    assert changed.project == "django"
    assert changed.file == str(DATA / "sample.tmx") and changed.line == 12


@pytest.mark.parametrize("tag, xml_lang", [
    ("kk-Cyrl", "kk"), ("kk", "kk"), ("kk-Latn", "kk-Latn"), ("kk_latn", "kk-Latn"), ("ru", "ru"),
    ("ru-Cyrl", "ru"), ("kk-Arab", "kk-Arab"), ("en", "en"),
])
def test_xml_lang_is_bcp47_without_the_suppressed_script(tag, xml_lang):
    xml = _write([SegmentRecord("Yes", "Иә", "en", tag)])
    validate(xml)
    assert f'<tuv xml:lang="{xml_lang}" '.encode() in xml or f'<tuv xml:lang="{xml_lang}">'.encode() in xml


def test_kazakh_without_a_script_gets_the_script_of_its_text():
    segments = read(DATA / "sample.tmx")
    assert {s.target_lang for s in segments if s.target_lang.startswith("kk")} == {"kk-Cyrl", "kk-Latn"}


@pytest.mark.parametrize("tag, canonical", [
    ("kk", "kk"), ("KK", "kk"), ("kk-Latn", "kk-Latn"), ("kk_latn", "kk-Latn"),
    ("kk@latin", "kk-Latn"), ("kk-Cyrl-KZ", "kk-Cyrl-KZ"), ("ru", "ru"), ("ru_RU", "ru-RU"),
    ("en-us", "en-US"),
])
def test_canonical_lang(tag, canonical):
    assert canonical_lang(tag) == canonical


def _segments() -> list[SegmentRecord]:
    return [
        SegmentRecord("Change password", "Изменить пароль", "en", "ru", project="django",
                      file="admin/ru.po", line=12, flags=("python-format",)),
        SegmentRecord("Change password", "Құпиясөзді өзгерту", "en", "kk-Cyrl", file="admin/kk.po", line=9),
        SegmentRecord("Change password", "Qupiasózdi ózgertý", "en", "kk-Latn"),
        SegmentRecord("%(count)s selected", "Выбран %(count)s", "en", "ru", context="admin",
                      source_plural="%(count)s selected", target_plurals=(
                          "Выбран %(count)s", "Выбрано %(count)s", "Выбрано %(count)s", "Выбрано %(count)s")),
        SegmentRecord("Click <a href=\"{url}\">here</a> & <br/> now", "Нажмите <a href=\"{url}\">здесь</a> & <br/> сейчас",
                      "en", "ru"),
        SegmentRecord("Line one\nline two\r\n\ttabbed  ", "Строка\x0bодна\nдве\r\n\t ", "en", "ru"),
    ]


def _write(segments: list[SegmentRecord]) -> bytes:
    out = io.StringIO()
    write_tmx(out, segments)
    return out.getvalue().encode("utf-8")


def test_written_tmx_is_valid_and_reads_back_to_the_same_segments():
    segments = _segments()
    xml = _write(segments)
    validate(xml)
    back = list(read_tmx(io.BytesIO(xml)))
    assert [segment_checksum(s) for s in back] == [segment_checksum(s) for s in segments]
    assert [(s.project, s.file, s.line, s.flags) for s in back] == [
        (s.project, s.file, s.line, s.flags) for s in segments[:3]] + [
        (None, None, None, ())] * 3
    assert b'xml:lang="kk-Latn"' in xml and b'xml:lang="kk"' in xml and b'xml:lang="ru"' in xml
    assert b"<bpt i=\"1\">&lt;a href=\"{url}\"&gt;</bpt>" in xml and b"<ph>&lt;br/&gt;</ph>" in xml
    assert b"<ph>%(count)s</ph>" in xml


text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(source=text, target=text)
def test_any_text_survives_a_round_trip(source, target):
    seg = SegmentRecord(source, target, "en", "kk-Latn")
    xml = _write([seg])
    validate(xml)
    [back] = list(read_tmx(io.BytesIO(xml)))
    assert (back.source, back.target, back.target_lang) == (source, target, "kk-Latn")


def test_malformed_xml_is_rejected_with_line_and_column():
    with pytest.raises(CatalogError) as err:
        read(DATA / "broken.tmx")
    assert (err.value.line, err.value.column) == (11, 37)
    assert str(err.value).endswith("broken.tmx:11:37: not well-formed XML: not well-formed (invalid token)")


def test_not_a_tmx_file():
    with pytest.raises(CatalogError, match="the root element is <xliff>, not <tmx>"):
        list(read_tmx(io.BytesIO(b"<?xml version='1.0'?>\n<xliff/>")))
    with pytest.raises(CatalogError, match=r":4:.*<tuv> has no xml:lang"):
        list(read_tmx(io.BytesIO(b"<tmx><header srclang='en'/><body><tu>\n<tuv xml:lang='en'><seg>a</seg></tuv>\n\n"
                                 b"<tuv><seg>b</seg></tuv></tu></body></tmx>"), path="x.tmx"))


# ------------------------------------------------------------------------------ CLI

def test_cli_import_export_round_trip(runner, db_url, tmp_path):
    result = runner.invoke(cli, ["import", "tmx", str(DATA / "sample.tmx"), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert count_segments(db_url) == 5
    out = tmp_path / "out.tmx"
    result = runner.invoke(cli, ["export", "tmx", "-o", str(out), "--db", db_url])
    assert result.exit_code == 0, result.output
    validate(out.read_bytes())
    second = f"sqlite:///{tmp_path / 'second.sqlite'}"
    assert runner.invoke(cli, ["import", "tmx", str(out), "--db", second]).exit_code == 0
    with open_reader(db_url) as a, open_reader(second) as b:
        first_segments = [(segment_checksum(s), s.project, s.file, s.line) for s in tm.stored_segments(a)]
        second_segments = [(segment_checksum(s), s.project, s.file, s.line) for s in tm.stored_segments(b)]
    assert first_segments == second_segments
    # Imported segments are searchable at once (the import refreshes the index).
    result = runner.invoke(cli, ["tm", "search", "Change pasword", "--target-lang", "kk-Latn",
                                 "--json", "--db", second])
    assert '"Qupiasózdi ózgertý"' in result.output


def test_cli_export_lang_filter(runner, db_url):
    runner.invoke(cli, ["import", "tmx", str(DATA / "sample.tmx"), "--db", db_url])
    result = runner.invoke(cli, ["export", "tmx", "--lang", "kk", "--db", db_url])
    assert result.exit_code == 0
    xml = result.stdout.encode("utf-8")
    validate(xml)
    assert b'xml:lang="kk"' in xml and b'xml:lang="kk-Latn"' in xml and b'xml:lang="ru"' not in xml


def test_cli_bad_tmx_stores_nothing(runner, db_url):
    engine = make_engine(db_url)
    with engine.begin() as connection:
        tm.store_and_index(connection, [SegmentRecord("Log in", "Войти", "en", "ru")])
    engine.dispose()
    result = runner.invoke(cli, ["import", "tmx", str(DATA / "broken.tmx"), "--db", db_url])
    assert result.exit_code == 3
    assert result.stderr.strip().endswith(
        "broken.tmx:11:37: not well-formed XML: not well-formed (invalid token)")
    # The valid first unit of the broken file was not kept either.
    assert count_segments(db_url) == 1
