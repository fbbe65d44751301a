"""Catalog checks: each msgstr against its msgid, positions inside the .po file."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from kzgloss.checks import CheckOptions, Termbase, check_text, parse_date
from kzgloss.checks.po import read_catalog
from kzgloss.errors import CatalogError
from kzgloss.glossary_files import read_glossary_dir

DATA = Path(__file__).parent / "data" / "check"


@pytest.fixture(scope="module")
def termbase() -> Termbase:
    return Termbase(read_glossary_dir(DATA / "glossary").concepts)


def findings(termbase, name: str, date: str = "2023-01-01", **options):
    text = (DATA / name).read_text(encoding="utf-8")
    return check_text(text, termbase, CheckOptions(date=parse_date(date), **options), path=name)


def test_kazakh_catalog(termbase):
    got = [(f.line, f.column, f.rule, str(f.severity), f.text, f.suggestion)
           for f in findings(termbase, "kk.po")]
    assert got == [
        (10, 9, "KZ101", "warning", "Оралмандар", "Қандастар"),
        (14, 9, "KZ201", "warning", "quota", "квота"),        # Үлес: the term is missing
        (22, 13, "KZ102", "error", "шала қазақ", "орыстілді қазақ"),
        (28, 15, "KZ101", "warning", "оралман", "қандас"),     # msgstr[1]
        (34, 2, "KZ101", "warning", "Оралмандар", "Қандастар"),  # second line of a msgstr
    ]
    # not: "квоталар" counts as the target term (inflected), "Атажұрт" is the house form.


def test_positions_point_into_the_file(termbase):
    lines = (DATA / "kk.po").read_text(encoding="utf-8").split("\n")
    for f in findings(termbase, "kk.po"):
        if f.rule != "KZ201":
            assert lines[f.line - 1][f.column - 1:].startswith(f.text)


def test_russian_catalog_and_entry_date(termbase):
    got = [(f.line, f.rule, f.text, f.suggestion) for f in findings(termbase, "ru.po")]
    # "в Нур-Султане" is right for the entry dated 2020 by its translator comment.
    assert got == [(6, "KZ101", "Оралманы", "Кандасы")]
    late = [(f.rule, f.text) for f in findings(termbase, "ru.po", date="2023-01-01")]
    assert ("KZ103", "Нур-Султане") not in late


def test_missing_term_found_when_msgstr_lacks_the_concept(termbase):
    po = ('msgid ""\nmsgstr "Language: ru\\n"\n\nmsgid "Help for kandases"\n'
          'msgstr "Помощь переселенцам"\n\nmsgid "Help for kandases!"\nmsgstr "Помощь кандасам!"\n')
    got = [(f.line, f.rule, f.suggestion) for f in check_text(po, termbase, path="x.po")]
    assert got == [(5, "KZ201", "кандас")]


def test_lang_option_overrides_header(termbase):
    po = 'msgid "Kandases"\nmsgstr "Оралманы"\n'
    ru = check_text(po, termbase, CheckOptions(lang="ru"), path="x.po")
    assert [f.suggestion for f in ru] == ["Кандасы"]


def test_reader_agrees_with_polib():
    text = (DATA / "kk.po").read_text(encoding="utf-8")
    ours = read_catalog(text, "kk.po")
    theirs = polib.pofile(text)
    pairs = [(e.msgid.text, [m.text for m in e.msgstrs]) for e in ours.entries if e.msgid.text]
    expected = [(e.msgid, [e.msgstr] if not e.msgid_plural else
                 [e.msgstr_plural[k] for k in sorted(e.msgstr_plural)]) for e in theirs]
    assert pairs == expected
    assert ours.headers["language"] == "kk"


@pytest.mark.parametrize(("text", "line", "message"), [
    ('msgid "a"\nmsgstr "b\n', 2, "string without a closing quote"),
    ('msgid "a"\nmsgstr "b" x\n', 2, "text after the closing quote"),
    ('msgid "a"\nmsgstrr "b"\n', 2, "unknown keyword 'msgstrr'"),
    ('msgid "a"\nmsgstr "\\q"\n', 2, "unknown escape"),
])
def test_broken_catalog_names_the_line(text, line, message):
    with pytest.raises(CatalogError) as info:
        read_catalog(text, "bad.po")
    assert info.value.line == line and message in str(info.value)
    assert str(info.value).startswith(f"bad.po:{line}: ")


def test_placeholder_glued_to_a_word_is_not_mixed_script(termbase, tmp_path):
    # Real wagtail ru strings: "%(title)sне" and "%(count)dдругих" are a placeholder and a
    # word; "Cтраницы" with a Latin C is a homoglyph.
    catalog = tmp_path / "django.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, python-format\nmsgid "%(title)s could not be found"\nmsgstr "%(title)sне найдено"\n\n'
        '#, python-format\nmsgid "and %(count)d others"\nmsgstr "и ещё %(count)dдругих"\n\n'
        'msgid "Pages"\nmsgstr "Cтраницы"\n', encoding="utf-8")
    from kzgloss.checks import CheckOptions, check_paths

    result = check_paths([str(catalog)], termbase, CheckOptions())
    assert [(f.rule, f.line, f.text, f.suggestion) for f in result.findings] == [
        ("KZ105", 15, "C", "С")]


def test_missing_term_not_reported_for_kept_term_or_derived_word(termbase):
    # From real catalogs: Django's language list translates "Uyghur" (the language) as
    # "Уйгурский", an adjective of уйгур; a term kept as it is ("Uyghur (Uyghur)") is a choice.
    po = ('msgid ""\nmsgstr "Language: ru\\n"\n\n'
          'msgid "Uyghur"\nmsgstr "Уйгурский"\n\n'
          'msgctxt "x"\nmsgid "Uyghur"\nmsgstr "язык Uyghur"\n\n'
          'msgctxt "y"\nmsgid "Uyghur"\nmsgstr "Турецкий"\n')
    got = [(f.line, f.rule, f.suggestion) for f in check_text(po, termbase, path="x.po")]
    assert got == [(13, "KZ201", "уйгур")]
